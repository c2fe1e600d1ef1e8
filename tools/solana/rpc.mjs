// A local Solana JSON-RPC for Perimeter's tests, answering from a litesvm bank.
//
//   node rpc.mjs SCENARIO.json      prints one JSON line {"port", "slot", "wallets": {name: address}, "accounts": {...}}
//                                   once it listens on 127.0.0.1, then serves until stdin closes or it is killed.
//
// What is real: litesvm (npm litesvm) runs the real SPL Token, Token-2022, Associated Token Account, System and Stake
// programs in-process. Mints are written at their real mainnet addresses (their 82-byte Mint layout, encoded with the
// Token program's own client @solana-program/token, with a local mint authority); everything after that is a real
// signed transaction: the wallet's associated token accounts are created by the ATA program, filled with MintTo, and a
// delegate is set with the Token program's Approve. An "initialized" stake account is created by System CreateAccount +
// the Stake program's Initialize (staker and withdrawer = the wallet). A "delegated" stake account needs a live vote
// account; it is written instead in the Stake program's StakeStateV2 layout with its own client's encoder
// (@solana-program/stake getStakeStateV2Encoder) — the bytes a delegated stake account holds.
//
// What is answered from the documented response shapes (solana.com/docs/rpc/http/*): the RPC layer itself —
// getBalance, getTokenAccountsByOwner (jsonParsed: litesvm keeps raw bytes, so the Token account layout is decoded here
// with @solana-program/token's getTokenDecoder and the mint's decimals, the shape the validator's account decoder gives),
// getProgramAccounts (dataSize and memcmp filters, base64, withContext), getMultipleAccounts (base64) and getSlot; each answer
// carries {context: {slot}}. Any other method answers -32601 "Method not found", as a node that does not serve it.
//
// Scenario (all optional):
//   {"slot": 250000000,
//    "mints": [{"address": "...", "decimals": 6, "program": "token" | "token-2022"}],
//    "wallets": [{"name": "main", "sol": "1500000000",
//                 "tokens": [{"mint": "...", "amount": "1000", "delegate": "...", "delegatedAmount": "10"}],
//                 "stakes": [{"state": "initialized", "lamports": "..."} |
//                            {"state": "delegated", "lamports": "...", "voter": "...", "stake": "...", "activationEpoch": "..."}],
//                 "filler": 100}],          // this many more token accounts of freshly made mints (the benchmark)
//    "refuse": ["getProgramAccounts"],      // methods answered with a JSON-RPC error
//    "malformed": ["getTokenAccountsByOwner"], // methods answered with a value that is not the documented shape
//    "slotSkew": {"getProgramAccounts": 1},   // answer these one slot later (until minContextSlot asks for it)
//    "noBatch": false,                       // answer a batch with one error object, as some providers do
//    "unixTimestamp": 1765000000,            // the Clock sysvar's unix_timestamp
//    "stakePools": [{"address": "...", "manager": "..." /* optional */, "staker": "...", "accountType": 1, "owner": "..."}],
//    "pyth": [{"account": "...", "feedId": "<64 hex>", "price": "15000000000", "exponent": -8, "publishTime": 1765000000,
//              "partialSignatures": 5 /* optional: Partial verification */, "owner": "..." /* optional */}]}
// GET /stats answers {"httpRequests": n, "calls": {method: n}}; POST /reset-stats sets them to zero.

import http from "node:http";
import fs from "node:fs";
import crypto from "node:crypto";
import { LiteSVM, FailedTransactionMetadata } from "litesvm";
import {
  address, generateKeyPairSigner, lamports, pipe, createTransactionMessage, setTransactionMessageFeePayerSigner,
  appendTransactionMessageInstructions, signTransactionMessageWithSigners, getBase58Encoder, getBase64Decoder,
} from "@solana/kit";
import {
  getMintEncoder, getMintDecoder, getTokenDecoder, findAssociatedTokenPda, getCreateAssociatedTokenIdempotentInstruction,
  getMintToInstruction, getApproveInstruction, TOKEN_PROGRAM_ADDRESS,
} from "@solana-program/token";
import { getCreateAccountInstruction } from "@solana-program/system";
import { getInitializeInstruction, getStakeStateV2Encoder, STAKE_PROGRAM_ADDRESS } from "@solana-program/stake";

