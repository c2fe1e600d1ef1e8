#!/usr/bin/env node
// Re-run:  cd tools/prices && npm ci && node build-feeds.mjs && node validate-feeds.mjs
//
// Builds data/prices/feeds.csv: for every Aave v3 reserve on the chains below,
// the price source ("ORACLE") that the market's AaveOracle uses for it, taken
// verbatim from the npm package @bgd-labs/aave-address-book at exactly the
// version pinned in package.json / package-lock.json. No address is typed in
// this file; every row points back to the exported value it was read from.
//
// Only dependency: @bgd-labs/aave-address-book (pinned, exact version).
// Output is deterministic: rows sorted by chain (order below), then asset.

import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import * as AddressBook from '@bgd-labs/aave-address-book';

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT = join(HERE, '..', '..', 'data', 'prices', 'feeds.csv');
const PKG = '@bgd-labs/aave-address-book';
const PINNED = '4.44.22';

// Chains in scope, keyed by the chain slug used across this repo
// (data/tokens/tokens.csv, src/main/java/dev/perimeter/util/Chains.java), in the
// same order as tools/tokens/build-registry.mjs CHAIN_ORDER. `id` is the EVM
// chain id, checked against each market's CHAIN_ID. `markets`: the Aave v3
// markets to read, MAIN MARKET FIRST. When two markets on one chain list the
// same underlying, the earlier market wins (README: "Markets and precedence").
const CHAINS = {
  ethereum: { id: 1, markets: ['AaveV3Ethereum', 'AaveV3EthereumLido', 'AaveV3EthereumEtherFi', 'AaveV3EthereumHorizon'] },
  arbitrum: { id: 42161, markets: ['AaveV3Arbitrum'] },
  optimism: { id: 10, markets: ['AaveV3Optimism'] },
  base: { id: 8453, markets: ['AaveV3Base'] },
  polygon: { id: 137, markets: ['AaveV3Polygon'] },
  bsc: { id: 56, markets: ['AaveV3BNB'] },
  avalanche: { id: 43114, markets: ['AaveV3Avalanche'] },
};
const CHAIN_ORDER = Object.keys(CHAINS);
const SLUG_BY_ID = Object.fromEntries(Object.entries(CHAINS).map(([slug, c]) => [String(c.id), slug]));

// Verified for every market above (see data/prices/README.md, "What was verified"):
// AaveOracle base currency = USD (address 0), BASE_CURRENCY_UNIT = 1e8, and
// AaveOracle.getAssetPrice() returns source.latestAnswer() unscaled.
const FEED_DECIMALS = 8;
const DENOMINATION = 'USD';

const HEADER = 'chain,asset,feed,feed_decimals,denomination,market,source,heartbeat_seconds';
// heartbeat_seconds is set by hand (data/prices/README.md): a rebuild keeps each (chain, asset, feed)'s value.
const HEARTBEATS = new Map(existsSync(OUT) ? readFileSync(OUT, 'utf8').split('\n').slice(1).filter(Boolean)
  .map((l) => l.split(',')).map((c) => [`${c[0]}|${c[1]}|${c[2]}`, c[7] ?? '']) : []);
const ADDR = /^0x[0-9a-fA-F]{40}$/;
const ZERO = '0x0000000000000000000000000000000000000000';

function fail(msg) {
  console.error(`build-feeds: ${msg}`);
  process.exit(1);
}

// 1. The installed address book must be exactly the pinned version.
const require = createRequire(import.meta.url);
// (package.json is not in the package's "exports", so walk up from its entry point)
let pkgRoot = dirname(require.resolve(PKG));
while (!existsSync(join(pkgRoot, 'package.json')) && dirname(pkgRoot) !== pkgRoot) pkgRoot = dirname(pkgRoot);
const pkgJson = JSON.parse(readFileSync(join(pkgRoot, 'package.json'), 'utf8'));
if (pkgJson.name !== PKG) fail(`could not locate ${PKG}'s package.json`);
const installed = pkgJson.version;
if (installed !== PINNED) fail(`${PKG} is ${installed}, expected ${PINNED} (run npm ci)`);

// 2. Every Aave v3 market the package exports for an in-scope chain must be
//    listed in CHAINS, so a new market in a future version is not silently skipped.
for (const [name, mod] of Object.entries(AddressBook)) {
  if (!/^AaveV3/.test(name) || !mod || typeof mod !== 'object' || !('CHAIN_ID' in mod)) continue;
  const slug = SLUG_BY_ID[String(mod.CHAIN_ID)];
  if (slug && !CHAINS[slug].markets.includes(name)) {
    fail(`market ${name} (chain ${mod.CHAIN_ID}) is exported by ${PKG}@${PINNED} but not listed in CHAINS`);
  }
}

