package dev.perimeter.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perimeter.TestApp;
import dev.perimeter.token.PriceBook;
import dev.perimeter.token.Token;
import dev.perimeter.token.TokenRegistry;
import dev.perimeter.testchain.Anvil;
import dev.perimeter.util.DataFiles;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Exposure API benchmark (not a test; prints figures, asserts nothing about time). One run, side by side on the same
 * local anvil (chain id 1) where every ethereum registry token has real ERC-20 code and every ethereum price feed is a
 * live feed contract:
 * <ol>
 * <li>(a) one raw Multicall3 {@code aggregate3} eth_call holding every registry token's {@code balanceOf(wallet)}, plain
 * HTTP JSON-RPC to anvil (calldata built before the clock starts, gas 100M as the 3,486 calls need ~31M; the time is
 * the round trip until the last byte);</li>
 * <li>(b) {@code GET /api/v1/wallets/{wallet}/exposure?chains=ethereum} of the whole app (balances, prices, approvals,
 * unlisted discovery, matching, JSON) for N distinct wallets, so the scan cache never hits; (a) and (b) alternate,
 * wallet by wallet, so both see the same machine load;</li>
 * <li>the cached twin of (b) (the same wallet again: matching and JSON only);</li>
 * <li>(c) {@code GET /api/v1/wallets?addresses=…&chains=ethereum,arbitrum}: 20 distinct wallets × 2 chains (a second
 * anvil, chain id 42161, plays arbitrum), repeated with fresh wallets;</li>
 * <li>optionally viem's {@code multicall} over the same tokens (its defaults), when Node.js and viem are installed
 * ({@code tools/prices/node_modules/viem}, via {@code cd tools/prices && npm ci}).</li>
 * </ol>
 * Every measured wallet holds a few registry tokens (USDC, rsETH, two more with price feeds), an unlisted token, and an
 * unlimited USDC approval to a contract of the incident data, so each report has holdings, prices, an approval, an
 * unlisted token and findings. Run from the project folder:
 * <pre>
 *   mvn -B -q test-compile exec:java -Dexec.mainClass=dev.perimeter.bench.ExposureApiBench -Dexec.classpathScope=test
 * </pre>
 * System properties: {@code bench.wallets} (N, 40), {@code bench.warmup} (60 wallets before N are measured: the JIT
 * needs a few dozen scans), {@code bench.multiRounds} (5), {@code bench.chunks} (multicall chunk sizes to compare, e.g.
 * {@code 400,1000,all}; default: the app's default), {@code bench.viem} (true), {@code bench.breakdown} (true: the
 * in-process timing of one report, {@link Breakdown}), {@code bench.pauseMs} (30: quiet time before each measured
 * request; (a) and (b) also alternate which goes first), {@code bench.coldRounds} (12: wallets of 20 proxied tokens read
 * cold, after 2 warm-up ones; the control figures, bench/README.md "Control reads in the scan").
 */
public final class ExposureApiBench {
    static final String MULTICALL3 = Anvil.MULTICALL3;
    static final String UNLISTED = "0x4444444444444444444444444444444444444444";
    static final ObjectMapper JSON = new ObjectMapper();
    /** Quiet time before each measured request. */
    static final long PAUSE_MS = Long.getLong("bench.pauseMs", 30);
    /**
     * -Dbench.lenders=true (default): every measured wallet also holds aEthUSDC, lent in an Aave V3 Pool stand-in at the Core
     * market's address (USDC and rsETH as collateral), so each report reads its market (issue 22); false: no aToken held.
     * Set in main; the registry address of aEthUSDC, or null.
     */
    static String LENDERS;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();

    private ExposureApiBench() {}

    record Figures(String label, List<Long> raw, List<Long> api, List<Long> cached, List<Long> scanMillis, List<Long> multi,
                   long httpRequests, long rpcCalls, int holdings, int approvals, int findings, int scans, int notOk) {}

