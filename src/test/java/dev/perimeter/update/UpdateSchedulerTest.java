package dev.perimeter.update;

import dev.perimeter.db.Database;
import dev.perimeter.db.JobLock;
import dev.perimeter.db.TestDatabases;
import dev.perimeter.incident.IncidentService;
import dev.perimeter.sources.FeedFetcher;
import dev.perimeter.util.DataFiles;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** The in-server schedule: when it first runs (from the injected clock and the last attempt) and that runs never overlap. */
class UpdateSchedulerTest {
    /** The tests' time: a fixed instant, never the machine's clock. */
    static final Clock FIXED = Clock.fixed(java.time.Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void theFirstRunComesOneIntervalAfterTheLastAttemptAndNeverBeforeStartUpSettles() {
        try (Database db = TestDatabases.open(TestDatabases.h2())) {
            FeedStateStore state = new FeedStateStore(db);
            Instant t0 = Instant.parse("2026-12-01T00:00:00Z");
            Clock clock = Clock.fixed(t0.plus(Duration.ofHours(1)), ZoneOffset.UTC);
            UpdateService svc = new UpdateService(null, state, null, List.of(), clock, () -> {});
            UpdateScheduler s = new UpdateScheduler(svc, new JobLock(db, 1), Duration.ofHours(6), clock);
            assertEquals(UpdateScheduler.FIRST_DELAY_MIN, s.firstDelay(), "no attempt recorded: soon after start-up");
            state.failure("defillama", "timeout", "no answer", t0);
            assertEquals(Duration.ofHours(5), s.firstDelay(), "six hours after the attempt one hour ago");
            state.success("revoke", java.util.Map.of(), t0.minus(Duration.ofDays(2)), false);
            assertEquals(Duration.ofHours(5), s.firstDelay(), "the latest attempt of any feed counts");
            UpdateScheduler overdue = new UpdateScheduler(svc, new JobLock(db, 1), Duration.ofMinutes(30), clock);
            assertEquals(UpdateScheduler.FIRST_DELAY_MIN, overdue.firstDelay(), "overdue: as soon as start-up settles");
        }
    }

    @Test
    void aRunIsSkippedWhileAnotherHoldsTheLock() throws Exception {
        try (Database db = TestDatabases.open(TestDatabases.h2()); FeedServer server = new FeedServer()) {
            server.llamaMode = FeedServer.Mode.ERROR_500; // any answer will do: the test counts requests
            IncidentService incidents = new IncidentService(db, DataFiles.bundled(), FIXED);
            UpdateService svc = new UpdateService(incidents, new FeedStateStore(db), new FeedFetcher(FeedFetcher.Limits.defaults()),
                    List.of(new UpdateService.Feed("defillama", URI.create(server.llamaUrl()))), FIXED, () -> {});
            JobLock lock = new JobLock(db, 2);
            UpdateScheduler s = new UpdateScheduler(svc, lock, Duration.ofHours(6), FIXED);
            CountDownLatch holding = new CountDownLatch(1), release = new CountDownLatch(1);
            CompletableFuture<Optional<String>> other = CompletableFuture.supplyAsync(() -> lock.tryRun(() -> {
                holding.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "held";
            }));
            assertTrue(holding.await(10, TimeUnit.SECONDS));
            s.runOnce();
            assertEquals(0, server.requests.get(), "skipped: another run holds the lock");
            assertEquals(Optional.empty(), CompletableFuture.supplyAsync(() -> lock.tryRun(() -> "second")).get(10, TimeUnit.SECONDS));
            release.countDown();
            assertEquals(Optional.of("held"), other.get(10, TimeUnit.SECONDS));
            s.runOnce();
            assertEquals(1, server.requests.get(), "runs once the lock is free");
            assertEquals("http_status", new FeedStateStore(db).get("defillama").errorKind(), "and records how it went");
        }
    }

    /**
     * Two instances on one PostgreSQL database (two pools here): while one runs the update, the other's try finds the
     * advisory lock held and skips; afterwards it runs. Only where PERIMETER_TEST_PG_URL names a database.
     */
    @Test
    void onPostgresqlOnlyOneInstanceRunsAtATime() throws Exception {
        TestDatabases.Target pg = TestDatabases.postgresOrNull();
        org.junit.jupiter.api.Assumptions.assumeTrue(pg != null, "PERIMETER_TEST_PG_URL is not set");
        try (Database a = TestDatabases.open(pg); Database b = new Database(pg.url(), pg.user(), pg.password())) {
            JobLock first = new JobLock(a, 7), second = new JobLock(b, 7);
            CountDownLatch holding = new CountDownLatch(1), release = new CountDownLatch(1);
            CompletableFuture<Optional<String>> running = CompletableFuture.supplyAsync(() -> first.tryRun(() -> {
                holding.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "first";
            }));
            assertTrue(holding.await(10, TimeUnit.SECONDS));
            assertEquals(Optional.empty(), second.tryRun(() -> "second"), "the other instance skips");
            release.countDown();
            assertEquals(Optional.of("first"), running.get(10, TimeUnit.SECONDS));
            assertEquals(Optional.of("second"), second.tryRun(() -> "second"), "and runs once the lock is free");
        }
    }
}