const rows = new Map(); // `${chain}|${asset}` -> row
const shadowed = []; // same asset listed by a lower-precedence market
const skipped = [];

for (const [chain, { id, markets }] of Object.entries(CHAINS)) {
  for (const market of markets) {
    const mod = AddressBook[market];
    if (!mod) fail(`${PKG}@${PINNED} does not export ${market}`);
    if (mod.CHAIN_ID !== id) fail(`${market}.CHAIN_ID is ${mod.CHAIN_ID}, expected ${id} (${chain})`);
    if (!/^AaveV3/.test(market)) fail(`${market} is not an Aave v3 market`);

    // The file each value is cited from; its text must contain the value.
    const file = `dist/${market}.mjs`;
    const fileText = readFileSync(join(pkgRoot, file), 'utf8');
    const solText = readFileSync(join(pkgRoot, 'src', `${market}.sol`), 'utf8');

    const assets = mod.ASSETS;
    if (!assets || typeof assets !== 'object') fail(`${market}.ASSETS missing`);

    for (const symbol of Object.keys(assets).sort()) {
      const a = assets[symbol];
      const underlying = a.UNDERLYING;
      const oracle = a.ORACLE;
      if (!ADDR.test(underlying ?? '')) fail(`${market}.ASSETS.${symbol}.UNDERLYING is not an address`);
      if (!ADDR.test(oracle ?? '')) fail(`${market}.ASSETS.${symbol}.ORACLE is not an address`);
      if (oracle.toLowerCase() === ZERO) {
        skipped.push(`${market}.ASSETS.${symbol}: ORACLE is the zero address`);
        continue;
      }
      if (!fileText.includes(`"${oracle}"`) || !fileText.includes(`"${underlying}"`)) {
        fail(`${file} does not contain the ORACLE/UNDERLYING of ${symbol}`);
      }
      // Second copy inside the same package (Solidity library) must agree.
      // (the .sol file is prettier-formatted: long constants wrap after '=')
      const solHas = (field, value) => new RegExp(`\\b${symbol}_${field} =\\s*${value};`).test(solText);
      if (!solHas('ORACLE', oracle) || !solHas('UNDERLYING', underlying)) {
        fail(`src/${market}.sol disagrees with ${file} for ${symbol}`);
      }

      const asset = underlying.toLowerCase();
      const feed = oracle.toLowerCase();
      const key = `${chain}|${asset}`;
      const source = `npm:${PKG}@${PINNED}:${file}#ASSETS.${symbol}.ORACLE`;
      const prev = rows.get(key);
      if (prev) {
        if (prev.market === market) fail(`${market} lists ${asset} twice`);
        shadowed.push({ chain, asset, symbol, market, feed, keptMarket: prev.market, keptFeed: prev.feed });
        continue;
      }
      rows.set(key, { chain, asset, feed, market, source, symbol });
    }
  }
}

const sorted = [...rows.values()].sort(
  (x, y) =>
    CHAIN_ORDER.indexOf(x.chain) - CHAIN_ORDER.indexOf(y.chain) || (x.asset < y.asset ? -1 : x.asset > y.asset ? 1 : 0),
);

const lines = [HEADER];
for (const r of sorted) {
  lines.push([r.chain, r.asset, r.feed, FEED_DECIMALS, DENOMINATION, r.market, r.source,
    HEARTBEATS.get(`${r.chain}|${r.asset}|${r.feed}`) ?? ''].join(','));
}
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, lines.join('\n') + '\n');

// Report.
const perChain = {};
const perMarket = {};
for (const r of sorted) {
  perChain[r.chain] = (perChain[r.chain] ?? 0) + 1;
  perMarket[r.market] = (perMarket[r.market] ?? 0) + 1;
}
console.log(`wrote ${sorted.length} rows to data/prices/feeds.csv from ${PKG}@${installed}`);
for (const c of CHAIN_ORDER) console.log(`  ${c} (${CHAINS[c].id}): ${perChain[c] ?? 0}`);
console.log('rows per market:');
for (const m of Object.keys(perMarket).sort()) console.log(`  ${m}: ${perMarket[m]}`);
if (shadowed.length) {
  console.log(`assets also listed by a lower-precedence market (not written; kept market shown):`);
  for (const s of shadowed) {
    const same = s.feed === s.keptFeed ? 'same ORACLE' : `different ORACLE ${s.feed}`;
    console.log(`  ${s.chain} ${s.market}.${s.symbol} ${s.asset}: kept ${s.keptMarket} ${s.keptFeed}; ${same}`);
  }
}
for (const s of skipped) console.log(`skipped: ${s}`);