    /**
     * A fresh measured wallet (number seq): USDC, rsETH, the two priced tokens, the unlisted token, native ETH, and an
     * unlimited USDC approval to an exploited contract.
     */
    static String measuredWallet(Anvil eth, int seq, String usdc, String rseth, List<String> priced, String exploited) {
        String w = wallet(seq);
        if (LENDERS != null) eth.mint(LENDERS, w, new BigInteger("4000000000")); // aEthUSDC, lent in the Aave V3 Core stand-in
        eth.mint(usdc, w, new BigInteger("2500000000"));
        eth.mint(rseth, w, new BigInteger("1500000000000000000"));
        eth.mint(priced.get(0), w, new BigInteger("1000000000000000000"));
        eth.mint(priced.get(1), w, new BigInteger("10000000"));
        eth.mint(UNLISTED, w, BigInteger.valueOf(777));
        eth.approve(usdc, w, exploited, BigInteger.TWO.pow(256).subtract(BigInteger.ONE));
        eth.setNativeBalance(w, new BigInteger("3000000000000000000"));
        return w;
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.getInteger("bench.wallets", 40);
        int multiRounds = Integer.getInteger("bench.multiRounds", 5);
        List<String> chunks = List.of(System.getProperty("bench.chunks", "default").split(","));
        boolean viem = Boolean.parseBoolean(System.getProperty("bench.viem", "true"));
        String loadBefore = loadAverage();

        TokenRegistry registry = TokenRegistry.load(DataFiles.bundled());
        PriceBook prices = PriceBook.load(DataFiles.bundled());
        List<String> tokens = registry.addresses("ethereum");
        List<String> arbTokens = registry.addresses("arbitrum");
        try (Anvil eth = new Anvil(1); Anvil arb = new Anvil(42161)) {
            long t0 = System.nanoTime();
            String runtime = Anvil.runtime("TestToken");
            for (Anvil a : List.of(eth, arb)) a.placeMulticall();
            for (String t : tokens) eth.rpc("anvil_setCode", t, runtime);
            for (String t : arbTokens) arb.rpc("anvil_setCode", t, runtime);
            placeFeeds(eth, prices.feeds("ethereum"));
            placeFeeds(arb, prices.feeds("arbitrum"));
            String usdc = pick(registry, "ethereum", t -> t.symbol().equals("USDC") && t.kind().equals("plain"));
            String rseth = "0xa1290d69c65a6fe4df752f95823fae25cb99e5a7";
            List<String> priced = new ArrayList<>();
            for (String f : List.of("WETH", "WBTC")) priced.add(pick(registry, "ethereum", t -> t.symbol().equals(f)));
            String arbToken = arbTokens.get(0);
            eth.placeToken(UNLISTED, "Mystery", "MYST", 9);
            if (Boolean.parseBoolean(System.getProperty("bench.lenders", "true"))) {
                String aEthUsdc = pick(registry, "ethereum", t -> t.symbol().equals("aEthUSDC"));
                String core = dev.perimeter.testchain.LendingContracts.market("Aave V3 Core");
                dev.perimeter.testchain.LendingContracts lending = new dev.perimeter.testchain.LendingContracts(eth);
                lending.placeAavePool(core);
                lending.placeAToken(aEthUsdc, "aEthUSDC", 6, usdc, core);
                lending.setReserve(core, usdc, aEthUsdc, 7500, 7800, false, false);
                lending.setReserve(core, rseth, "0x00000000000000000000000000000000000e0e02", 7200, 7500, true, false);
                LENDERS = aEthUsdc;
            }
            for (String t : List.of(usdc, rseth, priced.get(0), priced.get(1))) {
                Token tok = registry.find("ethereum", t).orElseThrow();
                eth.send(t, fn("initialize", tok.name(), tok.symbol(), tok.decimals()));
            }

            String firstChunk = chunks.get(0).equals("default") ? null : chunks.get(0);
            List<String> controlLines = new ArrayList<>();
            List<Figures> all = new ArrayList<>();
            String breakdown = null, breakdownLabel = null;
            int walletSeq = 0;
            String marketFigures = "";
            for (String chunk : chunks) {
                Map<String, String> env = new LinkedHashMap<>();
                env.put("PERIMETER_CHAINS", "ethereum,arbitrum");
                env.put("PERIMETER_RPC_ETHEREUM", eth.url());
                env.put("PERIMETER_RPC_ARBITRUM", arb.url());
                env.put("PERIMETER_SCAN_RATE_PER_MINUTE", "1000000");
                String label = "default";
                if (!chunk.equals("default")) {
                    label = chunk;
                    env.put("PERIMETER_MULTICALL_CHUNK", chunk.equals("all") ? String.valueOf(tokens.size() + 1) : chunk);
                }
                try (TestApp app = new TestApp(env)) {
                    String exploited = app.wiring.exposure.snapshot().exploitedContracts("ethereum").get(0);
                    // wallets: warm-up + measured (b), then multi rounds of 20
                    int warm = Integer.getInteger("bench.warmup", 60); // the JIT needs a few dozen scans
                    List<String> single = new ArrayList<>();
                    for (int i = 0; i < warm + n; i++) {
                        single.add(measuredWallet(eth, ++walletSeq, usdc, rseth, priced, exploited));
                    }
                    List<List<String>> multiWallets = new ArrayList<>();
                    for (int r = 0; r < multiRounds + 1; r++) {
                        List<String> ws = new ArrayList<>();
                        for (int i = 0; i < 20; i++) {
                            String w = wallet(++walletSeq);
                            eth.mint(usdc, w, BigInteger.valueOf(1_000_000L + i));
                            arb.mint(arbToken, w, BigInteger.valueOf(1_000L + i));
                            ws.add(w);
                        }
                        multiWallets.add(ws);
                    }
                    System.err.printf("setup done in %.1f s (%d ethereum tokens with code, %d arbitrum)%n", (System.nanoTime() - t0) / 1e9,
                            tokens.size(), arbTokens.size());

                    List<Long> raw = new ArrayList<>(), api = new ArrayList<>(), cached = new ArrayList<>(), scanMs = new ArrayList<>();
                    List<Long> apiFirst = new ArrayList<>(), apiAfterRaw = new ArrayList<>();
                    long req = 0, calls = 0;
                    int holdings = 0, approvals = 0, findings = 0, notOk = 0;
                    for (int i = 0; i < single.size(); i++) {
                        String w = single.get(i);
                        byte[] body = aggregateRequest(tokens, w);
                        // (a) and (b) alternate which goes first, each after a pause: neither runs while the node or the
                        // JVM still clears up after the other.
                        long rawNanos = 0, apiNanos = 0;
                        HttpResponse<byte[]> resp = null;
                        for (int k = 0; k < 2; k++) {
                            Thread.sleep(PAUSE_MS);
                            if ((i + k) % 2 == 0) {
                                long r0 = System.nanoTime();
                                byte[] answer = post(eth.url(), body);
                                rawNanos = System.nanoTime() - r0;
                                if (answer.length < tokens.size() * 300) {
                                    throw new IllegalStateException("short aggregate3 answer: " + new String(answer, 0, Math.min(400, answer.length),
                                            StandardCharsets.UTF_8));
                                }
                            } else {
                                long a0 = System.nanoTime();
                                resp = get(app.base + "/api/v1/wallets/" + w + "/exposure?chains=ethereum");
                                apiNanos = System.nanoTime() - a0;
                            }
                        }
                        JsonNode report = check(resp);
                        Thread.sleep(PAUSE_MS);
                        long c0 = System.nanoTime();
                        check(get(app.base + "/api/v1/wallets/" + w + "/exposure?chains=ethereum"));
                        long cachedNanos = System.nanoTime() - c0;
                        if (i < warm) continue;
                        raw.add(rawNanos);
                        api.add(apiNanos);
                        (i % 2 == 0 ? apiAfterRaw : apiFirst).add(apiNanos);
                        cached.add(cachedNanos);
                        JsonNode chain = report.path("chains").path(0);
                        scanMs.add(chain.path("millis").asLong() * 1_000_000);
                        req = chain.path("httpRequests").asLong();
                        calls = chain.path("rpcCalls").asLong();
                        holdings = report.path("summary").path("holdings").asInt();
                        approvals = report.path("summary").path("approvals").asInt();
                        findings = report.path("summary").path("findings").asInt();
                        if (!"ok".equals(chain.path("status").asText())) {
                            notOk++;
                            if (notOk == 1) System.err.println("chunk " + label + ": scan " + chain.path("status").asText() + ": " + chain.path("error").asText());
                        }
                    }

                    List<Long> multi = new ArrayList<>();
                    for (int r = 0; r < multiWallets.size(); r++) {
                        Thread.sleep(PAUSE_MS);
                        long m0 = System.nanoTime();
                        JsonNode m = check(get(app.base + "/api/v1/wallets?addresses=" + String.join(",", multiWallets.get(r))
                                + "&chains=ethereum,arbitrum"));
                        long ms = System.nanoTime() - m0;
                        int ok = 0;
                        for (JsonNode s : m.path("wallets")) for (JsonNode c : s.path("chains")) if ("ok".equals(c.path("status").asText())) ok++;
                        if (ok != 40) System.err.println("chunk " + label + ": multi-wallet report: " + ok + "/40 chain scans ok");
                        if (r > 0) multi.add(ms); // the first round warms the arbitrum path
                    }
                    all.add(new Figures(label, raw, api, cached, scanMs, multi, req, calls, holdings, approvals, findings, api.size(), notOk));
                    if (marketFigures.isEmpty()) {
                        dev.perimeter.chain.EvmChainReader.MarketStats ms = app.wiring.scanner.reader("ethereum").orElseThrow().marketStats();
                        marketFigures = String.format(Locale.ROOT, "markets read on-chain %d, market cache %d hits / %d misses (hit rate %.1f%%)",
                                ms.marketsRead(), ms.hits(), ms.misses(), 100.0 * ms.hits() / Math.max(1, ms.hits() + ms.misses()));
                    }
                    if (chunk.equals(chunks.get(0))) {
                        var cache = app.wiring.control.cache();
                        long hits = cache.hits(), misses = cache.misses();
                        controlLines.add(String.format(Locale.ROOT, "warm (the measured wallets' tokens, spender and unlisted token were read by the"
                                + " warm-up's first scan): control cache %d hits, %d misses over the run so far (hit rate %.1f%%); HTTP requests per"
                                + " chain %d", hits, misses, 100.0 * hits / Math.max(1, hits + misses), req));
                        controlLines.addAll(cold(app, eth, tokens, List.of(usdc, rseth, priced.get(0), priced.get(1)), walletSeq));
                        walletSeq += 1000;
                    }
                    System.err.printf(Locale.ROOT, "chunk %s: (b) p50 when it went first %.1f ms, after (a) %.1f ms%n", label, pct(apiFirst, 50),
                            pct(apiAfterRaw, 50));
                    if (chunk.equals(chunks.get(0)) && Boolean.parseBoolean(System.getProperty("bench.breakdown", "true"))) {
                        List<String> ws = new ArrayList<>();
                        int bwarm = 5; // after the side-by-side run, the JIT is warm
                        for (int i = 0; i < 2 * (bwarm + n); i++) { // two wallets per round: the bench's scanner, the app's report
                            ws.add(measuredWallet(eth, ++walletSeq, usdc, rseth, priced, exploited));
                        }
                        breakdown = Breakdown.run(app, eth.url(), ws, bwarm, env.get("PERIMETER_MULTICALL_CHUNK"));
                        breakdownLabel = label;
                    }
                }
            }

            Map<String, Double> viemFigures = viem ? viem(eth.url(), tokens, n) : Map.of();
            String loadAfter = loadAverage();

            System.out.println();
            System.out.printf("Exposure API benchmark: ethereum registry of %d tokens with ERC-20 code on local anvil, %d distinct wallets"
                    + " per row (after %d warm-up wallets), %d multi-wallet rounds of 20 wallets x 2 chains%n", tokens.size(), n,
                    Integer.getInteger("bench.warmup", 60), multiRounds);
            System.out.println("| chunk | (a) raw aggregate3 p50 ms | (b) exposure API p50 ms | (b) p95 ms | (b)/(a) p50 | scan (chain millis) p50 ms"
                    + " | cached report p50 ms | HTTP requests | RPC calls | scans not ok | (c) 20 wallets x 2 chains median ms (max) |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
            for (Figures f : all) {
                System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.2f | %.0f | %.1f | %d | %d | %d/%d | %.0f (%.0f) |%n", f.label(),
                        pct(f.raw(), 50), pct(f.api(), 50), pct(f.api(), 95), pct(f.api(), 50) / pct(f.raw(), 50), pct(f.scanMillis(), 50),
                        pct(f.cached(), 50), f.httpRequests(), f.rpcCalls(), f.notOk(), f.scans(), pct(f.multi(), 50), pct(f.multi(), 100));
            }
            Figures f0 = all.get(0);
            System.out.printf(Locale.ROOT, "each report: %d holdings, %d approval(s), %d findings%n", f0.holdings(), f0.approvals(), f0.findings());
            if (!viemFigures.isEmpty()) {
                System.out.printf(Locale.ROOT, "viem %s multicall (its defaults) over the same %d tokens: p50 %.1f ms, p95 %.1f ms (%d wallets)%n",
                        viemVersion(), tokens.size(), viemFigures.get("p50"), viemFigures.get("p95"), viemFigures.get("runs").intValue());
            }
            if (breakdown != null) {
                System.out.println();
                System.out.println("Where one exposure report's time goes (chunk " + breakdownLabel + "; medians over " + n + " distinct wallets):");
                System.out.print(breakdown);
            }
            System.out.println("lending markets: " + (LENDERS == null ? "no aToken held (bench.lenders=false)"
                    : "every measured wallet holds aEthUSDC (Aave V3 Core stand-in)") + "; " + marketFigures);
            if (!controlLines.isEmpty()) {
                System.out.println();
                System.out.println("Control reads in the scan (issue 21; chunk " + all.get(0).label() + "):");
                controlLines.forEach(System.out::println);
            }
            System.out.println("load average (1, 5, 15 min) before: " + loadBefore + "; after: " + loadAfter + " (2 cores)");
            if (firstChunk != null) System.out.println("(chunk sizes: PERIMETER_MULTICALL_CHUNK; 'all' = one aggregate3 for every token)");
        }
    }

