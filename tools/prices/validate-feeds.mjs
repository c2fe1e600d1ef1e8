#!/usr/bin/env node
// Re-run:  cd tools/prices && node validate-feeds.mjs            (format checks only, no install needed)
//          cd tools/prices && npm ci && node validate-feeds.mjs  (also re-resolves every `source` in the address book)
//
// Checks data/prices/feeds.csv:
//   - header is exactly `chain,asset,feed,feed_decimals,denomination,market,source,heartbeat_seconds`
//   - heartbeat_seconds is empty (the app's 25 h default) or a positive whole number of seconds
//   - chain is one of the in-scope chain slugs; (chain, asset) is unique
//   - asset and feed are lowercase 0x + 40 hex, feed is not the zero address
//   - feed_decimals = 8, denomination = USD, market is an Aave v3 market (never v2)
//   - source = npm:@bgd-labs/aave-address-book@4.44.22:dist/<market>.mjs#ASSETS.<SYMBOL>.ORACLE
//     and names the same market as the `market` column
//   - rows are sorted by chain (ethereum, arbitrum, optimism, base, polygon, bsc, avalanche) then asset
//   - if the pinned address book is installed: each source resolves to exactly
//     that feed, the asset equals ASSETS.<SYMBOL>.UNDERLYING, and CHAIN_ID matches
// Prints row counts per chain. Exits non-zero on any failure.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const CSV = join(HERE, '..', '..', 'data', 'prices', 'feeds.csv');
const HEADER = 'chain,asset,feed,feed_decimals,denomination,market,source,heartbeat_seconds';
// chain slug -> EVM chain id; same slugs and order as data/tokens/tokens.csv
const CHAIN_IDS = { ethereum: 1, arbitrum: 42161, optimism: 10, base: 8453, polygon: 137, bsc: 56, avalanche: 43114 };
const CHAINS = Object.keys(CHAIN_IDS);
const PIN = '@bgd-labs/aave-address-book@4.44.22';
const ADDR = /^0x[0-9a-f]{40}$/;
const SOURCE = /^npm:@bgd-labs\/aave-address-book@4\.44\.22:dist\/(AaveV3\w+)\.mjs#ASSETS\.(\w+)\.ORACLE$/;

const errors = [];
const text = readFileSync(CSV, 'utf8');
if (text.includes('\r')) errors.push('file contains CR characters (expected LF line endings)');
if (!text.endsWith('\n')) errors.push('file does not end with a newline');
const lines = text.split('\n');
if (lines.at(-1) === '') lines.pop();
if (lines[0] !== HEADER) errors.push(`header is "${lines[0]}", expected "${HEADER}"`);

const rows = [];
const seen = new Set();
for (let i = 1; i < lines.length; i++) {
  const at = `line ${i + 1}`;
  const cols = lines[i].split(',');
  if (cols.length !== 8) {
    errors.push(`${at}: ${cols.length} columns, expected 8`);
    continue;
  }
  const [chain, asset, feed, dec, denom, market, source, heartbeat] = cols;
  if (heartbeat !== '' && !/^[1-9][0-9]{0,9}$/.test(heartbeat)) errors.push(`${at}: heartbeat_seconds "${heartbeat}" is not empty or a positive whole number`);
  if (!CHAINS.includes(chain)) errors.push(`${at}: chain ${chain} not in scope`);
  if (!ADDR.test(asset)) errors.push(`${at}: asset "${asset}" is not a lowercase 0x40-hex address`);
  if (!ADDR.test(feed)) errors.push(`${at}: feed "${feed}" is not a lowercase 0x40-hex address`);
  if (/^0x0{40}$/.test(feed)) errors.push(`${at}: feed is the zero address`);
  if (dec !== '8') errors.push(`${at}: feed_decimals ${dec}, expected 8`);
  if (denom !== 'USD') errors.push(`${at}: denomination ${denom}, expected USD`);
  if (!/^AaveV3\w+$/.test(market)) errors.push(`${at}: market ${market} is not an Aave v3 market`);
  const m = source.match(SOURCE);
  if (!m) errors.push(`${at}: source "${source}" does not match npm:${PIN}:dist/<market>.mjs#ASSETS.<SYMBOL>.ORACLE`);
  else if (m[1] !== market) errors.push(`${at}: source names market ${m[1]} but market column is ${market}`);
  const key = `${chain}|${asset}`;
  if (seen.has(key)) errors.push(`${at}: duplicate (chain, asset) ${chain} ${asset}`);
  seen.add(key);
  rows.push({ at, chain, asset, feed, market, symbol: m?.[2] });
}

for (let i = 1; i < rows.length; i++) {
  const a = rows[i - 1];
  const b = rows[i];
  const order =
    CHAINS.indexOf(a.chain) - CHAINS.indexOf(b.chain) || (a.asset < b.asset ? -1 : a.asset > b.asset ? 1 : 0);
  if (order > 0) errors.push(`${b.at}: not sorted by chain then asset`);
}

// Optional deep check against the pinned package, if installed.
let deep = 'skipped (address book not installed; run npm ci for the deep check)';
try {
  const book = await import('@bgd-labs/aave-address-book');
  let checked = 0;
  for (const r of rows) {
    const mod = book[r.market];
    const entry = mod?.ASSETS?.[r.symbol];
    if (!entry) {
      errors.push(`${r.at}: ${r.market}.ASSETS.${r.symbol} not found in the installed address book`);
      continue;
    }
    if (mod.CHAIN_ID !== CHAIN_IDS[r.chain]) errors.push(`${r.at}: ${r.market}.CHAIN_ID is ${mod.CHAIN_ID}, row says ${r.chain}`);
    if (entry.ORACLE.toLowerCase() !== r.feed) errors.push(`${r.at}: source resolves to ${entry.ORACLE}, row has ${r.feed}`);
    if (entry.UNDERLYING.toLowerCase() !== r.asset) errors.push(`${r.at}: UNDERLYING is ${entry.UNDERLYING}, row has ${r.asset}`);
    checked++;
  }
  deep = `${checked}/${rows.length} sources re-resolved in the installed address book`;
} catch (e) {
  if (e?.code !== 'ERR_MODULE_NOT_FOUND') throw e;
}

const perChain = Object.fromEntries(CHAINS.map((c) => [c, 0]));
for (const r of rows) perChain[r.chain]++;
console.log(`data/prices/feeds.csv: ${rows.length} rows`);
for (const c of CHAINS) console.log(`  ${c} (${CHAIN_IDS[c]}): ${perChain[c]}`);
console.log(`deep check: ${deep}`);
if (errors.length) {
  for (const e of errors) console.error(`ERROR ${e}`);
  console.error(`${errors.length} error(s)`);
  process.exit(1);
}
console.log('OK');