const TOKEN_2022 = address("TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb");
const scenario = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const svm = new LiteSVM();
const payer = await generateKeyPairSigner();
svm.airdrop(payer.address, lamports(1_000_000_000_000n));

async function send(instructions, signers = []) {
  const tx = await pipe(
    createTransactionMessage({ version: 0 }),
    (m) => setTransactionMessageFeePayerSigner(payer, m),
    (m) => svm.setTransactionMessageLifetimeUsingLatestBlockhash(m),
    (m) => appendTransactionMessageInstructions(instructions, m),
    (m) => signTransactionMessageWithSigners(m),
  );
  const r = svm.sendTransaction(tx);
  if (r instanceof FailedTransactionMetadata) throw new Error("transaction failed: " + r.err() + "\n" + r.meta().logs().join("\n"));
  svm.expireBlockhash();
  return r;
}

const programOf = (p) => (p === "token-2022" ? TOKEN_2022 : TOKEN_PROGRAM_ADDRESS);
const mints = new Map(); // address -> program
function putMint(addr, decimals, program) {
  const data = getMintEncoder().encode({
    mintAuthority: { __option: "Some", value: payer.address }, supply: 0n, decimals, isInitialized: true,
    freezeAuthority: { __option: "None" },
  });
  svm.setAccount({ address: address(addr), data: new Uint8Array(data), executable: false,
    lamports: lamports(svm.minimumBalanceForRentExemption(BigInt(data.length))), programAddress: program, space: BigInt(data.length) });
  mints.set(addr, program);
}
for (const m of scenario.mints || []) putMint(m.address, m.decimals, programOf(m.program));