    /**
     * Cold control reads: for each round a fresh wallet holding 20 registry tokens nobody read before, each an EIP-1967
     * proxy whose admin slot names its own ProxyAdmin stand-in owned by a 2-of-3 Safe stand-in (the path the issue names:
     * slot → ProxyAdmin.owner() → Safe getThreshold/getOwners), so every scan reads 20 contracts' control cold. (a) one raw
     * aggregate3 of every balanceOf and (b) the exposure API alternate as in the main run.
     */
    static List<String> cold(TestApp app, Anvil eth, List<String> tokens, List<String> skip, int seq) throws Exception {
        int rounds = Integer.getInteger("bench.coldRounds", 12), warm = 2;
        List<String> pool = new ArrayList<>(tokens);
        pool.removeAll(skip);
        String[] keys = {"0x00000000000000000000000000000000000e0a01", "0x00000000000000000000000000000000000e0a02",
                "0x00000000000000000000000000000000000e0a03"};
        String safe = "0x00000000000000000000000000000000005afe01";
        dev.perimeter.testchain.ControlContracts.safe(eth, safe, 2, keys);
        List<Long> raw = new ArrayList<>(), api = new ArrayList<>();
        long requests = 0, calls = 0;
        int read = 0;
        var cache = app.wiring.control.cache();
        long h0 = cache.hits(), m0 = cache.misses();
        for (int r = 0; r < warm + rounds; r++) {
            String w = wallet(seq + 1 + r);
            for (int i = 0; i < 20; i++) {
                String t = pool.get(pool.size() - 1 - (r * 20 + i)); // from the end: tokens the main run's wallets never hold
                String admin = String.format("0x%040x", 0xad0000L + r * 20 + i);
                dev.perimeter.testchain.ControlContracts.owned(eth, admin, safe);
                dev.perimeter.testchain.ControlContracts.slot(eth, t, dev.perimeter.testchain.ControlContracts.IMPLEMENTATION_SLOT,
                        "0x0000000000000000000000000000000000001a01");
                dev.perimeter.testchain.ControlContracts.slot(eth, t, dev.perimeter.testchain.ControlContracts.ADMIN_SLOT, admin);
                eth.mint(t, w, BigInteger.TEN.pow(18));
            }
            byte[] body = aggregateRequest(tokens, w);
            long rawNanos = 0, apiNanos = 0;
            HttpResponse<byte[]> resp = null;
            for (int k = 0; k < 2; k++) {
                Thread.sleep(PAUSE_MS);
                if ((r + k) % 2 == 0) {
                    long t0 = System.nanoTime();
                    post(eth.url(), body);
                    rawNanos = System.nanoTime() - t0;
                } else {
                    long t0 = System.nanoTime();
                    resp = get(app.base + "/api/v1/wallets/" + w + "/exposure?chains=ethereum");
                    apiNanos = System.nanoTime() - t0;
                }
            }
            JsonNode report = check(resp);
            if (r < warm) continue;
            raw.add(rawNanos);
            api.add(apiNanos);
            JsonNode chain = report.path("chains").path(0);
            requests = Math.max(requests, chain.path("httpRequests").asLong());
            calls = chain.path("rpcCalls").asLong();
            int n = 0;
            for (JsonNode hld : chain.path("holdings")) {
                JsonNode c = hld.path("control");
                if ("safe".equals(c.path("admin").path("kind").asText())) n++;
            }
            read = n;
        }
        long hits = cache.hits() - h0, misses = cache.misses() - m0;
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "cold (first scan of a wallet holding 20 proxied tokens, ProxyAdmin -> 2-of-3 Safe; %d wallets after %d"
                + " warm-up): (a) raw aggregate3 p50 %.1f ms, (b) exposure API p50 %.1f ms, p95 %.1f ms, (b)/(a) p50 %.2f; HTTP requests per"
                + " chain at most %d, %d RPC calls; holdings whose admin read as the 2-of-3 Safe: %d/20", rounds, warm, pct(raw, 50), pct(api, 50),
                pct(api, 95), pct(api, 50) / pct(raw, 50), requests, calls, read));
        out.add(String.format(Locale.ROOT, "control cache during the cold rounds: %d hits, %d misses (hit rate %.1f%%: the spender, unlisted and"
                + " position contracts repeat, the 20 tokens do not)", hits, misses, 100.0 * hits / Math.max(1, hits + misses)));
        return out;
    }

    static String wallet(int i) {
        return String.format("0x%040x", 0xe0000000L + i);
    }

    static String pick(TokenRegistry registry, String chain, java.util.function.Predicate<Token> p) {
        return dev.perimeter.TestData.registryToken(registry, chain, p);
    }

    static void placeFeeds(Anvil a, List<String> feeds) {
        long ts = a.latestBlockTimestamp();
        for (String f : feeds) a.placePriceFeed(f, new BigInteger("100000000"), 8, ts);
    }

    static String fn(String name, String tokenName, String symbol, int decimals) {
        return org.web3j.abi.FunctionEncoder.encode(new org.web3j.abi.datatypes.Function(name, List.of(
                new org.web3j.abi.datatypes.Utf8String(tokenName), new org.web3j.abi.datatypes.Utf8String(symbol),
                new org.web3j.abi.datatypes.generated.Uint8(decimals)), List.of()));
    }

    /**
     * eth_call of aggregate3 with every token's balanceOf(wallet), allowFailure = true, at "latest"; hex built by hand. It
     * carries gas = 100M: the 3,486 calls need about 31M gas, more than anvil's default call gas (its 30M block gas limit).
     */
    static byte[] aggregateRequest(List<String> tokens, String wallet) {
        int n = tokens.size();
        StringBuilder sb = new StringBuilder(64 + 2 * (64 + n * (64 + 192 * 2)) + 100);
        sb.append("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_call\",\"params\":[{\"to\":\"").append(MULTICALL3)
                .append("\",\"gas\":\"0x5f5e100\",\"data\":\"0x82ad56cb");
        word(sb, 32);
        word(sb, n);
        for (int i = 0; i < n; i++) word(sb, 32L * n + 192L * i);
        String owner = "000000000000000000000000" + wallet.substring(2);
        for (String t : tokens) {
            sb.append("000000000000000000000000").append(t.substring(2));
            word(sb, 1);
            word(sb, 96);
            word(sb, 36);
            sb.append("70a08231").append(owner).append("00000000000000000000000000000000000000000000000000000000");
        }
        sb.append("\"},\"latest\"]}");
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void word(StringBuilder sb, long v) {
        String h = Long.toHexString(v);
        sb.append("0".repeat(64 - h.length())).append(h);
    }

    static byte[] post(String url, byte[] body) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) throw new IllegalStateException("HTTP " + r.statusCode());
        return r.body();
    }

    static HttpResponse<byte[]> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    static JsonNode check(HttpResponse<byte[]> r) throws Exception {
        if (r.statusCode() != 200) throw new IllegalStateException("HTTP " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
        return JSON.readTree(r.body());
    }

    /** viem's multicall (its defaults) over the same tokens for n distinct wallets, through bench/exposure/viem-multicall.mjs. */
    static Map<String, Double> viem(String rpc, List<String> tokens, int n) {
        Path script = Anvil.root().resolve("bench/exposure/viem-multicall.mjs");
        Path viem = Anvil.root().resolve("tools/prices/node_modules/viem/package.json");
        if (!Files.exists(viem)) {
            System.err.println("viem not installed (cd tools/prices && npm ci): skipped");
            return Map.of();
        }
        try {
            Path list = Files.createTempFile("bench-tokens", ".txt");
            Files.write(list, tokens);
            Process p = new ProcessBuilder("node", script.toString(), rpc, list.toString(), String.valueOf(n)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor();
            Files.deleteIfExists(list);
            JsonNode j = JSON.readTree(out.substring(out.lastIndexOf('{')));
            return Map.of("p50", j.path("p50").asDouble(), "p95", j.path("p95").asDouble(), "runs", j.path("runs").asDouble());
        } catch (Exception e) {
            System.err.println("viem run failed: " + e);
            return Map.of();
        }
    }

    static String viemVersion() {
        try {
            return JSON.readTree(Anvil.root().resolve("tools/prices/node_modules/viem/package.json").toFile()).path("version").asText();
        } catch (Exception e) {
            return "?";
        }
    }

    static String loadAverage() {
        try {
            String[] p = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return p[0] + ", " + p[1] + ", " + p[2];
        } catch (Exception e) {
            return "unknown";
        }
    }

    static double pct(List<Long> nanos, int p) {
        if (nanos.isEmpty()) return Double.NaN;
        List<Long> s = new ArrayList<>(nanos);
        Collections.sort(s);
        int idx = (int) Math.ceil(p / 100.0 * s.size()) - 1;
        return s.get(Math.max(0, idx)) / 1e6;
    }
}
