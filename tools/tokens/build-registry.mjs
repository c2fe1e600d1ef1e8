#!/usr/bin/env node
// Perimeter token registry builder.
//
// Re-run (deterministic; same inputs give a byte-identical data/tokens/tokens.csv):
//
//   cd tools/tokens && npm ci && node build-registry.mjs
//
// Inputs (all read locally; nothing is fetched at run time):
//   1. @bgd-labs/aave-address-book  (node_modules, version pinned in package.json)
//        - dist/AaveV2*.js / dist/AaveV3*.js  ASSETS: UNDERLYING, A_TOKEN, V_TOKEN, STATIC_A_TOKEN, STATA_TOKEN
//        - tokenlist.json                      names / symbols / decimals for underlyings, aTokens, stata tokens
//   2. data/tokens/curated.csv      hand-curated rows, each with its own source (URL or repo@commit:path)
//      data/tokens/curated-*.csv    more curated rows: bridge-list extractions (extract-bridge-lists.mjs) and sourced families (LST/LRT, Yearn, Curve, Convex, Morpho, Pendle, Multichain; see data/tokens/README.md)
//                                   (same header, same priority as curated.csv; committed, so npm ci is enough)
//   3. @uniswap/default-token-list  build/uniswap-default.tokenlist.json (incl. extensions.bridgeInfo)
//   4. @metamask/contract-metadata  contract-map.json (Ethereum mainnet only; ERC-721 entries are skipped)
//
// Output: data/tokens/tokens.csv (one row per (chain,address), sorted by chain then address).
// When several inputs carry the same (chain,address) the row of the highest-priority input is kept
// (aave-address-book > curated > uniswap > metamask); empty fields of that row are filled from the
// lower-priority rows (and a 'plain' kind is replaced by a more specific one, except that once a curated row
// has been applied, kind / bridge / origin are no longer changed); all sources are joined with " | ".
//
// Rows for which no input states decimals are left out and listed on stdout.
// Validate the output with: node validate-registry.mjs
//
// No address, symbol or decimals value is written in this file: every token value comes from the inputs.
// The only hand-written knowledge here is classification (kind / protocol by symbol or name pattern),
// the chain-id map, and protocol slugs.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const OUT_DIR = path.join(ROOT, 'data', 'tokens');
const CURATED = path.join(OUT_DIR, 'curated.csv');
const OUT = path.join(OUT_DIR, 'tokens.csv');
const PROTOCOLS = path.join(OUT_DIR, 'protocols.csv');

export const HEADER = ['chain', 'address', 'symbol', 'name', 'decimals', 'kind', 'protocol',
  'underlying_address', 'bridge', 'origin_chain', 'origin_address', 'source'];

export const CHAINS = { 1: 'ethereum', 42161: 'arbitrum', 10: 'optimism', 8453: 'base', 137: 'polygon', 56: 'bsc', 43114: 'avalanche' };
const CHAIN_ORDER = ['ethereum', 'arbitrum', 'optimism', 'base', 'polygon', 'bsc', 'avalanche'];
export const KINDS = new Set(['plain', 'receipt', 'debt', 'lp', 'bridged', 'wrapped', 'lst', 'lrt']);
const PRIORITY = { aave: 0, curated: 1, uniswap: 2, metamask: 3 };

// ---------------------------------------------------------------- helpers
const pkgDir = (name) => path.join(HERE, 'node_modules', ...name.split('/'));
const pkgVersion = (name) => JSON.parse(fs.readFileSync(path.join(pkgDir(name), 'package.json'), 'utf8')).version;
const isAddr = (a) => typeof a === 'string' && /^0x[0-9a-fA-F]{40}$/.test(a);
const lc = (a) => (a || '').toLowerCase();
export const slug = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');

function csvField(v) {
  const s = v === undefined || v === null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
// Minimal RFC-4180 parser (quoted fields, doubled quotes, CRLF tolerated).
export function parseCsv(text) {
  const rows = []; let row = []; let f = ''; let q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"') { if (text[i + 1] === '"') { f += '"'; i++; } else q = false; } else f += c;
    } else if (c === '"') q = true;
    else if (c === ',') { row.push(f); f = ''; }
    else if (c === '\n') { row.push(f); rows.push(row); row = []; f = ''; }
    else if (c !== '\r') f += c;
  }
  if (f !== '' || row.length) { row.push(f); rows.push(row); }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}