const out = { wallets: {}, accounts: {} };
for (const w of scenario.wallets || []) {
  const owner = await generateKeyPairSigner();
  out.wallets[w.name] = owner.address;
  svm.airdrop(owner.address, lamports(BigInt(w.sol || "0") > 0n ? BigInt(w.sol) : 1n));
  const tokens = [...(w.tokens || [])];
  for (let i = 0; i < (w.filler || 0); i++) {
    const m = await generateKeyPairSigner();
    putMint(m.address, 6, TOKEN_PROGRAM_ADDRESS);
    tokens.push({ mint: m.address, amount: String(1000 + i) });
  }
  for (const t of tokens) {
    const program = mints.get(t.mint);
    if (!program) throw new Error("scenario: mint " + t.mint + " is not in mints");
    const [ata] = await findAssociatedTokenPda({ owner: owner.address, mint: address(t.mint), tokenProgram: program });
    const ixs = [
      getCreateAssociatedTokenIdempotentInstruction({ payer, ata, owner: owner.address, mint: address(t.mint), tokenProgram: program }),
      getMintToInstruction({ mint: address(t.mint), token: ata, mintAuthority: payer, amount: BigInt(t.amount) }, { programAddress: program }),
    ];
    if (t.delegate) {
      ixs.push(getApproveInstruction({ source: ata, delegate: address(t.delegate), owner, amount: BigInt(t.delegatedAmount) }, { programAddress: program }));
    }
    await send(ixs);
    out.accounts[w.name + ":" + t.mint] = ata;
  }
  let k = 0;
  for (const s of w.stakes || []) {
    const stake = await generateKeyPairSigner();
    const rent = svm.minimumBalanceForRentExemption(200n);
    if (s.state === "initialized") {
      await send([
        getCreateAccountInstruction({ payer, newAccount: stake, lamports: BigInt(s.lamports), space: 200n, programAddress: STAKE_PROGRAM_ADDRESS }),
        getInitializeInstruction({ stake: stake.address, arg0: { staker: owner.address, withdrawer: owner.address },
          arg1: { unixTimestamp: 0n, epoch: 0n, custodian: address("11111111111111111111111111111111") } }),
      ]);
    } else {
      const data = getStakeStateV2Encoder().encode({ __kind: "Stake", fields: [
        { rentExemptReserve: rent, authorized: { staker: owner.address, withdrawer: owner.address },
          lockup: { unixTimestamp: 0n, epoch: 0n, custodian: address("11111111111111111111111111111111") } },
        { delegation: { voterPubkey: address(s.voter), stake: BigInt(s.stake), activationEpoch: BigInt(s.activationEpoch || "0"),
            deactivationEpoch: 18446744073709551615n, reserved: new Array(8).fill(0) }, creditsObserved: 0n },
        0 ] });
      const bytes = new Uint8Array(200);
      bytes.set(new Uint8Array(data));
      svm.setAccount({ address: stake.address, data: bytes, executable: false, lamports: lamports(BigInt(s.lamports)),
        programAddress: STAKE_PROGRAM_ADDRESS, space: 200n });
    }
    out.accounts[w.name + ":stake" + k++] = stake.address;
  }
}
const slot = BigInt(scenario.slot || 250000000);
svm.warpToSlot(slot);
// The Clock sysvar litesvm keeps (its real 40-byte layout), with the scenario's unix time.
if (scenario.unixTimestamp !== undefined) {
  const c = svm.getClock();
  c.unixTimestamp = BigInt(scenario.unixTimestamp);
  svm.setClock(c);
}
// Pyth price update accounts at their real mainnet addresses, written in the PriceUpdateV2 layout of
// pyth-network/pyth-crosschain (pyth_solana_receiver_sdk/src/price_update.rs, pythnet_sdk messages.rs): Anchor
// discriminator sha256("account:PriceUpdateV2")[0..8], write_authority, verification_level (Borsh enum: 0 Partial{u8}, 1 Full),
// PriceFeedMessage {feed_id, price i64, conf u64, exponent i32, publish_time i64, prev_publish_time i64, ema_price i64,
// ema_conf u64}, posted_slot u64; 134 bytes, owned by the Pyth receiver program.
const PYTH_RECEIVER = "rec5EKMGg6MxZYaMdyBfgwp4d5rB9T1VQH5pJv5LtFJ";
for (const p of scenario.pyth || []) {
  const buf = Buffer.alloc(134);
  crypto.createHash("sha256").update("account:PriceUpdateV2").digest().copy(buf, 0, 0, 8);
  let at = 8 + 32;
  if (p.partialSignatures !== undefined) { buf[at++] = 0; buf[at++] = p.partialSignatures; } else buf[at++] = 1;
  Buffer.from(p.feedId, "hex").copy(buf, at); at += 32;
  buf.writeBigInt64LE(BigInt(p.price), at); at += 8;
  buf.writeBigUInt64LE(BigInt(p.conf || 0), at); at += 8;
  buf.writeInt32LE(p.exponent, at); at += 4;
  buf.writeBigInt64LE(BigInt(p.publishTime), at); at += 8;
  buf.writeBigInt64LE(BigInt(p.publishTime) - 1n, at); at += 8;
  buf.writeBigInt64LE(BigInt(p.price), at); at += 8;
  buf.writeBigUInt64LE(BigInt(p.conf || 0), at); at += 8;
  buf.writeBigUInt64LE(slot, at);
  svm.setAccount({ address: address(p.account), data: new Uint8Array(buf), executable: false, lamports: lamports(2_000_000n),
    programAddress: address(p.owner || PYTH_RECEIVER), space: 134n });
}

