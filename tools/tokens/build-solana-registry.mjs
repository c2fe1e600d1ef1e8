// Builds data/tokens/solana-tokens.csv, the Solana token registry (issue 23), from four sourced lists, first one wins
// for a mint:
//   1. igneous-labs/sanctum-lst-list @ 8b33c8c39e68e7f2485cf384a48f943247b671ed, sanctum-lst-list.toml: liquid staking
//      tokens, each with its stake pool and the pool's program (kind lst).
//   2. certusone/wormhole-token-list @ 44a69ec2f7a211a7f4b2af5cbd53cc92b630dfde, content/by_dest.csv, rows dest=sol:
//      Portal (Wormhole) wrapped tokens with their origin chain and address (kind bridged, bridge wormhole).
//   3. jup-ag/token-list @ 9e0ce9714f42e8b9790d08ddf3e4265c918b7c8c, validated-tokens.csv: Jupiter's validated list
//      (archived 2025-04), kind plain.
//   4. npm @solana/spl-token-registry@0.2.4574, dist/main/tokens/solana.tokenlist.json: the archived Solana Labs token
//      list, mainnet (chainId 101) rows with decimals > 0 (and, as for every source, at most 36, the registry's bound) (decimals 0 are NFTs and fractions); tag stake-pool -> lst,
//      lp-token -> lp, wormhole -> bridged (wormhole), wrapped-sollet -> bridged (sollet), else plain.
// Curated protocol links (CURATED below) name the incident protocol of a few mints, each with the list row it rests on.
//
//   git -C <sanctum-lst-list clone> show 8b33c8c3:sanctum-lst-list.toml > /tmp/sanctum.toml
//   git -C <wormhole-token-list clone> show 44a69ec:content/by_dest.csv > /tmp/wh_by_dest.csv
//   git -C <jup-ag token-list clone> show 9e0ce971:validated-tokens.csv > /tmp/jup_validated.csv
//   npm pack @solana/spl-token-registry@0.2.4574 && tar xzf solana-spl-token-registry-0.2.4574.tgz
//   node build-solana-registry.mjs --sanctum /tmp/sanctum.toml --wormhole /tmp/wh_by_dest.csv \
//        --jupiter /tmp/jup_validated.csv --spl package/dist/main/tokens/solana.tokenlist.json > ../../data/tokens/solana-tokens.csv
import fs from "node:fs";

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, "")] = process.argv[i + 1];

const SANCTUM = "github:igneous-labs/sanctum-lst-list@8b33c8c39e68e7f2485cf384a48f943247b671ed:sanctum-lst-list.toml";
const WORMHOLE = "github:certusone/wormhole-token-list@44a69ec2f7a211a7f4b2af5cbd53cc92b630dfde:content/by_dest.csv";
const JUPITER = "github:jup-ag/token-list@9e0ce9714f42e8b9790d08ddf3e4265c918b7c8c:validated-tokens.csv";
const SPL = "npm:@solana/spl-token-registry@0.2.4574:dist/main/tokens/solana.tokenlist.json";
const POOL_PROGRAMS = { Spl: "spl-stake-pool", SanctumSpl: "sanctum-spl-stake-pool", SanctumSplMulti: "sanctum-spl-multi-stake-pool",
  Marinade: "marinade", Lido: "lido-solana", ReservePool: "sanctum-reserve-pool", SPool: "sanctum-infinity" };
const ORIGIN = { eth: "ethereum", bsc: "bsc", matic: "polygon", avax: "avalanche" };
// mint -> [protocol slug, reason]; the mint and its name are read from the list named in the row's source.
const CURATED = {
  DriFtupJYLTosbwoN8koMbEYSx54aFAVLddWsbksjwg7: ["drift", "Jupiter's validated list names this mint 'Drift' (DRIFT), the Drift Protocol token"],
  StepAscQoEioFxxWGnh2sLBDFp9d8rvKz2Yp39iDpyT: ["step-finance", "Jupiter's validated list names this mint 'Step' (STEP), Step Finance's token"],
  CASHVDm2wsJXfhj6VWxb7GiMdoLc17Du7paH4bNr5woT: ["cashio", "Jupiter's validated list names this mint 'Cashio Dollar' (CASH), the stablecoin of Cashio"],
  SLNDpmoWTVADgEdndyvWzroNL7zSi1dF9PC3xHGtPwp: ["save", "Jupiter's validated list names this mint 'Solend' (SLND); Solend renamed itself Save, the name of its DefiLlama row"],
};