const clean = (s) => (s === undefined || s === null ? '' : String(s).replace(/[\r\n]+/g, ' ').trim());

// ---------------------------------------------------------------- classification
// kind / protocol by exact symbol (as the source spells it). Classification only; no token data.
const SYMBOL_CLASS = {
  // wrapped native / custodial wrappers
  WETH: ['wrapped', ''], WBTC: ['wrapped', ''], WAVAX: ['wrapped', ''], WBNB: ['wrapped', ''],
  WMATIC: ['wrapped', ''], WPOL: ['wrapped', ''], cbBTC: ['wrapped', 'coinbase'], tBTC: ['wrapped', 'threshold-network'],
  KBTC: ['wrapped', 'kraken'], 'BTC.b': ['wrapped', ''], 'WETH.e': ['wrapped', ''], 'WBTC.e': ['wrapped', ''],
  // liquid staking
  stETH: ['lst', 'lido'], wstETH: ['lst', 'lido'], stMATIC: ['lst', 'lido'],
  rETH: ['lst', 'rocket-pool'], cbETH: ['lst', 'coinbase'],
  sfrxETH: ['lst', 'frax'], frxETH: ['lst', 'frax'], swETH: ['lst', 'swell'], mETH: ['lst', 'mantle'],
  osETH: ['lst', 'stakewise'], ETHx: ['lst', 'stader'], MaticX: ['lst', 'stader'], BNBx: ['lst', 'stader'],
  ankrETH: ['lst', 'ankr'], ankrBNB: ['lst', 'ankr'], LsETH: ['lst', 'liquid-collective'], LSETH: ['lst', 'liquid-collective'],
  OETH: ['lst', 'origin-protocol'], sAVAX: ['lst', 'benqi'], ggAVAX: ['lst', 'gogopool'], slisBNB: ['lst', 'lista-dao'],
  wBETH: ['lst', 'binance'],
  // liquid restaking
  weETH: ['lrt', 'ether-fi'], eETH: ['lrt', 'ether-fi'], weETHs: ['lrt', 'ether-fi'],
  rsETH: ['lrt', 'kelpdao'], wrsETH: ['lrt', 'kelpdao'], ezETH: ['lrt', 'renzo'], pzETH: ['lrt', 'renzo'],
  pufETH: ['lrt', 'puffer'], rswETH: ['lrt', 'swell'],
  // governance / protocol tokens (kind plain, protocol set so incident joins work)
  AAVE: ['plain', 'aave'], GHO: ['plain', 'aave'], crvUSD: ['plain', 'curve'], COMP: ['plain', 'compound'], CRV: ['plain', 'curve'], CVX: ['plain', 'convex'],
  LDO: ['plain', 'lido'], RPL: ['plain', 'rocket-pool'], ETHFI: ['plain', 'ether-fi'], REZ: ['plain', 'renzo'],
  YFI: ['plain', 'yearnfinance'], MORPHO: ['plain', 'morphoblue'], PENDLE: ['plain', 'pendle'], UNI: ['plain', 'uniswap'],
  MULTI: ['plain', 'multichain'], BAL: ['plain', 'balancer'], SUSHI: ['plain', 'sushiswap'],
};

