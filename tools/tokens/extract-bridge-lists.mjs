#!/usr/bin/env node
// Writes data/tokens/curated-bridge-lists.csv from two canonical-bridge token lists that say,
// per L2 token, which L1 token it represents and through which bridge contract it is minted.
// build-registry.mjs reads that file with the same priority as curated.csv.
//
// This is a one-off extraction step (its output is committed); build-registry.mjs does not need it.
// Inputs are passed as paths so that no extra dependency enters tools/tokens/package.json:
//
//   # 1. Superchain token list (OP Mainnet + Base standard bridge), from the npm registry:
//   mkdir -p /tmp/optl && (cd /tmp/optl && npm pack @eth-optimism/tokenlist@10.0.1770 && tar xzf eth-optimism-tokenlist-10.0.1770.tgz)
//   # 2. Arbitrum bridge "Arb Whitelist Era" list, as committed in OffchainLabs/arbitrum-token-lists
//   #    at dff4af1 (path src/ArbTokenLists/arbed_arb_whitelist_era.json), saved to a local file:
//   git -C <clone of OffchainLabs/arbitrum-token-lists> show dff4af1:src/ArbTokenLists/arbed_arb_whitelist_era.json > /tmp/arb_whitelist_era.json
//   # 3. Wormhole (Portal) token list, certusone/wormhole-token-list at 44a69ec, content/by_dest.csv:
//   git -C <clone of certusone/wormhole-token-list> show 44a69ec:content/by_dest.csv > /tmp/wh_by_dest.csv
//   # 4.
//   node extract-bridge-lists.mjs --superchain /tmp/optl/package --arbitrum /tmp/arb_whitelist_era.json --wormhole /tmp/wh_by_dest.csv
//
// Rules (no value is typed by hand; every address/symbol/decimals comes from the list entry):
//  - Superchain list: an OP Mainnet (10) or Base (8453) entry whose optimismBridgeAddress/baseBridgeAddress is the
//    L2StandardBridge predeploy (0x4200…0010) and whose opTokenId has a chain-1 entry is written with
//    bridge = optimism-canonical-bridge / base-canonical-bridge and origin = that chain-1 entry.
//    Other bridge addresses (token-specific bridges, e.g. DAI or wstETH) keep the origin but leave bridge empty;
//    the bridge contract address is kept in the source field. Entries without any bridge address (natively
//    issued tokens such as Circle USDC, or WETH) are written as not bridged.
//  - Arbitrum list: every chain-42161 entry has l1Address + l1/l2 gateway addresses of the Arbitrum token bridge
//    (router gateways); they are written with bridge = arbitrum-canonical-bridge and origin = l1Address.
//  - chain-1 entries of both lists are written as Ethereum rows (their decimals come from the list).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { classify, HEADER, CHAINS } from './build-registry.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.resolve(HERE, '..', '..', 'data', 'tokens', 'curated-bridge-lists.csv');
const STANDARD_L2_BRIDGE = '0x4200000000000000000000000000000000000010';
const ARB_SRC = 'github:OffchainLabs/arbitrum-token-lists@dff4af1:src/ArbTokenLists/arbed_arb_whitelist_era.json';

const args = Object.fromEntries(process.argv.slice(2).reduce((a, v, i, all) => (v.startsWith('--') ? [...a, [v.slice(2), all[i + 1]]] : a), []));
const lc = (s) => (s || '').toLowerCase();
const isAddr = (a) => /^0x[0-9a-fA-F]{40}$/.test(a || '');
const clean = (s) => String(s ?? '').replace(/[\r\n]+/g, ' ').trim();
const csvField = (v) => { const s = String(v ?? ''); return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s; };

const rows = new Map();
function put(r) {
  const k = `${r.chain}:${lc(r.address)}`;
  const prev = rows.get(k);
  if (prev) { if (!prev.source.includes(r.source)) prev.source += ` | ${r.source}`; return; }
  rows.set(k, r);
}
function row(o) {
  return { chain: o.chain, address: lc(o.address), symbol: clean(o.symbol), name: clean(o.name), decimals: String(o.decimals),
    kind: o.kind, protocol: o.protocol || '', underlying_address: '', bridge: o.bridge || '', origin_chain: o.origin_chain || '',
    origin_address: lc(o.origin_address), source: o.source };
}

