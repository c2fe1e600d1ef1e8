package dev.perimeter.hardening;

import dev.perimeter.TestApp;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Dismissing one finding from two tabs (or a double click) at the same instant must not be a server error: dismissing
 * is idempotent. Regression: DismissalStore.dismiss once deleted then inserted the key in one transaction; two at once
 * both deleted nothing and both inserted, and the second failed on the primary key → 500.
 */
class DismissalRaceIT {
    static final String KEY = "approval_to_exploited_contract:ethereum:0x1111111111111111111111111111111111111111:"
            + "0x2222222222222222222222222222222222222222";
    /** One viewer dismissing the same key from many connections at once: the same row is written concurrently. */
    static final String VIEWER = "race-viewer-0123456789";

    @Test
    void dismissingTheSameFindingConcurrentlyIsNeverA5xx() throws Exception {
        // A budget large enough for every write of the test: the race is what is tested here, not the rate limit.
        try (TestApp app = new TestApp(Map.of("PERIMETER_CHAINS", "ethereum", "PERIMETER_RPC_ETHEREUM", "http://127.0.0.1:1",
                "PERIMETER_SCAN_RATE_PER_MINUTE", "1000000"))) {
            int port = app.app.port();
            int threads = 16, rounds = 20;
            Map<Integer, Integer> statuses = new TreeMap<>();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                for (int round = 0; round < rounds; round++) {
                    CountDownLatch go = new CountDownLatch(1);
                    List<Future<Integer>> fs = new ArrayList<>();
                    for (int t = 0; t < threads; t++) {
                        boolean form = t % 2 == 0;
                        fs.add(pool.submit(() -> {
                            try (RawHttp c = new RawHttp(port)) {
                                go.await();
                                return form
                                        ? c.send("POST", "/findings/dismiss", Map.of("Content-Type", "application/x-www-form-urlencoded", "X-Perimeter-Viewer", VIEWER),
                                        ("key=" + KEY + "&back=/wallet/x").getBytes(StandardCharsets.US_ASCII)).status()
                                        : c.send("PUT", "/api/v1/dismissals/" + KEY, Map.of("X-Perimeter-Viewer", VIEWER), new byte[0]).status();
                            }
                        }));
                    }
                    go.countDown();
                    for (Future<Integer> f : fs) statuses.merge(f.get(), 1, Integer::sum);
                    app.wiring.exposure.restore(VIEWER, KEY);
                }
            } finally {
                pool.shutdownNow();
            }
            assertTrue(statuses.keySet().stream().allMatch(s -> s < 400), "statuses of " + threads * rounds + " dismissals: " + statuses);
        }
    }
}
