// End-to-end smoke check of the compiled test contracts against a real anvil node.
//
// Run (after `cd tools/evm && npm ci && node compile.mjs`):
//
//     cd tools/evm && node smoke.mjs
//
// Node only, no dependencies beyond the anvil binary installed by npm. It:
//   1. starts anvil --chain-id 1 on a free loopback port,
//   2. anvil_setCode's TestMulticall3 at the canonical Multicall3 address and TestToken at
//      0xA1290d69c65A6Fe4DF752f95823fae25cB99e5A7 (mainnet rsETH),
//   3. sends initialize("rsETH","rsETH",18) and mint(wallet, amount) from eth_accounts[0],
//   4. eth_call's aggregate3 with balanceOf(wallet), decimals(), symbol() and one call that
//      must fail (allowFailure=true), decodes the results with hand-rolled ABI code,
//   5. checks the balance equals the minted amount (plus a few sanity checks),
//   6. also exercises the other artifacts (approveFrom, TestPriceFeed, ENS registry/resolver,
//      RevertingToken, LyingToken) at their test addresses, then kills anvil.
// Exits non-zero on any mismatch or error. ANVIL_BIN overrides the anvil binary path.

import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const TOOLS_DIR = dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = resolve(TOOLS_DIR, '..', '..', 'src', 'test', 'resources', 'evm');

const MULTICALL3 = '0xcA11bde05977b3631167028862bE2a173976CA11';
const TOKEN = '0xA1290d69c65A6Fe4DF752f95823fae25cB99e5A7';
const WALLET = '0x00000000000000000000000000000000000bEEF1';
const MINTED = 1234n * 10n ** 18n + 5678n;

// ---------------------------------------------------------------------------- anvil

function anvilBinary() {
  if (process.env.ANVIL_BIN) return process.env.ANVIL_BIN;
  const os = { linux: 'linux', darwin: 'darwin', win32: 'win32' }[process.platform];
  const cpu = { x64: 'amd64', arm64: 'arm64' }[process.arch];
  const exe = process.platform === 'win32' ? 'anvil.exe' : 'anvil';
  return join(TOOLS_DIR, 'node_modules', '@foundry-rs', `anvil-${os}-${cpu}`, 'bin', exe);
}

function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------- JSON-RPC

let rpcUrl;
let rpcId = 0;

async function rpc(method, params = []) {
  const res = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: ++rpcId, method, params }),
  });
  const body = await res.json();
  if (body.error) {
    const err = new Error(`${method}: ${body.error.message}`);
    err.rpcError = body.error;
    throw err;
  }
  return body.result;
}

async function sendTx(from, to, data) {
  const hash = await rpc('eth_sendTransaction', [{ from, to, data }]);
  for (let i = 0; i < 50; i++) {
    const receipt = await rpc('eth_getTransactionReceipt', [hash]);
    if (receipt) {
      if (receipt.status !== '0x1') throw new Error(`tx ${hash} to ${to} failed (status ${receipt.status})`);
      return receipt;
    }
    await sleep(100);
  }
  throw new Error(`no receipt for ${hash}`);
}

// ---------------------------------------------------------------------------- ABI (hand-rolled)

const strip = (hex) => (hex.startsWith('0x') ? hex.slice(2) : hex);
const word = (n) => BigInt.asUintN(256, BigInt(n)).toString(16).padStart(64, '0');
const addressWord = (a) => strip(a).toLowerCase().padStart(64, '0');
const padRight = (hex) => hex + '0'.repeat((64 - (hex.length % 64)) % 64);
const bytesTail = (hex) => word(strip(hex).length / 2) + padRight(strip(hex));
const stringTail = (s) => bytesTail(Buffer.from(s, 'utf8').toString('hex'));

// Encodes a call whose arguments are [kind, value] pairs; kind 'static' is an already
// encoded 32-byte word, kind 'dynamic' an already encoded tail.
function encodeArgs(args) {
  let head = '';
  let tail = '';
  const headSize = args.length * 32;
  for (const [kind, value] of args) {
    if (kind === 'static') head += value;
    else {
      head += word(headSize + tail.length / 2);
      tail += value;
    }
  }
  return head + tail;
}

// aggregate3((address target, bool allowFailure, bytes callData)[])
function encodeAggregate3(selector, calls) {
  const tuples = calls.map((c) => addressWord(c.target) + word(c.allowFailure ? 1 : 0) + word(0x60) + bytesTail(c.callData));
  let offsets = '';
  let running = calls.length * 32;
  for (const t of tuples) {
    offsets += word(running);
    running += t.length / 2;
  }
  const array = word(calls.length) + offsets + tuples.join('');
  return selector + word(0x20) + array;
}