if (args.superchain) {
  const pkg = JSON.parse(fs.readFileSync(path.join(args.superchain, 'package.json'), 'utf8'));
  const list = (await import(path.join(args.superchain, 'dist', 'index.mjs'))).default;
  const src = `npm:${pkg.name}@${pkg.version}:dist/index.mjs`;
  const l1 = new Map();
  for (const t of list.tokens) if (t.chainId === 1) l1.set(t.extensions.opTokenId, t);
  for (const t of list.tokens) {
    if (!isAddr(t.address) || !Number.isInteger(t.decimals)) continue;
    const id = t.extensions.opTokenId;
    if (t.chainId === 1) {
      put(row({ chain: 'ethereum', ...t, ...classify(t.symbol, t.name), source: `${src}#opTokenId=${id}` }));
      continue;
    }
    if (t.chainId !== 10 && t.chainId !== 8453) continue;
    const chain = CHAINS[t.chainId];
    const bAddr = t.chainId === 10 ? t.extensions.optimismBridgeAddress : t.extensions.baseBridgeAddress;
    const c = classify(t.symbol, t.name);
    const origin = l1.get(id);
    if (bAddr && origin && isAddr(origin.address)) {
      const standard = lc(bAddr) === STANDARD_L2_BRIDGE;
      put(row({ chain, ...t, kind: c.kind === 'plain' ? 'bridged' : c.kind, protocol: c.protocol,
        bridge: standard ? `${chain}-canonical-bridge` : '', origin_chain: 'ethereum', origin_address: origin.address,
        source: `${src}#opTokenId=${id} (${t.chainId === 10 ? 'optimism' : 'base'}BridgeAddress ${lc(bAddr)}${standard ? ' = L2StandardBridge' : ', token-specific bridge'})` }));
    } else if (!bAddr) {
      put(row({ chain, ...t, kind: c.kind, protocol: c.protocol, source: `${src}#opTokenId=${id} (no bridge address: not bridged)` }));
    } else {
      // bridge address but no chain-1 entry for the same opTokenId: origin unknown, so not typed as bridged
      put(row({ chain, ...t, kind: c.kind, protocol: c.protocol, source: `${src}#opTokenId=${id} (bridge ${lc(bAddr)}; no L1 entry in list)` }));
    }
  }
}

if (args.arbitrum) {
  const list = JSON.parse(fs.readFileSync(args.arbitrum, 'utf8'));
  for (const t of list.tokens) {
    if (!isAddr(t.address) || !Number.isInteger(t.decimals)) continue;
    if (t.chainId === 1) { put(row({ chain: 'ethereum', ...t, ...classify(t.symbol, t.name), source: ARB_SRC })); continue; }
    if (t.chainId !== 42161) continue;
    const e = t.extensions || {};
    const c = classify(t.symbol, t.name);
    if (isAddr(e.l1Address)) {
      put(row({ chain: 'arbitrum', ...t, kind: c.kind === 'plain' ? 'bridged' : c.kind, protocol: c.protocol,
        bridge: 'arbitrum-canonical-bridge', origin_chain: 'ethereum', origin_address: e.l1Address,
        source: `${ARB_SRC} (l1GatewayAddress ${lc(e.l1GatewayAddress)})` }));
    } else put(row({ chain: 'arbitrum', ...t, ...c, source: ARB_SRC }));
  }
}

if (args.wormhole) {
  // certusone/wormhole-token-list content/by_dest.csv: dest,symbol,name,address,decimals,origin,sourceAddress,sourceDecimals,...
  const WH_SRC = `github:certusone/wormhole-token-list@${args['wormhole-commit'] || '44a69ec'}:content/by_dest.csv`;
  const WH_CHAIN = { eth: 'ethereum', bsc: 'bsc', avax: 'avalanche', matic: 'polygon', arbitrum: 'arbitrum', optimism: 'optimism', base: 'base' };
  const WH_ORIGIN = { ...WH_CHAIN, sol: 'solana', terra: 'terra', oasis: 'oasis', ftm: 'fantom', aurora: 'aurora', celo: 'celo' };
  const lines = fs.readFileSync(args.wormhole, 'utf8').split(/\r?\n/).filter(Boolean);
  const head = lines.shift().split(',');
  for (const line of lines) {
    const v = line.split(','); // the file has no quoted fields
    const t = Object.fromEntries(head.map((h, i) => [h, v[i]]));
    const chain = WH_CHAIN[t.dest];
    if (!chain || !isAddr(t.address)) continue;
    const dec = Number(t.decimals);
    if (!Number.isInteger(dec)) continue;
    const oc = WH_ORIGIN[t.origin] || t.origin;
    const evmOrigin = WH_CHAIN[t.origin] && isAddr(t.sourceAddress);
    put(row({ chain, address: t.address, symbol: t.symbol, name: t.name, decimals: dec,
      kind: evmOrigin ? 'bridged' : 'wrapped', protocol: 'wormhole', bridge: 'wormhole', origin_chain: oc,
      origin_address: evmOrigin ? t.sourceAddress : '',
      source: `${WH_SRC} (Portal/Wormhole token bridge; origin ${t.origin}:${t.sourceAddress})` }));
  }
}

const order = ['ethereum', 'arbitrum', 'optimism', 'base', 'polygon', 'bsc', 'avalanche'];
const out = [...rows.values()].sort((a, b) => order.indexOf(a.chain) - order.indexOf(b.chain) || (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
fs.writeFileSync(OUT, [HEADER.join(','), ...out.map((r) => HEADER.map((h) => csvField(r[h])).join(','))].join('\n') + '\n');
console.log(`wrote ${OUT}: ${out.length} rows`);