function csvRows(text) {
  const rows = []; let row = [], field = "", q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) { if (c === '"') { if (text[i + 1] === '"') { field += '"'; i++; } else q = false; } else field += c; }
    else if (c === '"') q = true;
    else if (c === ",") { row.push(field); field = ""; }
    else if (c === "\n" || c === "\r") { if (c === "\r" && text[i + 1] === "\n") i++; row.push(field); rows.push(row); row = []; field = ""; }
    else field += c;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  const [head, ...body] = rows.filter((r) => r.length > 1 || r[0] !== "");
  return body.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i] ?? ""])));
}
function toml(text) {
  const out = []; let cur = null, sub = null;
  for (const line of text.split("\n")) {
    const l = line.trim();
    if (l === "[[sanctum_lst_list]]") { cur = {}; out.push(cur); sub = null; continue; }
    if (l === "[sanctum_lst_list.pool]") { sub = "pool"; continue; }
    const m = /^([a-z_]+)\s*=\s*(?:"([^"]*)"|(\d+))$/.exec(l);
    if (m && cur) cur[(sub ? sub + "." : "") + m[1]] = m[2] !== undefined ? m[2] : Number(m[3]);
  }
  return out;
}
const B58 = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/;
const clean = (s) => String(s ?? "").replace(/[\r\n,"]/g, " ").replace(/\s+/g, " ").trim().slice(0, 80);
const rows = new Map();
const counts = { sanctum: 0, wormhole: 0, jupiter: 0, spl: 0 };
function add(r, from) {
  if (!B58.test(r.address) || rows.has(r.address) || !(r.decimals >= 0 && r.decimals <= 36)) return;
  const c = CURATED[r.address];
  if (c && !r.protocol) { r.protocol = c[0]; r.source += " (protocol: " + c[1] + ")"; }
  rows.set(r.address, r);
  counts[from]++;
}
const blank = { kind: "plain", protocol: "", underlying: "", bridge: "", originChain: "", originAddress: "", pool: "", poolProgram: "" };

for (const t of toml(fs.readFileSync(args.sanctum, "utf8"))) {
  add({ ...blank, address: t.mint, symbol: clean(t.symbol), name: clean(t.name), decimals: t.decimals, kind: "lst",
    pool: t["pool.pool"] || "", poolProgram: POOL_PROGRAMS[t["pool.program"]] || "",
    source: SANCTUM + "#mint=" + t.mint }, "sanctum");
}
for (const r of csvRows(fs.readFileSync(args.wormhole, "utf8"))) {
  if (r.dest !== "sol") continue;
  const origin = ORIGIN[r.origin] || "";
  const oaddr = origin && /^0x[0-9a-fA-F]{40}$/.test(r.sourceAddress) ? r.sourceAddress.toLowerCase() : "";
  add({ ...blank, address: r.address, symbol: clean(r.symbol), name: clean(r.name), decimals: Math.round(Number(r.decimals)), kind: "bridged",
    bridge: "wormhole", originChain: oaddr ? origin : "", originAddress: oaddr, source: WORMHOLE + "#address=" + r.address }, "wormhole");
}
for (const r of csvRows(fs.readFileSync(args.jupiter, "utf8"))) {
  add({ ...blank, address: r.Mint, symbol: clean(r.Symbol), name: clean(r.Name), decimals: Number(r.Decimals), source: JUPITER + "#mint=" + r.Mint }, "jupiter");
}
const spl = JSON.parse(fs.readFileSync(args.spl, "utf8"));
for (const t of spl.tokens) {
  if (t.chainId !== 101 || !(t.decimals > 0)) continue;
  const tags = t.tags || [];
  let kind = "plain", bridge = "";
  if (tags.includes("stake-pool")) kind = "lst";
  else if (tags.includes("lp-token")) kind = "lp";
  else if (tags.includes("wormhole")) { kind = "bridged"; bridge = "wormhole"; }
  else if (tags.includes("wrapped-sollet")) { kind = "bridged"; bridge = "sollet"; }
  add({ ...blank, address: t.address, symbol: clean(t.symbol), name: clean(t.name), decimals: t.decimals, kind, bridge,
    source: SPL + "#address=" + t.address }, "spl");
}
const out = ["chain,address,symbol,name,decimals,kind,protocol,underlying_address,bridge,origin_chain,origin_address,source,stake_pool,stake_pool_program"];
for (const r of rows.values()) {
  out.push(["solana", r.address, r.symbol, r.name, r.decimals, r.kind, r.protocol, r.underlying, r.bridge, r.originChain, r.originAddress,
    r.source, r.pool, r.poolProgram].join(","));
}
process.stdout.write(out.join("\n") + "\n");
process.stderr.write(JSON.stringify({ rows: rows.size, ...counts }) + "\n");
