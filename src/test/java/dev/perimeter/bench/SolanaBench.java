package dev.perimeter.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perimeter.TestApp;
import dev.perimeter.solana.PythFeeds;
import dev.perimeter.testchain.LocalSolana;
import dev.perimeter.util.DataFiles;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Solana scan benchmark (issue 23; not a test: prints figures, asserts nothing about time). One wallet with 100 token
 * accounts (fresh mints, created by real ATA + MintTo transactions in the litesvm bank of tools/solana/rpc.mjs), SOL, and
 * Pyth's SOL/USD price account with the Clock sysvar, all on one local RPC; in the same run, alternating round by round
 * (which goes first alternates too):
 * <ol>
 *   <li>Perimeter: {@code GET /api/v1/wallets/{wallet}/exposure?chains=solana} of the whole app (the one batch, mapping,
 *       pricing, matching, JSON), scan cache off ({@code PERIMETER_CACHE_TTL_SECONDS=0}) so every round reads the chain;
 *       the RPC's own counter gives the HTTP requests of each scan;</li>
 *   <li>{@code @solana/kit} (tools/solana/kit-bench.mjs, createSolanaRpc with its defaults): the same six reads, sent
 *       concurrently, one HTTP request each — the reads only, no matching, no JSON of a report.</li>
 * </ol>
 * <pre>
 *   mvn -B -q test-compile exec:java -Dexec.mainClass=dev.perimeter.bench.SolanaBench -Dexec.classpathScope=test
 * </pre>
 * System properties: {@code bench.rounds} (40 measured), {@code bench.warmup} (40), {@code bench.tokens} (100).
 */
public final class SolanaBench {
    static final ObjectMapper JSON = new ObjectMapper();
    static final long NOW = 1_765_000_000L;

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 40);
        int warmup = Integer.getInteger("bench.warmup", 40);
        int tokens = Integer.getInteger("bench.tokens", 100);
        Map<String, Object> scenario = Map.of(
                "wallets", List.of(Map.of("name", "main", "sol", "1500000000", "filler", tokens)),
                "unixTimestamp", NOW,
                "pyth", List.of(Map.of("account", "7UVimffxr9ow1uXYxsr4LHAcV58mLzhmwaeKvJ1pjLiE",
                        "feedId", "ef0d8b6fda2ceba41da15d4095d1da392a0d2f8ed0c6c7bc0f4cfac8c280b56d",
                        "price", "15000000000", "exponent", -8, "publishTime", NOW - 5)));
        // the same accounts the scan's getMultipleAccounts asks for: the clock, the Pyth accounts and the stake pools' accounts
        List<String> accounts = new java.util.ArrayList<>(PythFeeds.load(DataFiles.bundled()).accounts());
        for (String p : dev.perimeter.solana.StakePools.load(dev.perimeter.util.DataFiles.bundled()).accounts()) if (!accounts.contains(p)) accounts.add(p);
        try (LocalSolana rpc = new LocalSolana(scenario);
             TestApp app = new TestApp(Map.of("PERIMETER_CHAINS", "solana", "PERIMETER_RPC_SOLANA", rpc.url(),
                     "PERIMETER_CACHE_TTL_SECONDS", "0", "PERIMETER_SCAN_RATE_PER_MINUTE", "1000000"))) {
            String wallet = rpc.wallet("main");
            Process kit = new ProcessBuilder("node", LocalSolana.script().getParent().resolve("kit-bench.mjs").toString(), rpc.url(), wallet,
                    JSON.writeValueAsString(accounts)).directory(LocalSolana.script().getParent().toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (Writer toKit = new OutputStreamWriter(kit.getOutputStream(), StandardCharsets.UTF_8);
                 BufferedReader fromKit = new BufferedReader(new InputStreamReader(kit.getInputStream(), StandardCharsets.UTF_8))) {
                List<Double> ours = new ArrayList<>(), theirs = new ArrayList<>();
                long ourRequests = 0, kitRequests = 0;
                int holdings = -1, kitAccounts = -1;
                for (int i = 0; i < warmup + rounds; i++) {
                    boolean measured = i >= warmup;
                    for (int side = 0; side < 2; side++) {
                        boolean perimeterNow = (side == 0) == (i % 2 == 0);
                        rpc.resetStats();
                        if (perimeterNow) {
                            long t0 = System.nanoTime();
                            HttpResponse<String> r = app.get("/api/v1/wallets/" + wallet + "/exposure?chains=solana");
                            double ms = (System.nanoTime() - t0) / 1e6;
                            if (r.statusCode() != 200) throw new IllegalStateException("exposure API answered " + r.statusCode() + ": " + r.body());
                            JsonNode chain = JSON.readTree(r.body()).path("chains").get(0);
                            if (!"ok".equals(chain.path("status").asText())) throw new IllegalStateException("solana not ok: " + chain);
                            holdings = chain.path("holdings").size();
                            if (measured) {
                                ours.add(ms);
                                ourRequests += rpc.stats().path("httpRequests").asLong();
                            }
                        } else {
                            toKit.write("go\n");
                            toKit.flush();
                            JsonNode k = JSON.readTree(fromKit.readLine());
                            if (k.has("error")) throw new IllegalStateException("@solana/kit: " + k.path("error").asText());
                            kitAccounts = k.path("tokenAccounts").asInt();
                            if (measured) {
                                theirs.add(k.path("ms").asDouble());
                                kitRequests += rpc.stats().path("httpRequests").asLong();
                            }
                        }
                    }
                }
                System.out.printf(Locale.ROOT, "Solana wallet: %d token accounts (kit read %d), SOL, Pyth SOL/USD; %d measured rounds after %d warm-up%n",
                        tokens, kitAccounts, rounds, warmup);
                System.out.printf(Locale.ROOT, "%-62s %10s %8s %8s%n", "", "HTTP/scan", "p50 ms", "p95 ms");
                System.out.printf(Locale.ROOT, "%-62s %10.1f %8.1f %8.1f%n", "Perimeter exposure API (whole report, " + holdings + " holdings)",
                        (double) ourRequests / rounds, pct(ours, 50), pct(ours, 95));
                System.out.printf(Locale.ROOT, "%-62s %10.1f %8.1f %8.1f%n", "@solana/kit 8.4.0, the same six reads (concurrent)",
                        (double) kitRequests / rounds, pct(theirs, 50), pct(theirs, 95));
                System.out.printf(Locale.ROOT, "ratio p50 Perimeter whole API / @solana/kit reads: %.2f%n", pct(ours, 50) / pct(theirs, 50));
            } finally {
                kit.destroy();
            }
        }
    }

    static double pct(List<Double> xs, int p) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(Math.min(s.size() - 1, (int) Math.ceil(p / 100.0 * s.size()) - 1));
    }
}
