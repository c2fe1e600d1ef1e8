#!/usr/bin/env node
// viem's multicall over a token list, for ExposureApiBench (optional; needs viem: cd tools/prices && npm ci).
// Usage: node bench/exposure/viem-multicall.mjs RPC_URL TOKENS_FILE RUNS
// For RUNS distinct wallets (after 3 warm-up wallets): client.multicall({ contracts: every token's balanceOf(wallet),
// allowFailure: true }) with viem's defaults (Multicall3 of the mainnet chain definition, batchSize 1024 bytes per
// aggregate3, chunks sent in parallel). Prints {"p50": ms, "p95": ms, "runs": n}.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const viem = await import(pathToFileURL(join(ROOT, 'tools/prices/node_modules/viem/_esm/index.js')).href);
const { mainnet } = await import(pathToFileURL(join(ROOT, 'tools/prices/node_modules/viem/_esm/chains/index.js')).href);

const [rpc, tokensFile, runsArg] = process.argv.slice(2);
const tokens = readFileSync(tokensFile, 'utf8').split('\n').filter(Boolean);
const runs = Number(runsArg ?? 20);
const client = viem.createPublicClient({ chain: mainnet, transport: viem.http(rpc) });
const abi = viem.parseAbi(['function balanceOf(address) view returns (uint256)']);

const times = [];
for (let i = 0; i < runs + 3; i++) {
  const wallet = `0x${(0xf0000000 + i).toString(16).padStart(40, '0')}`;
  const t0 = performance.now();
  const res = await client.multicall({
    contracts: tokens.map((address) => ({ address, abi, functionName: 'balanceOf', args: [wallet] })),
    allowFailure: true,
  });
  const ms = performance.now() - t0;
  if (res.length !== tokens.length) throw new Error(`${res.length} results for ${tokens.length} tokens`);
  if (i >= 3) times.push(ms);
}
times.sort((a, b) => a - b);
const pct = (p) => times[Math.max(0, Math.ceil((p / 100) * times.length) - 1)];
console.log(JSON.stringify({ p50: pct(50), p95: pct(95), runs: times.length }));