// Result[] = (bool success, bytes returnData)[]
function decodeAggregate3(hex) {
  const data = Buffer.from(strip(hex), 'hex');
  const u = (pos) => {
    if (pos + 32 > data.length) throw new Error(`return data too short reading word at ${pos}`);
    return BigInt('0x' + data.subarray(pos, pos + 32).toString('hex'));
  };
  const arrayPos = Number(u(0));
  const count = Number(u(arrayPos));
  const base = arrayPos + 32;
  const results = [];
  for (let i = 0; i < count; i++) {
    const tuplePos = base + Number(u(base + i * 32));
    const success = u(tuplePos) === 1n;
    const bytesPos = tuplePos + Number(u(tuplePos + 32));
    const len = Number(u(bytesPos));
    const returnData = '0x' + data.subarray(bytesPos + 32, bytesPos + 32 + len).toString('hex');
    results.push({ success, returnData });
  }
  return results;
}

const decodeUint = (hex) => {
  if (strip(hex).length !== 64) throw new Error(`expected one 32-byte word, got ${hex}`);
  return BigInt(hex);
};
const decodeString = (hex) => {
  const d = Buffer.from(strip(hex), 'hex');
  const off = Number(BigInt('0x' + d.subarray(0, 32).toString('hex')));
  const len = Number(BigInt('0x' + d.subarray(off, off + 32).toString('hex')));
  return d.subarray(off + 32, off + 32 + len).toString('utf8');
};
// Error(string) revert payload -> message
const decodeRevert = (hex) => (strip(hex).startsWith('08c379a0') ? decodeString('0x' + strip(hex).slice(8)) : hex);

// ---------------------------------------------------------------------------- checks

