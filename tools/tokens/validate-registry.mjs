#!/usr/bin/env node
// Checks data/tokens/tokens.csv and prints counts per chain and per kind.
//   cd tools/tokens && node validate-registry.mjs      (exit 1 on any problem)
// Checks: header, unique (chain,address), 42-char lowercase hex addresses, decimals integer 0..36,
// kind in the allowed set, bridged rows have origin_chain + origin_address, protocol and bridge slugs
// present in protocols.csv, non-empty source, chain in the 7-chain set, sorted by chain then address.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsv, HEADER, KINDS, CHAINS } from './build-registry.mjs';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'tokens');
const recs = parseCsv(fs.readFileSync(path.join(DIR, 'tokens.csv'), 'utf8'));
const head = recs.shift();
const errs = [];
if (head.join(',') !== HEADER.join(',')) errs.push(`bad header: ${head.join(',')}`);
const prot = parseCsv(fs.readFileSync(path.join(DIR, 'protocols.csv'), 'utf8'));
if (prot.shift().join(',') !== 'slug,name,category,source') errs.push('bad protocols.csv header');
const slugs = new Set(prot.map((r) => r[0]));
for (const r of prot) {
  const want = r[1].toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (!r[3]) errs.push(`protocols.csv ${r[0]}: no source`);
  if (want !== r[0] && !/canonical-bridge|pos-bridge|cctp|layerzero|multichain$/.test(r[0])) errs.push(`protocols.csv: slug ${r[0]} is not the slug of '${r[1]}' (${want})`);
}
const chains = Object.values(CHAINS);
const order = ['ethereum', 'arbitrum', 'optimism', 'base', 'polygon', 'bsc', 'avalanche'];
const seen = new Set(); const byChain = {}; const byKind = {}; const byChainKind = {};
let prev = null;
for (const v of recs) {
  if (v.length !== HEADER.length) { errs.push(`bad field count: ${v.join(',')}`); continue; }
  const r = Object.fromEntries(HEADER.map((h, i) => [h, v[i]]));
  const id = `${r.chain}:${r.address}`;
  if (seen.has(id)) errs.push(`duplicate ${id}`); seen.add(id);
  if (!chains.includes(r.chain)) errs.push(`${id}: chain not allowed`);
  if (!/^0x[0-9a-f]{40}$/.test(r.address)) errs.push(`${id}: address not 42-char lowercase hex`);
  if (!/^\d+$/.test(r.decimals) || +r.decimals > 36) errs.push(`${id}: decimals '${r.decimals}'`);
  if (!KINDS.has(r.kind)) errs.push(`${id}: kind '${r.kind}'`);
  if (r.kind === 'bridged' && !(r.origin_chain && r.origin_address)) errs.push(`${id}: bridged without origin_chain+origin_address`);
  for (const f of ['underlying_address', 'origin_address']) if (r[f] && !/^0x[0-9a-f]{40}$/.test(r[f])) errs.push(`${id}: ${f} '${r[f]}'`);
  if (r.protocol && !slugs.has(r.protocol)) errs.push(`${id}: protocol '${r.protocol}' missing from protocols.csv`);
  if (r.bridge && !slugs.has(r.bridge)) errs.push(`${id}: bridge '${r.bridge}' missing from protocols.csv`);
  if (!r.source.trim()) errs.push(`${id}: empty source`);
  const key = [order.indexOf(r.chain), r.address];
  if (prev && (key[0] < prev[0] || (key[0] === prev[0] && key[1] < prev[1]))) errs.push(`${id}: not sorted`);
  prev = key;
  byChain[r.chain] = (byChain[r.chain] || 0) + 1;
  byKind[r.kind] = (byKind[r.kind] || 0) + 1;
  byChainKind[`${r.chain}/${r.kind}`] = (byChainKind[`${r.chain}/${r.kind}`] || 0) + 1;
}
console.log(`rows: ${recs.length}`);
console.log('per chain:', JSON.stringify(byChain));
console.log('per kind: ', JSON.stringify(byKind));
if (process.argv.includes('--matrix')) {
  const kinds = [...KINDS];
  console.log(['chain', ...kinds, 'total'].join('\t'));
  for (const c of order) console.log([c, ...kinds.map((k) => byChainKind[`${c}/${k}`] || 0), byChain[c] || 0].join('\t'));
}
if (errs.length) { console.error(errs.slice(0, 40).join('\n')); console.error(`${errs.length} problems`); process.exit(1); }
console.log('OK: all checks passed');