// Name / symbol patterns (applied when no exact symbol rule matched).
const PATTERNS = [
  { test: (s, n) => /^PT[-_]/.test(s), kind: 'receipt', protocol: 'pendle' },
  { test: (s, n) => /^(YT|SY)[-_]/.test(s), kind: 'receipt', protocol: 'pendle' },
  { test: (s, n) => /^c[A-Z0-9]/.test(s) && /^Compound /.test(n) && s !== 'cbETH', kind: 'receipt', protocol: 'compound' },
  { test: (s, n) => /^a[A-Z0-9]/.test(s) && /^Aave /.test(n), kind: 'receipt', protocol: 'aave' },
  { test: (s, n) => /^Curve\.fi( |$)/.test(n), kind: 'lp', protocol: 'curve' },
  { test: (s, n) => /^UNI-V[23]$/.test(s) || /^Uniswap V[23]/.test(n), kind: 'lp', protocol: 'uniswap' },
  { test: (s, n) => /^yv/.test(s) && /yearn|vault/i.test(n), kind: 'receipt', protocol: 'yearnfinance' },
  { test: (s, n) => /^PoolTogether /.test(n), kind: 'receipt', protocol: 'pooltogether' },
  { test: (s, n) => /iToken/.test(n) && /^Fulcrum /.test(n), kind: 'receipt', protocol: 'bzx' },
  { test: (s, n) => /^Coinbase Wrapped /.test(n), kind: 'wrapped', protocol: 'coinbase' },
  { test: (s, n) => /Wormhole/i.test(n), kind: 'wrapped', protocol: 'wormhole', bridge: 'wormhole' },
  { test: (s, n) => /^Wrapped /.test(n) && /^W/.test(s), kind: 'wrapped', protocol: '' },
];

export function classify(symbol, name) {
  if (/stafi/i.test(name || '')) return { kind: /^r[A-Z]/.test(symbol || '') ? 'lst' : 'plain', protocol: 'stafi', bridge: '' };
  const hit = Object.prototype.hasOwnProperty.call(SYMBOL_CLASS, symbol) ? SYMBOL_CLASS[symbol] : null;
  if (hit) return { kind: hit[0], protocol: hit[1], bridge: '' };
  for (const p of PATTERNS) if (p.test(symbol || '', name || '')) return { kind: p.kind, protocol: p.protocol, bridge: p.bridge || '' };
  return { kind: 'plain', protocol: '', bridge: '' };
}

function mkRow(o) {
  return {
    chain: o.chain, address: lc(o.address), symbol: clean(o.symbol), name: clean(o.name),
    decimals: o.decimals === undefined || o.decimals === null ? '' : String(o.decimals),
    kind: o.kind || 'plain', protocol: o.protocol || '', underlying_address: lc(o.underlying_address),
    bridge: o.bridge || '', origin_chain: o.origin_chain || '', origin_address: lc(o.origin_address),
    source: o.source, _prio: o._prio,
  };
}

