package dev.perimeter.bench;

import dev.perimeter.chain.ChainData;
import dev.perimeter.chain.Deadline;
import dev.perimeter.chain.EvmChainReader;
import dev.perimeter.chain.JsonRpcClient;
import dev.perimeter.chain.ScanPlan;
import dev.perimeter.token.TokenRegistry;
import dev.perimeter.testchain.Anvil;
import dev.perimeter.testchain.FaultProxy;
import dev.perimeter.util.DataFiles;
import dev.perimeter.wallet.WalletScan;
import dev.perimeter.wallet.WalletScanner;
import dev.perimeter.web.WebApp;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Scan benchmark (not a test): `mvn -B -q -Pbench-scan verify` or run this main with the test classpath.
 * Every ethereum registry token gets real ERC-20 code on a local anvil, so each balanceOf executes.
 */
public final class ScanBench {
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        boolean quick = args.length > 1 && args[1].equals("quick"); // only the scans with and without position reads
        TokenRegistry registry = TokenRegistry.load(DataFiles.bundled());
        List<String> tokens = registry.addresses("ethereum");
        // ethereum starts past Morpho Blue's deployment block, so the position reads' log query covers blocks as on mainnet
        long morphoFrom = dev.perimeter.position.PositionContracts.load(DataFiles.bundled()).on("ethereum").morpho().fromBlock();
        try (Anvil eth = new Anvil(1, morphoFrom + 1_000); Anvil arb = new Anvil(42161)) {
            String runtime = Anvil.runtime("TestToken");
            eth.placeMulticall();
            arb.placeMulticall();
            for (String t : tokens) eth.rpc("anvil_setCode", t, runtime);
            List<String> arbTokens = registry.addresses("arbitrum");
            for (String t : arbTokens) arb.rpc("anvil_setCode", t, runtime);
            String wallet = "0x00000000000000000000000000000000000b3c01";
            for (int i = 0; i < 5; i++) {
                eth.placeToken(tokens.get(i * 100), "T" + i, "T" + i, 18);
                eth.mint(tokens.get(i * 100), wallet, BigInteger.valueOf(1000L + i));
            }
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            try (FaultProxy counter = new FaultProxy(eth.url())) {
                EvmChainReader reader = new EvmChainReader("ethereum", 1, URI.create(counter.url()), http, WebApp.objectMapper(),
                        EvmChainReader.Limits.defaults());
                ScanPlan plan = new ScanPlan(wallet, tokens, List.of(), false, false);
                // The same scan with position reads on (ScanPlan.readPositions): the wallet holds no position, the
                // contracts of data/positions/contracts.csv have no code here (their reads answer nothing). The two
                // alternate, so both see the same machine load.
                ScanPlan withPositions = plan.withPositions(true, WalletScanner.plan(
                        dev.perimeter.position.PositionContracts.load(DataFiles.bundled()).on("ethereum")));
                reader.scan(plan, Deadline.in(Duration.ofSeconds(30))); // warm-up
                reader.scan(withPositions, Deadline.in(Duration.ofSeconds(30)));
                List<Long> times = new ArrayList<>();
                List<Long> posTimes = new ArrayList<>();
                ChainData last = null;
                for (int i = 0; i < runs; i++) {
                    long t0 = System.nanoTime();
                    last = reader.scan(plan, Deadline.in(Duration.ofSeconds(30)));
                    long t1 = System.nanoTime();
                    reader.scan(withPositions, Deadline.in(Duration.ofSeconds(30)));
                    posTimes.add(System.nanoTime() - t1);
                    times.add(t1 - t0);
                }
                // (tokens.get(0) is the registry's zero-address row: no pool or market has it.)
                // A wallet that has positions: 3 Uniswap V3 NFTs, a Morpho Blue supply, an EigenLayer deposit (test
                // contracts at the data file's addresses): its balance scan needs a second request for them.
                dev.perimeter.testchain.TestPositions tp = new dev.perimeter.testchain.TestPositions(eth);
                String holder = "0x00000000000000000000000000000000000b3c02";
                for (int i = 0; i < 3; i++) tp.mintNft(holder, 500 + i, tokens.get(1), tokens.get(2), 500, BigInteger.valueOf(1000 + i));
                var market = new dev.perimeter.testchain.TestPositions.Market(tokens.get(1), tokens.get(2), tokens.get(3), tokens.get(4),
                        new BigInteger("900000000000000000"));
                tp.createMarket(market);
                tp.supply(market, BigInteger.TEN.pow(18), BigInteger.TEN.pow(24), holder);
                String strategy = tp.on.strategies().keySet().iterator().next();
                tp.placeStrategy(strategy, tp.on.strategies().get(strategy), 1, 1);
                tp.deposit(holder, strategy, BigInteger.TEN.pow(18));
                ScanPlan holderPlan = new ScanPlan(holder, tokens, List.of(), false, false).withPositions(true, withPositions.positions());
                reader.scan(holderPlan, Deadline.in(Duration.ofSeconds(30))); // warm-up
                List<Long> holderTimes = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    long t0 = System.nanoTime();
                    reader.scan(holderPlan, Deadline.in(Duration.ofSeconds(30)));
                    holderTimes.add(System.nanoTime() - t0);
                }
                counter.reset(FaultProxy.Mode.PASS);
                ChainData holderScan = reader.scan(holderPlan, Deadline.in(Duration.ofSeconds(30)));
                int held = holderScan.positions().size();
                System.out.println("positions: " + holderScan.positions().stream().map(ChainData.RawPosition::id).toList() + ", problems: "
                        + holderScan.problems());
                double holderReq = counter.requests.get();
                double holderCalls = counter.calls.get();

                counter.reset(FaultProxy.Mode.PASS);
                reader.scan(plan, Deadline.in(Duration.ofSeconds(30)));
                double reqPerScan = counter.requests.get();
                double callsPerScan = counter.calls.get();
                counter.reset(FaultProxy.Mode.PASS);
                reader.scan(withPositions, Deadline.in(Duration.ofSeconds(30)));
                double posReq = counter.requests.get();
                double posCalls = counter.calls.get();

                // Naive: one HTTP request per token (eth_call balanceOf), as a tracker without batching or Multicall3 would.
                JsonRpcClient naive = new JsonRpcClient(URI.create(counter.url()), http, WebApp.objectMapper(), 1 << 20, 0);
                String data = "0x70a08231000000000000000000000000" + wallet.substring(2);
                int naiveRuns = quick ? 0 : Math.max(3, runs / 10);
                List<Long> naiveTimes = new ArrayList<>();
                counter.reset(FaultProxy.Mode.PASS);
                for (int i = 0; i < naiveRuns; i++) {
                    long t0 = System.nanoTime();
                    naive.call(new JsonRpcClient.Call("eth_getBalance", List.of(wallet, "latest")), Deadline.in(Duration.ofSeconds(60)));
                    for (String t : tokens) {
                        naive.call(new JsonRpcClient.Call("eth_call", List.of(Map.of("to", t, "data", data), "latest")), Deadline.in(Duration.ofSeconds(60)));
                    }
                    naiveTimes.add(System.nanoTime() - t0);
                }
                double naiveReq = naiveRuns == 0 ? Double.NaN : counter.requests.get() / (double) naiveRuns;

                System.out.println();
                System.out.println("Scan benchmark: one wallet, ethereum registry (" + tokens.size() + " tokens with code) on local anvil, "
                        + runs + " scans");
                System.out.println("| scan | HTTP requests/scan | RPC calls/scan | p50 ms | p95 ms |");
                System.out.println("|---|---|---|---|---|");
                System.out.printf("| Perimeter (batch + Multicall3) | %.1f | %.1f | %.1f | %.1f |%n", reqPerScan, callsPerScan, pct(times, 50), pct(times, 95));
                System.out.printf("| Perimeter with position reads | %.1f | %.1f | %.1f | %.1f |%n", posReq, posCalls, pct(posTimes, 50), pct(posTimes, 95));
                System.out.printf("| Perimeter with position reads, a wallet with %d positions | %.1f | %.1f | %.1f | %.1f |%n", held, holderReq,
                        holderCalls, pct(holderTimes, 50), pct(holderTimes, 95));
                if (!quick) System.out.printf("| naive (one request per token) | %.1f | %.1f | %.1f | %.1f |%n", naiveReq, naiveReq, pct(naiveTimes, 50), pct(naiveTimes, 95));
                if (!quick) System.out.printf("Requests ratio naive/Perimeter: %.0fx; holdings found: %d%n", naiveReq / reqPerScan, last.balances().values().stream().filter(v -> v.signum() > 0).count());
            }