// SPL stake-pool accounts, written in the `StakePool` layout of solana-labs/solana-program-library
// (stake-pool/program/src/state.rs, Borsh): account_type u8 (1 = StakePool), manager, staker, stake_deposit_authority
// (Pubkeys), stake_withdraw_bump_seed u8, validator_list, reserve_stake, pool_mint, manager_fee_account, token_program_id
// (Pubkeys), total_lamports, pool_token_supply, last_update_epoch (u64), then lockup, fees and Options left zero (Borsh
// None / zero fees): 435 bytes. Manager and staker are fresh keys (printed as accounts "pool:<address>:manager" and
// ":staker") unless given; "accountType" and "owner" may be set to write an account that is not a stake pool.
const b58keys = getBase58Encoder();
const SPL_STAKE_POOL = "SPoo1Ku8WFXoNDMHPsrGSTSG1Y47rzgn41SLUNakuHy";
for (const p of scenario.stakePools || []) {
  const manager = p.manager || (await generateKeyPairSigner()).address;
  const staker = p.staker || (await generateKeyPairSigner()).address;
  const buf = Buffer.alloc(435);
  let at = 0;
  buf[at++] = p.accountType === undefined ? 1 : p.accountType;
  for (const k of [manager, staker, p.depositAuthority || manager]) { Buffer.from(b58keys.encode(k)).copy(buf, at); at += 32; }
  buf[at++] = 255;
  for (const k of [p.validatorList, p.reserve, p.poolMint, p.managerFeeAccount, TOKEN_PROGRAM_ADDRESS]) {
    if (k) Buffer.from(b58keys.encode(k)).copy(buf, at);
    at += 32;
  }
  buf.writeBigUInt64LE(BigInt(p.totalLamports || 0), at); at += 8;
  buf.writeBigUInt64LE(BigInt(p.poolTokenSupply || 0), at); at += 8;
  svm.setAccount({ address: address(p.address), data: new Uint8Array(buf), executable: false, lamports: lamports(5_000_000n),
    programAddress: address(p.owner || SPL_STAKE_POOL), space: 435n });
  out.accounts["pool:" + p.address + ":manager"] = manager;
  out.accounts["pool:" + p.address + ":staker"] = staker;
}

// ---- the RPC layer ----
const b58 = getBase58Encoder();
const b64 = getBase64Decoder();
const stats = { httpRequests: 0, calls: {} };
const refuse = new Set(scenario.refuse || []);
const malformed = new Set(scenario.malformed || []);
const skew = scenario.slotSkew || {};

function account(addr) {
  const a = svm.getAccount(address(addr));
  return a.exists ? a : null;
}
function encoded(a, encoding) {
  return { lamports: Number(a.lamports), owner: a.programAddress, executable: a.executable, rentEpoch: 18446744073709551615,
    space: a.data.length, data: [b64.decode(a.data), "base64"] };
}
function parsedToken(a) {
  const t = getTokenDecoder().decode(a.data.slice(0, 165));
  const mintAcc = account(t.mint);
  const decimals = mintAcc ? getMintDecoder().decode(mintAcc.data.slice(0, 82)).decimals : 0;
  const ui = (v) => ({ amount: v.toString(), decimals, uiAmount: Number(v) / 10 ** decimals, uiAmountString: uiString(v, decimals) });
  const info = { isNative: t.isNative.__option === "Some", mint: t.mint, owner: t.owner,
    state: ["uninitialized", "initialized", "frozen"][t.state] || "initialized", tokenAmount: ui(t.amount) };
  if (t.delegate.__option === "Some") { info.delegate = t.delegate.value; info.delegatedAmount = ui(t.delegatedAmount); }
  return { program: a.programAddress === TOKEN_2022 ? "spl-token-2022" : "spl-token", parsed: { info, type: "account" }, space: a.data.length };
}
function uiString(v, d) {
  const s = v.toString().padStart(d + 1, "0");
  const whole = s.slice(0, s.length - d), frac = s.slice(s.length - d).replace(/0+$/, "");
  return frac ? whole + "." + frac : whole;
}
function matches(a, filters) {
  for (const f of filters || []) {
    if (f.dataSize !== undefined && a.data.length !== f.dataSize) return false;
    if (f.memcmp) {
      const want = b58.encode(f.memcmp.bytes);
      const at = f.memcmp.offset;
      if (a.data.length < at + want.length) return false;
      for (let i = 0; i < want.length; i++) if (a.data[at + i] !== want[i]) return false;
    }
  }
  return true;
}
function ctxSlot(method, cfg) {
  const min = cfg && cfg.minContextSlot !== undefined ? BigInt(cfg.minContextSlot) : null;
  const s = slot + BigInt(skew[method] || 0);
  if (min !== null && min > s) return min <= slot + 1n ? min : null;
  return s;
}
const rpcError = (code, message) => ({ error: { code, message } });

