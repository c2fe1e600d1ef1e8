// The @solana/kit side of SolanaBench (src/test/java/dev/perimeter/bench/SolanaBench.java): the same reads a Perimeter
// Solana scan makes, through @solana/kit's RPC client (createSolanaRpc, its defaults: one HTTP request per call), against
// the same local RPC in the same run.
//
//   node kit-bench.mjs RPC_URL WALLET ACCOUNTS_JSON
//
// ACCOUNTS_JSON: the accounts of the scan's getMultipleAccounts (the Clock sysvar, the Pyth price accounts and the stake pools' accounts). Reads one
// line per round from stdin; for each it sends the six reads concurrently (getBalance, getTokenAccountsByOwner for Token
// and Token-2022 with jsonParsed, getProgramAccounts on the Stake program filtered on staker and on withdrawer, and
// getMultipleAccounts), waits for all answers and prints one JSON line {"ms": wall time, "tokenAccounts": n, "slots": [...]}.
import { createSolanaRpc, address } from "@solana/kit";

const [url, wallet, accountsJson] = process.argv.slice(2);
const rpc = createSolanaRpc(url);
const owner = address(wallet);
const accounts = JSON.parse(accountsJson).map(address);
const TOKEN = address("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
const TOKEN_2022 = address("TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb");
const STAKE = address("Stake11111111111111111111111111111111111111");
const cfg = { commitment: "finalized" };
const stake = (offset) => rpc.getProgramAccounts(STAKE, { ...cfg, encoding: "base64", withContext: true,
  filters: [{ dataSize: 200n }, { memcmp: { offset: BigInt(offset), bytes: wallet, encoding: "base58" } }] }).send();

async function round() {
  const t0 = process.hrtime.bigint();
  const [bal, tok, tok22, byStaker, byWithdrawer, multi] = await Promise.all([
    rpc.getBalance(owner, cfg).send(),
    rpc.getTokenAccountsByOwner(owner, { programId: TOKEN }, { ...cfg, encoding: "jsonParsed" }).send(),
    rpc.getTokenAccountsByOwner(owner, { programId: TOKEN_2022 }, { ...cfg, encoding: "jsonParsed" }).send(),
    stake(12),
    stake(44),
    rpc.getMultipleAccounts(accounts, { ...cfg, encoding: "base64" }).send(),
  ]);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const slots = [bal, tok, tok22, byStaker, byWithdrawer, multi].map((r) => Number(r.context.slot));
  return { ms, tokenAccounts: tok.value.length + tok22.value.length, slots };
}

let queue = Promise.resolve();
process.stdin.setEncoding("utf8");
let buf = "";
process.stdin.on("data", (chunk) => {
  buf += chunk;
  let i;
  while ((i = buf.indexOf("\n")) >= 0) {
    buf = buf.slice(i + 1);
    queue = queue.then(round).then((r) => process.stdout.write(JSON.stringify(r) + "\n"),
      (e) => process.stdout.write(JSON.stringify({ error: String(e && e.message || e) }) + "\n"));
  }
});
process.stdin.on("end", () => queue.then(() => process.exit(0)));