            if (quick) return;
            // 20 wallets x 2 chains, through the wallet scanner (chains in parallel, wallets one after another).
            ExecutorService pool = Executors.newFixedThreadPool(8);
            Map<String, EvmChainReader> readers = new LinkedHashMap<>();
            readers.put("ethereum", new EvmChainReader("ethereum", 1, URI.create(eth.url()), http, WebApp.objectMapper(), EvmChainReader.Limits.defaults()));
            readers.put("arbitrum", new EvmChainReader("arbitrum", 42161, URI.create(arb.url()), http, WebApp.objectMapper(), EvmChainReader.Limits.defaults()));
            WalletScanner scanner = new WalletScanner(readers, registry, dev.perimeter.token.PriceBook.empty(), Duration.ofSeconds(10), pool, Clock.systemUTC());
            long t0 = System.nanoTime();
            List<java.util.concurrent.Future<WalletScan>> fs = new ArrayList<>();
            ExecutorService outer = Executors.newFixedThreadPool(4);
            for (int i = 0; i < 20; i++) {
                String w = String.format("0x%040x", 0xabc000 + i);
                fs.add(outer.submit(() -> scanner.scan(w, null, List.of("ethereum", "arbitrum"), true, c -> List.of())));
            }
            int ok = 0;
            for (var f : fs) ok += (int) f.get().chains().stream().filter(c -> c.status() == dev.perimeter.wallet.ChainStatus.OK).count();
            double ms = (System.nanoTime() - t0) / 1e6;
            System.out.printf("20 wallets x 2 chains (balances + approvals + unlisted discovery, 4 wallets at a time): %.0f ms, %d/40 chain scans ok%n", ms, ok);
            outer.shutdownNow();
            pool.shutdownNow();
        }
    }

    static double pct(List<Long> nanos, int p) {
        List<Long> s = new ArrayList<>(nanos);
        Collections.sort(s);
        int idx = (int) Math.ceil(p / 100.0 * s.size()) - 1;
        return s.get(Math.max(0, idx)) / 1e6;
    }
}
