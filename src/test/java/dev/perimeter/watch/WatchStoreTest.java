package dev.perimeter.watch;

import dev.perimeter.db.Database;
import dev.perimeter.db.TestDatabases;
import dev.perimeter.exposure.Severity;
import dev.perimeter.wallet.ChainStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.*;

/** The watch store on H2, and on PostgreSQL when PERIMETER_TEST_PG_URL is set. */
class WatchStoreTest {
    static List<TestDatabases.Target> databases() {
        return TestDatabases.all();
    }

    static final Instant T0 = Instant.parse("2026-07-01T00:00:00Z");

    static WatchStore.Watch watch(String id) {
        return new WatchStore.Watch(id, "0x9999999999999999999999999999999999999991", null, List.of("ethereum"), "mine", T0, null, T0);
    }

    static Set<String> ids(List<WatchStore.Watch> ws) {
        Set<String> out = new HashSet<>();
        for (var w : ws) out.add(w.id());
        return out;
    }

    static WatchedFinding f(String key, Severity s) {
        return new WatchedFinding(key, "ethereum", dev.perimeter.exposure.FindingKind.APPROVAL_TO_EXPLOITED_CONTRACT, s, "0xa0b8", "USDC", "0xdead", "p", null,
                List.of("2026-01-01-x"), "msg", "Rule: r\nrow");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void watchesChangesAndDeliveries(TestDatabases.Target t) throws Exception {
        try (Database db = TestDatabases.open(t)) {
            WatchStore s = new WatchStore(db);
            assertTrue(s.insert(watch("a".repeat(32)), 2));
            assertTrue(s.insert(watch("b".repeat(32)), 2));
            assertFalse(s.insert(watch("c".repeat(32)), 2), "the limit holds");
            assertEquals(2, s.count());
            assertEquals(List.of("ethereum"), s.find("a".repeat(32)).orElseThrow().chains());

            // Two instances claiming at once never take the same watch.
            ExecutorService pool = Executors.newFixedThreadPool(2);
            Map<String, String> claimedBy = new ConcurrentHashMap<>();
            List<Future<?>> fs = new java.util.ArrayList<>();
            for (String owner : List.of("one", "two")) {
                fs.add(pool.submit(() -> {
                    for (WatchStore.Watch w : s.claimDue(owner, T0.plusSeconds(1), T0.plusSeconds(600), 10)) {
                        assertNull(claimedBy.put(w.id(), owner), "claimed twice: " + w.id());
                    }
                }));
            }
            for (Future<?> f : fs) f.get();
            pool.shutdown();
            assertEquals(2, claimedBy.size());
            assertTrue(s.claimDue("three", T0.plusSeconds(2), T0.plusSeconds(600), 10).isEmpty(), "leased watches are not due");

            String a = "a".repeat(32);
            String owner = claimedBy.get(a);
            var chains = List.of(new WatchDiff.ChainResult("ethereum", ChainStatus.OK, 5L));
            var base = WatchDiff.compare(s.findings(a), s.baselined(a), chains, List.of(f("k1", Severity.HIGH)));
            assertTrue(s.record(a, "not-the-owner", T0, T0.plusSeconds(3600), chains, base, null, 10).isEmpty(), "no lease, no write");
            assertTrue(s.record(a, owner, T0, T0.plusSeconds(3600), chains, base, null, 10).isEmpty(), "a baseline has no change");
            assertEquals(Set.of("ethereum"), s.baselined(a));
            assertEquals(Severity.HIGH, s.findings(a).get("k1").severity());

            // b's lease (taken at T0+1 for 600 s and never given back) has expired: another claim may take it again.
            assertEquals(Set.of(a, "b".repeat(32)), ids(s.claimDue("one", T0.plusSeconds(3601), T0.plusSeconds(4000), 10)));
            var next = WatchDiff.compare(s.findings(a), s.baselined(a), chains, List.of(f("k1", Severity.CRITICAL), f("k2", Severity.LOW)));
            List<WatchStore.ChangeEntry> stored = s.record(a, "one", T0.plusSeconds(3601), T0.plusSeconds(7200), chains, next,
                    e -> "{\"id\":\"" + e.entryId() + "\"}", 10);
            assertEquals(2, stored.size());
            List<WatchStore.ChangeEntry> feed = s.changes(a, 50);
            assertEquals(2, feed.size());
            assertEquals(Set.of(WatchDiff.ChangeKind.RAISED, WatchDiff.ChangeKind.NEW), Set.of(feed.get(0).kind(), feed.get(1).kind()));
            WatchStore.ChangeEntry raised = feed.stream().filter(e -> e.kind() == WatchDiff.ChangeKind.RAISED).findFirst().orElseThrow();
            assertEquals(Severity.HIGH, raised.previousSeverity());
            assertEquals("Rule: r\nrow", raised.finding().evidence());

            // The same transition written again (a second instance with a stale lease, say) is not stored twice.
            assertTrue(ids(s.claimDue("one", T0.plusSeconds(7201), T0.plusSeconds(8000), 10)).contains(a));
            var again = new WatchDiff.Outcome(next.changes(), next.state(), next.baselined());
            assertTrue(s.record(a, "one", T0.plusSeconds(7201), T0.plusSeconds(9000), chains, again, e -> "{}", 10).isEmpty());
            assertEquals(2, s.changes(a, 50).size());

            // Deliveries: due, claimed once, retried later, then delivered.
            assertEquals(new WatchStore.DeliveryCounts(2, 0, 0), s.deliveryCounts());
            List<WatchStore.Delivery> due = s.dueDeliveries(T0.plusSeconds(7300), 10);
            assertEquals(2, due.size());
            assertTrue(s.claimDelivery(due.get(0), T0.plusSeconds(7400)));
            assertFalse(s.claimDelivery(due.get(0), T0.plusSeconds(7400)), "claimed once");
            s.failed(due.get(0).entryId(), "HTTP 500", false);
            assertEquals(1, s.dueDeliveries(T0.plusSeconds(7300), 10).size(), "the failed one waits for its retry");
            assertEquals(2, s.dueDeliveries(T0.plusSeconds(7400), 10).size());
            s.delivered(due.get(1).entryId(), T0.plusSeconds(7301));
            assertEquals(new WatchStore.DeliveryCounts(1, 1, 0), s.deliveryCounts());

            // Every watch due after a data change; deleting removes everything of the watch.
            assertEquals(1, s.markAllDue(T0.plusSeconds(7500)), "a (due at +9000) is moved; b is overdue already");
            assertTrue(s.delete(a));
            assertFalse(s.delete(a));
            assertTrue(s.find(a).isEmpty());
            assertTrue(s.changes(a, 10).isEmpty());
            assertEquals(new WatchStore.DeliveryCounts(0, 0, 0), s.deliveryCounts());
            assertEquals(Set.of("b".repeat(32)), ids(s.claimDue("x", T0.plusSeconds(8001), T0.plusSeconds(9000), 10)));
        }
    }
}