let failures = 0;
function check(label, actual, expected) {
  const ok = actual === expected;
  if (!ok) failures++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${label}: ${actual}${ok ? '' : ` (expected ${expected})`}`);
}

function loadArtifact(name) {
  const file = join(ARTIFACTS, `${name}.json`);
  if (!existsSync(file)) throw new Error(`missing ${file}: run node compile.mjs first`);
  return JSON.parse(readFileSync(file, 'utf8'));
}

function selector(artifact, signature) {
  const id = artifact.methodIdentifiers?.[signature];
  if (!id) throw new Error(`${artifact.contractName} has no ${signature}`);
  return id;
}

// ---------------------------------------------------------------------------- other contracts

const PRICE_FEED = '0x5f4eC3Df9cbd43714FE2740f5E3616155c5b8419'; // mainnet Chainlink ETH/USD
const ENS_REGISTRY = '0x00000000000C2E074eC69A0dFb2997BA6C7d2e1e';
const ENS_RESOLVER = '0x0000000000000000000000000000000000E45001';
const REVERTING = '0x0000000000000000000000000000000000BAD001';
const LYING = '0x0000000000000000000000000000000000BAD002';

const ethCall = (to, data) => rpc('eth_call', [{ to, data: '0x' + strip(data) }, 'latest']);
async function revertMessage(to, data, from) {
  try {
    await rpc('eth_call', [{ from, to, data: '0x' + strip(data) }, 'latest']);
    return 'no revert';
  } catch (e) {
    const d = e.rpcError?.data;
    return typeof d === 'string' ? decodeRevert(d) : e.message;
  }
}
const words = (hex) => (strip(hex).match(/.{64}/g) ?? []).map((w) => BigInt('0x' + w));

async function extraChecks(from, token, AGGREGATE3) {
  const feed = loadArtifact('TestPriceFeed');
  const registry = loadArtifact('TestEnsRegistry');
  const resolver = loadArtifact('TestEnsResolver');
  const reverting = loadArtifact('RevertingToken');
  const lying = loadArtifact('LyingToken');
  await rpc('anvil_setCode', [PRICE_FEED, feed.deployedBytecode]);
  await rpc('anvil_setCode', [ENS_REGISTRY, registry.deployedBytecode]);
  await rpc('anvil_setCode', [ENS_RESOLVER, resolver.deployedBytecode]);
  await rpc('anvil_setCode', [REVERTING, reverting.deployedBytecode]);
  await rpc('anvil_setCode', [LYING, lying.deployedBytecode]);

  // TestToken: approveFrom + allowance + Approval event; initialize only once.
  const spender = '0x00000000000000000000000000000000000bEEF2';
  const receipt = await sendTx(from, TOKEN, selector(token, 'approveFrom(address,address,uint256)')
    + addressWord(WALLET) + addressWord(spender) + word(777n));
  const allowance = decodeUint(await ethCall(TOKEN, selector(token, 'allowance(address,address)') + addressWord(WALLET) + addressWord(spender)));
  check('approveFrom -> allowance', allowance, 777n);
  const log = receipt.logs[0];
  check('Approval event', log && log.topics[0] === '0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925'
    && BigInt(log.topics[1]) === BigInt(WALLET) && BigInt(log.topics[2]) === BigInt(spender) && BigInt(log.data) === 777n, true);
  const initAgain = selector(token, 'initialize(string,string,uint8)')
    + encodeArgs([['dynamic', stringTail('X')], ['dynamic', stringTail('X')], ['static', word(6)]]);
  check('second initialize reverts', (await revertMessage(TOKEN, initAgain, from)) !== 'no revert', true);

  // TestPriceFeed: zeros from empty storage, then set().
  const LRD = selector(feed, 'latestRoundData()');
  check('feed empty latestRoundData', words(await ethCall(PRICE_FEED, LRD)).join(','), '0,0,0,0,0');
  await sendTx(from, PRICE_FEED, selector(feed, 'set(int256,uint8,uint256)') + word(350012345678n) + word(8) + word(1700000000));
  check('feed latestRoundData', words(await ethCall(PRICE_FEED, LRD)).join(','), '1,350012345678,1700000000,1700000000,1');
  check('feed decimals', decodeUint(await ethCall(PRICE_FEED, selector(feed, 'decimals()'))), 8n);
  check('feed latestAnswer', decodeUint(await ethCall(PRICE_FEED, selector(feed, 'latestAnswer()'))), 350012345678n);

  // ENS: registry -> resolver -> addr.
  const node = '0x' + '42'.repeat(32);
  await sendTx(from, ENS_REGISTRY, selector(registry, 'setResolver(bytes32,address)') + strip(node) + addressWord(ENS_RESOLVER));
  await sendTx(from, ENS_RESOLVER, selector(resolver, 'setAddr(bytes32,address)') + strip(node) + addressWord(WALLET));
  check('ens resolver(node)', decodeUint(await ethCall(ENS_REGISTRY, selector(registry, 'resolver(bytes32)') + strip(node))), BigInt(ENS_RESOLVER));
  check('ens addr(node)', decodeUint(await ethCall(ENS_RESOLVER, selector(resolver, 'addr(bytes32)') + strip(node))), BigInt(WALLET));
  const supports = async (id) => decodeUint(await ethCall(ENS_RESOLVER, selector(resolver, 'supportsInterface(bytes4)') + padRight(id)));
  check('ens supportsInterface(3b3b57de)', await supports('3b3b57de'), 1n);
  check('ens supportsInterface(01ffc9a7)', await supports('01ffc9a7'), 1n);
  check('ens supportsInterface(9061b923)', await supports('9061b923'), 0n);

  // Fault tokens through aggregate3 with allowFailure=true.
  const BALANCE_OF = selector(reverting, 'balanceOf(address)');
  const DECIMALS = selector(lying, 'decimals()');
  const faults = decodeAggregate3(await ethCall(MULTICALL3, encodeAggregate3(AGGREGATE3, [
    { target: REVERTING, allowFailure: true, callData: BALANCE_OF + addressWord(WALLET) },
    { target: REVERTING, allowFailure: true, callData: DECIMALS },
    { target: LYING, allowFailure: true, callData: DECIMALS },
    { target: LYING, allowFailure: true, callData: BALANCE_OF + addressWord(WALLET) },
  ])));
  check('RevertingToken.balanceOf fails', `${faults[0].success} ${decodeRevert(faults[0].returnData)}`,
    'false RevertingToken: balanceOf always reverts');
  check('RevertingToken.decimals', decodeUint(faults[1].returnData), 18n);
  check('LyingToken.decimals returns 1 byte', `${faults[2].success} ${faults[2].returnData}`, 'true 0x12');
  check('LyingToken.balanceOf', decodeUint(faults[3].returnData), 0n);
}

async function main() {
  const multicall = loadArtifact('TestMulticall3');
  const token = loadArtifact('TestToken');

  // Canonical selectors must match what the artifacts say.
  const AGGREGATE3 = selector(multicall, 'aggregate3((address,bool,bytes)[])');
  const BALANCE_OF = selector(token, 'balanceOf(address)');
  check('aggregate3 selector', '0x' + AGGREGATE3, '0x82ad56cb');
  check('balanceOf selector', '0x' + BALANCE_OF, '0x70a08231');
  const INITIALIZE = selector(token, 'initialize(string,string,uint8)');
  const MINT = selector(token, 'mint(address,uint256)');
  const DECIMALS = selector(token, 'decimals()');
  const SYMBOL = selector(token, 'symbol()');

  const bin = anvilBinary();
  if (!existsSync(bin)) throw new Error(`anvil binary not found at ${bin} (run npm ci, or set ANVIL_BIN)`);
  const port = await freePort();
  rpcUrl = `http://127.0.0.1:${port}`;
  let anvilLog = '';
  const anvil = spawn(bin, ['--chain-id', '1', '--host', '127.0.0.1', '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  anvil.stdout.on('data', (b) => (anvilLog += b));
  anvil.stderr.on('data', (b) => (anvilLog += b));
  let exited = false;
  anvil.on('exit', () => (exited = true));
  const stop = () => {
    if (!exited) anvil.kill('SIGTERM');
  };
  process.on('SIGINT', () => {
    stop();
    process.exit(130);
  });

  try {
    // wait for the node
    let chainId;
    for (let i = 0; i < 100 && !chainId; i++) {
      if (exited) throw new Error(`anvil exited early:\n${anvilLog}`);
      try {
        chainId = await rpc('eth_chainId');
      } catch {
        await sleep(100);
      }
    }
    if (!chainId) throw new Error(`anvil did not answer on ${rpcUrl}:\n${anvilLog}`);
    const version = await rpc('web3_clientVersion');
    console.log(`anvil ${version} on ${rpcUrl} (pid ${anvil.pid})`);
    check('eth_chainId', chainId, '0x1');

    await rpc('anvil_setCode', [MULTICALL3, multicall.deployedBytecode]);
    await rpc('anvil_setCode', [TOKEN, token.deployedBytecode]);
    check('multicall code installed', (await rpc('eth_getCode', [MULTICALL3, 'latest'])) === multicall.deployedBytecode, true);

    const [from] = await rpc('eth_accounts');
    console.log(`sender ${from}`);

    await sendTx(from, TOKEN, '0x' + INITIALIZE + encodeArgs([
      ['dynamic', stringTail('rsETH')],
      ['dynamic', stringTail('rsETH')],
      ['static', word(18)],
    ]));
    await sendTx(from, TOKEN, '0x' + MINT + encodeArgs([
      ['static', addressWord(WALLET)],
      ['static', word(MINTED)],
    ]));
    console.log(`minted ${MINTED} to ${WALLET}`);

    const calls = [
      { target: TOKEN, allowFailure: false, callData: BALANCE_OF + addressWord(WALLET) },
      { target: TOKEN, allowFailure: false, callData: DECIMALS },
      { target: TOKEN, allowFailure: false, callData: SYMBOL },
      { target: TOKEN, allowFailure: true, callData: 'deadbeef' }, // unknown selector: must fail
    ];
    const raw = await rpc('eth_call', [{ to: MULTICALL3, data: '0x' + encodeAggregate3(AGGREGATE3, calls) }, 'latest']);
    const results = decodeAggregate3(raw);
    results.forEach((r, i) => console.log(`aggregate3[${i}] success=${r.success} returnData=${r.returnData}`));

    check('results length', results.length, 4);
    check('balanceOf success', results[0].success, true);
    const balance = decodeUint(results[0].returnData);
    console.log(`balanceOf(${WALLET}) via aggregate3 = ${balance}`);
    check('balanceOf == minted', balance, MINTED);
    check('decimals', decodeUint(results[1].returnData), 18n);
    check('symbol', decodeString(results[2].returnData), 'rsETH');
    check('failing call allowed (success=false)', results[3].success, false);

    // A failing call with allowFailure=false must revert the whole batch.
    try {
      await rpc('eth_call', [{ to: MULTICALL3, data: '0x' + encodeAggregate3(AGGREGATE3, [{ ...calls[3], allowFailure: false }]) }, 'latest']);
      check('strict failure reverts', 'no revert', 'Multicall3: call failed');
    } catch (e) {
      const data = e.rpcError?.data;
      check('strict failure reverts', typeof data === 'string' ? decodeRevert(data) : e.message, 'Multicall3: call failed');
    }

    await extraChecks(from, token, AGGREGATE3);
  } finally {
    stop();
    for (let i = 0; i < 50 && !exited; i++) await sleep(100);
    if (!exited) anvil.kill('SIGKILL');
    console.log(`anvil stopped`);
  }

  if (failures > 0) {
    console.error(`SMOKE FAILED: ${failures} check(s) failed`);
    process.exit(1);
  }
  console.log('SMOKE OK');
}

main().catch((e) => {
  console.error(`SMOKE FAILED: ${e.stack ?? e}`);
  process.exit(1);
});
