package dev.perimeter.bench;

import dev.perimeter.TestApp;
import dev.perimeter.token.TokenRegistry;
import dev.perimeter.testchain.Anvil;
import dev.perimeter.util.DataFiles;
import dev.perimeter.watch.WatchService;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Watch rescan benchmark (not a test): N watches (default 1,000) of distinct wallets on a local anvil where every ethereum
 * registry token has real ERC-20 code; times the first round (baselines) and a round after a data change (compare), and
 * the latency of interactive scans made during the second round. Run line in bench/README.md.
 */
public final class WatchBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        TokenRegistry registry = TokenRegistry.load(DataFiles.bundled());
        List<String> tokens = registry.addresses("ethereum");
        try (Anvil eth = new Anvil(1)) {
            eth.placeMulticall();
            String runtime = Anvil.runtime("TestToken");
            for (String t : tokens) eth.rpc("anvil_setCode", t, runtime);
            List<String> wallets = new ArrayList<>();
            for (int i = 0; i < n; i++) wallets.add(String.format("0x%040x", 0xb3c00000L + i));
            for (int i = 0; i < 5; i++) {
                eth.placeToken(tokens.get(i * 100), "T" + i, "T" + i, 18);
                for (int w = i; w < n; w += 50) eth.mint(tokens.get(i * 100), wallets.get(w), BigInteger.valueOf(1000L + i));
            }
            try (TestApp app = new TestApp(Map.of("PERIMETER_CHAINS", "ethereum", "PERIMETER_RPC_ETHEREUM", eth.url(),
                    "PERIMETER_SCAN_RATE_PER_MINUTE", "1000000", "PERIMETER_MAX_WATCHES", String.valueOf(n)))) {
                System.out.printf("WatchBench: %d watches, %d ethereum registry tokens with code, %d scan slots (%d for watches)%n", n,
                        tokens.size(), app.wiring.config.scan().maxConcurrent(), app.wiring.config.watches().scanSlots());
                for (String w : wallets) app.wiring.watches.create(w, null, List.of("ethereum"), null);
                long t0 = System.nanoTime();
                WatchService.Round first = app.wiring.watches.rescanDue();
                long firstMs = (System.nanoTime() - t0) / 1_000_000;
                System.out.printf("  round 1 (baselines): %d rescanned, %d failed chains, %d ms (%.1f watches/s)%n", first.rescanned(),
                        first.failedChains(), firstMs, first.rescanned() * 1000.0 / firstMs);
                app.wiring.refreshSnapshot(); // a data change: every watch due
                ExecutorService bg = Executors.newSingleThreadExecutor();
                long t1 = System.nanoTime();
                Future<WatchService.Round> second = bg.submit(app.wiring.watches::rescanDue);
                List<Long> interactive = new ArrayList<>();
                int ok = 0, i = 0;
                while (!second.isDone()) {
                    long s = System.nanoTime();
                    int status = app.get("/api/v1/wallets/" + String.format("0x%040x", 0xd00d0000L + i++) + "/exposure").statusCode();
                    interactive.add((System.nanoTime() - s) / 1_000_000);
                    if (status == 200) ok++;
                }
                WatchService.Round r = second.get();
                long secondMs = (System.nanoTime() - t1) / 1_000_000;
                bg.shutdown();
                Collections.sort(interactive);
                System.out.printf("  round 2 (after a data change): %d rescanned, %d changes, %d failed chains, %d ms (%.1f watches/s)%n",
                        r.rescanned(), r.changes(), r.failedChains(), secondMs, r.rescanned() * 1000.0 / secondMs);
                if (!interactive.isEmpty()) {
                    System.out.printf("  interactive scans during round 2: %d, %d answered 200, p50 %d ms, p95 %d ms, max %d ms%n",
                            interactive.size(), ok, interactive.get(interactive.size() / 2),
                            interactive.get(Math.min(interactive.size() - 1, (int) (interactive.size() * 0.95))), interactive.get(interactive.size() - 1));
                }
            }
        }
    }
}
