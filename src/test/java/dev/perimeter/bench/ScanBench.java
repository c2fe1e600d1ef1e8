package dev.perimeter.bench;

import dev.perimeter.chain.ChainData;
import dev.perimeter.chain.Deadline;
import dev.perimeter.chain.EvmChainReader;
import dev.perimeter.chain.JsonRpcClient;
import dev.perimeter.chain.ScanPlan;
import dev.perimeter.position.TokenRegistry;
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
                reader.scan(plan, Deadline.in(Duration.ofSeconds(30))); // warm-up
                List<Long> times = new ArrayList<>();
                counter.reset(FaultProxy.Mode.PASS);
                ChainData last = null;
                for (int i = 0; i < runs; i++) {
                    long t0 = System.nanoTime();
                    last = reader.scan(plan, Deadline.in(Duration.ofSeconds(30)));
                    times.add(System.nanoTime() - t0);
                }
                double reqPerScan = counter.requests.get() / (double) runs;
                double callsPerScan = counter.calls.get() / (double) runs;

                // The same scan with position reads on (ScanPlan.readPositions): the wallet holds no position, the
                // contracts of data/positions/contracts.csv have no code here (their reads answer nothing).
                ScanPlan withPositions = plan.withPositions(true, WalletScanner.plan(
                        dev.perimeter.position.PositionContracts.load(DataFiles.bundled()).on("ethereum")));
                reader.scan(withPositions, Instant.now().plusSeconds(30)); // warm-up
                List<Long> posTimes = new ArrayList<>();
                counter.reset(FaultProxy.Mode.PASS);
                for (int i = 0; i < runs; i++) {
                    long t0 = System.nanoTime();
                    reader.scan(withPositions, Instant.now().plusSeconds(30));
                    posTimes.add(System.nanoTime() - t0);
                }
                double posReq = counter.requests.get() / (double) runs;
                double posCalls = counter.calls.get() / (double) runs;

                // Naive: one HTTP request per token (eth_call balanceOf), as a tracker without batching or Multicall3 would.
                JsonRpcClient naive = new JsonRpcClient(URI.create(counter.url()), http, WebApp.objectMapper(), 1 << 20, 0);
                String data = "0x70a08231000000000000000000000000" + wallet.substring(2);
                int naiveRuns = Math.max(3, runs / 10);
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
                double naiveReq = counter.requests.get() / (double) naiveRuns;

                System.out.println();
                System.out.println("Scan benchmark: one wallet, ethereum registry (" + tokens.size() + " tokens with code) on local anvil, "
                        + runs + " scans");
                System.out.println("| scan | HTTP requests/scan | RPC calls/scan | p50 ms | p95 ms |");
                System.out.println("|---|---|---|---|---|");
                System.out.printf("| Perimeter (batch + Multicall3) | %.1f | %.1f | %.1f | %.1f |%n", reqPerScan, callsPerScan, pct(times, 50), pct(times, 95));
                System.out.printf("| Perimeter with position reads | %.1f | %.1f | %.1f | %.1f |%n", posReq, posCalls, pct(posTimes, 50), pct(posTimes, 95));
                System.out.printf("| naive (one request per token) | %.1f | %.1f | %.1f | %.1f |%n", naiveReq, naiveReq, pct(naiveTimes, 50), pct(naiveTimes, 95));
                System.out.printf("Requests ratio naive/Perimeter: %.0fx; holdings found: %d%n", naiveReq / reqPerScan, last.balances().values().stream().filter(v -> v.signum() > 0).count());
            }

            // 20 wallets x 2 chains, through the wallet scanner (chains in parallel, wallets one after another).
            ExecutorService pool = Executors.newFixedThreadPool(8);
            Map<String, EvmChainReader> readers = new LinkedHashMap<>();
            readers.put("ethereum", new EvmChainReader("ethereum", 1, URI.create(eth.url()), http, WebApp.objectMapper(), EvmChainReader.Limits.defaults()));
            readers.put("arbitrum", new EvmChainReader("arbitrum", 42161, URI.create(arb.url()), http, WebApp.objectMapper(), EvmChainReader.Limits.defaults()));
            WalletScanner scanner = new WalletScanner(readers, registry, dev.perimeter.position.PriceBook.empty(), Duration.ofSeconds(10), pool, Clock.systemUTC());
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
