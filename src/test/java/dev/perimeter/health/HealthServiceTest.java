package dev.perimeter.health;

import dev.perimeter.HandClock;

import dev.perimeter.chain.EvmChainReader;
import dev.perimeter.db.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * /health probes the RPC endpoints once at a time however many requests come in: the others get the last answer.
 * <p>
 * The database is a real one (H2 in a temp dir: /health pings it on every request). The chain reader is a Mockito stub,
 * on purpose: the test holds a probe open for as long as it needs, and a real reader against a local endpoint would time
 * the probe out after its 3 s real-time budget on a slow machine; what is tested is HealthService's single flight, not
 * the reader (EvmChainReaderIT and JsonRpcClientTest test that).
 */
class HealthServiceTest {
    final ExecutorService probePool = Executors.newFixedThreadPool(2);
    final ExecutorService callers = Executors.newFixedThreadPool(8);
    Database db;

    @AfterEach
    void stop() {
        probePool.shutdownNow();
        callers.shutdownNow();
        if (db != null) db.close();
    }

    /** A chain whose head() counts its calls and, while blocked, waits until the test releases it. */
    static final class Chain {
        final AtomicInteger calls = new AtomicInteger();
        volatile CountDownLatch entered = new CountDownLatch(1);
        volatile CountDownLatch release = new CountDownLatch(0);
        final EvmChainReader reader = mock(EvmChainReader.class);

        Chain(String name) {
            when(reader.chain()).thenReturn(name);
            when(reader.head(any())).thenAnswer(inv -> {
                int n = calls.incrementAndGet();
                entered.countDown();
                if (!release.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("never released"); // a hang guard only
                return 1_000L + n;
            });
        }

        void blockNext() {
            entered = new CountDownLatch(1);
            release = new CountDownLatch(1);
        }
    }

    HealthService service(Chain chain, HandClock clock) {
        db = dev.perimeter.db.TestDatabases.open(dev.perimeter.db.TestDatabases.h2());
        return new HealthService(db, Map.of(chain.reader.chain(), chain.reader), probePool, clock, Duration.ofSeconds(30));
    }

    @Test
    void whileOneRefreshRunsEveryOtherRequestGetsTheLastAnswerAtOnce() throws Exception {
        HandClock clock = new HandClock();
        Chain chain = new Chain("ethereum");
        HealthService health = service(chain, clock);
        HealthService.Health first = health.check();
        assertEquals("ok", first.status());
        assertTrue(first.database(), "the database answered its ping");
        assertEquals(1001L, first.chains().get(0).block());
        assertEquals(1, chain.calls.get());

        clock.advance(Duration.ofSeconds(31)); // the answer is stale: the next request refreshes it
        chain.blockNext();
        Future<HealthService.Health> refreshing = callers.submit(health::check);
        assertTrue(chain.entered.await(30, TimeUnit.SECONDS), "the refresh started");
        // Twenty requests while the probe hangs: each answers at once with the last probe, none probes again.
        List<Future<HealthService.Health>> others = new ArrayList<>();
        for (int i = 0; i < 20; i++) others.add(callers.submit(health::check));
        for (Future<HealthService.Health> f : others) {
            HealthService.Health h = f.get(30, TimeUnit.SECONDS); // they return without the probe being released
            assertEquals(first.checkedAt(), h.checkedAt());
            assertEquals(1001L, h.chains().get(0).block());
        }
        assertEquals(2, chain.calls.get(), "one refresh at a time");
        assertFalse(refreshing.isDone());

        chain.release.countDown();
        HealthService.Health second = refreshing.get(30, TimeUnit.SECONDS);
        assertEquals(1002L, second.chains().get(0).block());
        assertEquals(clock.instant(), second.checkedAt());
        assertEquals(1002L, health.check().chains().get(0).block(), "then everyone gets the new answer");
        assertEquals(2, chain.calls.get());
        assertEquals(2, health.probes());
    }

    @Test
    void beforeAnyAnswerTheRequestsWaitForTheOneProbe() throws Exception {
        HandClock clock = new HandClock();
        Chain chain = new Chain("ethereum");
        chain.blockNext();
        HealthService health = service(chain, clock);
        Future<HealthService.Health> a = callers.submit(health::check);
        assertTrue(chain.entered.await(30, TimeUnit.SECONDS));
        List<Future<HealthService.Health>> others = new ArrayList<>();
        for (int i = 0; i < 5; i++) others.add(callers.submit(health::check));
        chain.release.countDown();
        Instant at = a.get(30, TimeUnit.SECONDS).checkedAt();
        for (Future<HealthService.Health> f : others) {
            HealthService.Health h = f.get(30, TimeUnit.SECONDS);
            assertEquals(at, h.checkedAt());
            assertEquals(1001L, h.chains().get(0).block());
        }
        assertEquals(1, chain.calls.get(), "one probe served all six");
    }

    /** The database is asked on every request, also while the chains' probe is reused: a database gone is "down" at once. */
    @Test
    void theDatabaseIsPingedOnEveryRequestWhileTheProbeIsReused() {
        HandClock clock = new HandClock();
        Chain chain = new Chain("ethereum");
        HealthService health = service(chain, clock);
        HealthService.Health up = health.check();
        assertEquals("ok", up.status());
        assertTrue(up.database());
        db.close();
        HealthService.Health down = health.check();
        assertEquals("down", down.status());
        assertFalse(down.database());
        assertEquals(1001L, down.chains().get(0).block(), "the chains' answer is the cached one");
        assertEquals(1, chain.calls.get(), "no new probe within the cache time");
    }
}