// ---------------------------------------------------------------- 1. Aave address book
function loadAave() {
  const NAME = '@bgd-labs/aave-address-book';
  const dir = pkgDir(NAME); const ver = pkgVersion(NAME);
  const tl = JSON.parse(fs.readFileSync(path.join(dir, 'tokenlist.json'), 'utf8'));
  const meta = new Map(); // chainId:addr -> token list entry
  for (const t of tl.tokens) meta.set(`${t.chainId}:${lc(t.address)}`, t);
  const rows = [];
  const markets = fs.readdirSync(path.join(dir, 'dist'))
    .filter((f) => /^AaveV[23][A-Za-z]*\.js$/.test(f)).sort();
  const seen = new Set();
  for (const f of markets) {
    const mod = require(path.join(dir, 'dist', f));
    const chain = CHAINS[mod.CHAIN_ID];
    if (!chain || !mod.ASSETS) continue; // other chains and testnets are dropped
    const market = f.replace(/\.js$/, '');
    const version = market.startsWith('AaveV2') ? 'v2' : 'v3';
    for (const key of Object.keys(mod.ASSETS).sort()) {
      const a = mod.ASSETS[key];
      const src = `npm:${NAME}@${ver}:dist/${f}#ASSETS.${key}`;
      const tlSrc = `npm:${NAME}@${ver}:tokenlist.json`;
      const add = (field, role) => {
        const addr = a[field];
        if (!isAddr(addr)) return;
        const id = `${chain}:${lc(addr)}`;
        const m = meta.get(`${mod.CHAIN_ID}:${lc(addr)}`);
        let row;
        if (role === 'underlying') {
          const u = meta.get(`${mod.CHAIN_ID}:${lc(addr)}`);
          const c = classify(u ? u.symbol : key, u ? u.name : '');
          row = { chain, address: addr, symbol: u ? u.symbol : '', name: u ? u.name : '',
            decimals: u ? u.decimals : a.decimals, ...c };
          if (!u) row.name = `${key} (Aave ${market} reserve; label from address-book key)`;
        } else if (role === 'debt') {
          row = { chain, address: addr, symbol: '', name: `Aave ${version} ${market.replace(/^AaveV[23]/, '')} variable debt ${key} (label derived from address-book key)`,
            decimals: a.decimals, kind: 'debt', protocol: 'aave', underlying_address: a.UNDERLYING };
        } else if (role === 'atoken') {
          row = { chain, address: addr, symbol: m ? m.symbol : '', name: m ? m.name : `Aave ${version} ${market.replace(/^AaveV[23]/, '')} aToken ${key} (label derived from address-book key)`,
            decimals: m ? m.decimals : a.decimals, kind: 'receipt', protocol: 'aave', underlying_address: a.UNDERLYING };
        } else { // static / stata wrappers of aTokens: ERC-4626 shares over the aToken
          row = { chain, address: addr, symbol: m ? m.symbol : '', name: m ? m.name : `Aave ${market.replace(/^AaveV[23]/, '')} static aToken ${key} (label derived from address-book key)`,
            decimals: m ? m.decimals : a.decimals, kind: 'receipt', protocol: 'aave', underlying_address: a.A_TOKEN };
        }
        row.source = m ? `${src}.${field} ; ${tlSrc}` : `${src}.${field}`;
        row._prio = PRIORITY.aave;
        if (seen.has(id + '|' + row.source)) return; seen.add(id + '|' + row.source);
        rows.push(mkRow(row));
      };
      add('UNDERLYING', 'underlying');
      add('A_TOKEN', 'atoken');
      add('V_TOKEN', 'debt');
      add('S_TOKEN', 'debt');
      add('STATIC_A_TOKEN', 'stata');
      add('STATA_TOKEN', 'stata');
    }
  }
  // Tokens of the Aave token list that the market modules do not reach (e.g. Umbrella stake tokens).
  const have = new Set(rows.map((r) => `${r.chain}:${r.address}`));
  for (const t of tl.tokens) {
    const chain = CHAINS[t.chainId]; if (!chain || !isAddr(t.address)) continue;
    if (have.has(`${chain}:${lc(t.address)}`)) continue;
    const tags = t.tags || [];
    const ext = t.extensions || {};
    let c;
    if (tags.includes('uStkToken')) c = { kind: 'receipt', protocol: 'aave', underlying_address: ext.underlying };
    else if (tags.some((x) => /^aToken|staticAT|stataToken/.test(x))) c = { kind: 'receipt', protocol: 'aave', underlying_address: ext.underlying };
    else c = classify(t.symbol, t.name);
    rows.push(mkRow({ chain, address: t.address, symbol: t.symbol, name: t.name, decimals: t.decimals, ...c,
      source: `npm:${NAME}@${ver}:tokenlist.json`, _prio: PRIORITY.aave }));
  }
  return { rows, ver, count: rows.length };
}

// ---------------------------------------------------------------- 2. curated
function loadCurated() {
  // curated.csv and curated-*.csv (hand-curated or extracted rows, each with its source; see data/tokens/README.md)
  const files = fs.existsSync(OUT_DIR) ? fs.readdirSync(OUT_DIR).filter((f) => f === 'curated.csv' || /^curated-.*\.csv$/.test(f)).sort() : [];
  const rows = [];
  for (const f of files) {
    const recs = parseCsv(fs.readFileSync(path.join(OUT_DIR, f), 'utf8'));
    const head = recs.shift();
    if (head.join(',') !== HEADER.join(',')) throw new Error(`${f} header must be: ${HEADER.join(',')}`);
    for (const r of recs) {
      if (r.length !== HEADER.length) throw new Error(`${f}: bad row (${r.length} fields): ${r.join(',')}`);
      const o = Object.fromEntries(HEADER.map((h, i) => [h, r[i].trim()]));
      if (!o.source) throw new Error(`${f}: row without source: ${r.join(',')}`);
      rows.push(mkRow({ ...o, _prio: PRIORITY.curated }));
    }
  }
  return { rows, files };
}