function handle(method, params) {
  stats.calls[method] = (stats.calls[method] || 0) + 1;
  if (refuse.has(method)) return rpcError(-32601, "Method not found");
  const bad = malformed.has(method);
  switch (method) {
    case "getSlot": return { result: Number(slot) };
    case "getBalance": {
      const s = ctxSlot(method, params[1]);
      if (s === null) return rpcError(-32016, "Minimum context slot has not been reached");
      const a = account(params[0]);
      return { result: { context: { slot: Number(s) }, value: bad ? "lots" : (a ? Number(a.lamports) : 0) } };
    }
    case "getTokenAccountsByOwner": {
      const [owner, filter, cfg] = params;
      const s = ctxSlot(method, cfg);
      if (s === null) return rpcError(-32016, "Minimum context slot has not been reached");
      const program = filter.programId ? address(filter.programId) : mints.get(filter.mint);
      const value = [];
      for (const a of svm.getProgramAccounts(program)) {
        if (a.data.length < 165) continue;
        const t = getTokenDecoder().decode(a.data.slice(0, 165));
        if (t.owner !== owner || (filter.mint && t.mint !== filter.mint)) continue;
        const enc = cfg && cfg.encoding === "jsonParsed" ? { ...encoded(a, "base64"), data: parsedToken(a) } : encoded(a, "base64");
        value.push({ pubkey: a.address, account: enc });
      }
      return { result: { context: { slot: Number(s) }, value: bad ? { accounts: value.length } : value } };
    }
    case "getProgramAccounts": {
      const [program, cfg] = params;
      const s = ctxSlot(method, cfg);
      if (s === null) return rpcError(-32016, "Minimum context slot has not been reached");
      const value = svm.getProgramAccounts(address(program)).filter((a) => matches(a, cfg && cfg.filters))
        .map((a) => ({ pubkey: a.address, account: encoded(a, "base64") }));
      if (bad) return { result: { context: { slot: Number(s) }, value: "not a list" } };
      return { result: cfg && cfg.withContext ? { context: { slot: Number(s) }, value } : value };
    }
    case "getMultipleAccounts": {
      const [keys, cfg] = params;
      const s = ctxSlot(method, cfg);
      if (s === null) return rpcError(-32016, "Minimum context slot has not been reached");
      if (bad) return { result: { context: { slot: Number(s) }, value: {} } };
      return { result: { context: { slot: Number(s) }, value: keys.map((k) => { const a = account(k); return a ? encoded(a, "base64") : null; }) } };
    }
    default: return rpcError(-32601, "Method not found");
  }
}

function answer(req) {
  if (!req || typeof req !== "object" || req.jsonrpc !== "2.0" || typeof req.method !== "string") {
    return { jsonrpc: "2.0", id: req && req.id !== undefined ? req.id : null, error: { code: -32600, message: "Invalid request" } };
  }
  let r;
  try { r = handle(req.method, req.params || []); } catch (e) { r = rpcError(-32602, "Invalid params"); }
  return { jsonrpc: "2.0", id: req.id, ...r };
}

const server = http.createServer((req, res) => {
  if (req.method === "GET" && req.url === "/stats") {
    res.writeHead(200, { "content-type": "application/json" });
    return res.end(JSON.stringify(stats));
  }
  if (req.method === "POST" && req.url === "/reset-stats") {
    stats.httpRequests = 0; stats.calls = {};
    res.writeHead(204); return res.end();
  }
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    stats.httpRequests++;
    let body;
    try { body = JSON.parse(Buffer.concat(chunks).toString("utf8")); } catch (e) {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error" } }));
    }
    let out;
    if (Array.isArray(body)) {
      out = scenario.noBatch ? { jsonrpc: "2.0", id: null, error: { code: -32600, message: "Batch requests are not supported" } } : body.map(answer);
    } else out = answer(body);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(out, (k, v) => (typeof v === "bigint" ? Number(v) : v)));
  });
});
server.listen(scenario.port || 0, "127.0.0.1", () => {
  out.port = server.address().port;
  out.slot = Number(slot);
  process.stdout.write(JSON.stringify(out) + "\n");
});
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