// ---------------------------------------------------------------- 3. Uniswap default list
function loadUniswap() {
  const NAME = '@uniswap/default-token-list';
  const ver = pkgVersion(NAME);
  const tl = JSON.parse(fs.readFileSync(path.join(pkgDir(NAME), 'build', 'uniswap-default.tokenlist.json'), 'utf8'));
  const src = `npm:${NAME}@${ver}:build/uniswap-default.tokenlist.json`;
  const rows = []; const unlisted = [];
  const listed = new Set(tl.tokens.map((t) => `${t.chainId}:${lc(t.address)}`));
  for (const t of tl.tokens) {
    const chain = CHAINS[t.chainId]; if (!chain || !isAddr(t.address)) continue;
    const c = classify(t.symbol, t.name);
    const bi = (t.extensions && t.extensions.bridgeInfo) || {};
    const row = { chain, address: t.address, symbol: t.symbol, name: t.name, decimals: t.decimals, ...c, source: src, _prio: PRIORITY.uniswap };
    if (t.chainId !== 1 && bi['1'] && isAddr(bi['1'].tokenAddress)) {
      // An L2/sidechain representation linked to its Ethereum token. The list does not say which bridge.
      row.kind = 'bridged'; row.origin_chain = 'ethereum'; row.origin_address = bi['1'].tokenAddress;
      row.source = `${src}#extensions.bridgeInfo`;
    }
    rows.push(mkRow(row));
    if (t.chainId === 1) for (const [cid, v] of Object.entries(bi)) {
      if (CHAINS[cid] && v && isAddr(v.tokenAddress) && !listed.has(`${cid}:${lc(v.tokenAddress)}`)) unlisted.push(`${CHAINS[cid]}:${lc(v.tokenAddress)}`);
    }
  }
  return { rows, ver, unlisted };
}

// ---------------------------------------------------------------- 4. MetaMask contract metadata
function loadMetamask() {
  const NAME = '@metamask/contract-metadata';
  const ver = pkgVersion(NAME);
  const map = JSON.parse(fs.readFileSync(path.join(pkgDir(NAME), 'contract-map.json'), 'utf8'));
  const src = `npm:${NAME}@${ver}:contract-map.json`;
  const rows = []; let skipped = 0;
  for (const addr of Object.keys(map)) {
    const v = map[addr];
    if (!v.erc20 || !isAddr(addr) || !Number.isInteger(v.decimals)) { skipped++; continue; }
    rows.push(mkRow({ chain: 'ethereum', address: addr, symbol: v.symbol, name: v.name, decimals: v.decimals,
      ...classify(v.symbol, v.name), source: src, _prio: PRIORITY.metamask }));
  }
  return { rows, ver, skipped };
}

// ---------------------------------------------------------------- merge
function merge(all) {
  const by = new Map();
  for (const r of all) {
    const k = `${r.chain}:${r.address}`;
    if (!by.has(k)) by.set(k, []);
    by.get(k).push(r);
  }
  const out = [];
  for (const list of by.values()) {
    list.sort((a, b) => a._prio - b._prio);
    const top = { ...list[0] };
    const sources = [];
    let locked = top._prio === PRIORITY.curated;
    for (const r of list) {
      for (const s of r.source.split(' | ')) if (!sources.includes(s)) sources.push(s);
      if (r === list[0]) continue;
      // Curated rows are authoritative for kind / bridge / origin: once the top row or a curated row has been
      // applied, lower-priority rows (e.g. a Uniswap bridgeInfo link on a natively issued token) no longer
      // change them. symbol / name / decimals / protocol / underlying are filled whenever empty.
      for (const f of ['symbol', 'name', 'decimals', 'protocol', 'underlying_address']) if (top[f] === '' && r[f] !== '') top[f] = r[f];
      if (!locked) {
        for (const f of ['bridge', 'origin_chain', 'origin_address']) if (top[f] === '' && r[f] !== '') top[f] = r[f];
        if (top.kind === 'plain' && r.kind !== 'plain') top.kind = r.kind;
      }
      if (r._prio === PRIORITY.curated) locked = true;
    }
    // a bridged row that got its kind from a lower-priority source keeps the origin it came with
    if (top.kind === 'bridged' && (!top.origin_chain || !top.origin_address)) {
      const b = list.find((r) => r.kind === 'bridged' && r.origin_chain && r.origin_address);
      if (b) { top.origin_chain = b.origin_chain; top.origin_address = b.origin_address; } else top.kind = 'plain';
    }
    top.source = sources.join(' | ');
    out.push(top);
  }
  out.sort((a, b) => (CHAIN_ORDER.indexOf(a.chain) - CHAIN_ORDER.indexOf(b.chain)) || (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  return out;
}

// ---------------------------------------------------------------- validate + write
export function validate(rows, protocolSlugs) {
  const errs = []; const seen = new Set();
  for (const r of rows) {
    const id = `${r.chain}:${r.address}`;
    if (seen.has(id)) errs.push(`duplicate ${id}`); seen.add(id);
    if (!CHAIN_ORDER.includes(r.chain)) errs.push(`${id}: bad chain`);
    if (!/^0x[0-9a-f]{40}$/.test(r.address)) errs.push(`${id}: bad address`);
    if (!/^\d+$/.test(r.decimals) || +r.decimals > 36) errs.push(`${id}: bad decimals '${r.decimals}'`);
    if (!KINDS.has(r.kind)) errs.push(`${id}: bad kind '${r.kind}'`);
    if (r.kind === 'bridged' && (!r.origin_chain || !r.origin_address)) errs.push(`${id}: bridged without origin`);
    for (const f of ['underlying_address', 'origin_address']) if (r[f] && !/^0x[0-9a-f]{40}$/.test(r[f])) errs.push(`${id}: bad ${f}`);
    if (r.protocol && protocolSlugs && !protocolSlugs.has(r.protocol)) errs.push(`${id}: protocol '${r.protocol}' not in protocols.csv`);
    if (r.bridge && protocolSlugs && !protocolSlugs.has(r.bridge)) errs.push(`${id}: bridge '${r.bridge}' not in protocols.csv`);
    if (!r.source) errs.push(`${id}: no source`);
  }
  return errs;
}

function main() {
  const aave = loadAave(); const cur = loadCurated(); const uni = loadUniswap(); const mm = loadMetamask();
  const merged = merge([...aave.rows, ...cur.rows, ...uni.rows, ...mm.rows]);
  // A row is only written when some source states its decimals; the others are reported and left out.
  const rows = merged.filter((r) => /^\d+$/.test(r.decimals));
  const noDecimals = merged.filter((r) => !/^\d+$/.test(r.decimals));
  let slugs = null;
  if (fs.existsSync(PROTOCOLS)) {
    const p = parseCsv(fs.readFileSync(PROTOCOLS, 'utf8')); p.shift();
    slugs = new Set(p.map((r) => r[0]));
  }
  const errs = validate(rows, slugs);
  if (errs.length) { console.error(errs.slice(0, 50).join('\n')); console.error(`${errs.length} validation errors`); process.exit(1); }
  const text = [HEADER.join(','), ...rows.map((r) => HEADER.map((h) => csvField(r[h])).join(','))].join('\n') + '\n';
  fs.mkdirSync(OUT_DIR, { recursive: true });
  fs.writeFileSync(OUT, text);
  const byChain = {}; const byKind = {};
  for (const r of rows) { byChain[r.chain] = (byChain[r.chain] || 0) + 1; byKind[r.kind] = (byKind[r.kind] || 0) + 1; }
  console.log(`inputs: aave-address-book@${aave.ver} ${aave.rows.length} rows, curated ${cur.rows.length} (${cur.files.join(', ')}), uniswap@${uni.ver} ${uni.rows.length}, metamask@${mm.ver} ${mm.rows.length} (skipped ${mm.skipped} non-ERC-20)`);
  console.log(`uniswap bridgeInfo targets on the 7 chains without their own list entry (not added, decimals unknown): ${new Set(uni.unlisted).size}`);
  console.log(`wrote ${path.relative(ROOT, OUT)}: ${rows.length} rows`);
  if (noDecimals.length) console.log(`left out (no source states decimals): ${noDecimals.map((r) => `${r.chain}:${r.address} ${r.symbol}`).join('; ')}`);
  console.log('by chain:', JSON.stringify(byChain));
  console.log('by kind:', JSON.stringify(byKind));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
