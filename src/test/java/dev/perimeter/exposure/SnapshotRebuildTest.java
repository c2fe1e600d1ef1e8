package dev.perimeter.exposure;

import dev.perimeter.HandClock;
import dev.perimeter.token.TokenRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

/** Threads that notice the same data change at once (update scheduler, watch loop, an import) build one snapshot. */
class SnapshotRebuildTest {
    final ExecutorService threads = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    static ExposureSnapshot snapshot(long version) {
        return ExposureSnapshot.build(version, new TokenRegistry(List.of()), List.of(), List.of(), List.of(), t -> List.of(), Map.of());
    }

    static ExposureService service() {
        return new ExposureService(null, null, snapshot(0), new ExposureService.Settings(Duration.ofSeconds(60), 10, 2,
                Duration.ofSeconds(1), Duration.ofSeconds(5)), new HandClock());
    }

    @Test
    void oneRebuildPerDataVersion() throws Exception {
        ExposureService exposure = service();
        AtomicInteger builds = new AtomicInteger();
        CountDownLatch building = new CountDownLatch(1), finish = new CountDownLatch(1);
        Supplier<ExposureSnapshot> slow = () -> {
            builds.incrementAndGet();
            building.countDown();
            try {
                if (!finish.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("never released"); // a hang guard only
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return snapshot(1);
        };
        Supplier<ExposureSnapshot> counted = () -> {
            builds.incrementAndGet();
            return snapshot(2);
        };
        Future<Boolean> first = threads.submit(() -> exposure.rebuild("v1", slow));
        assertTrue(building.await(30, TimeUnit.SECONDS));
        // Three more threads see the same new version while the first builds.
        CountDownLatch submitted = new CountDownLatch(3);
        List<Future<Boolean>> others = List.of(
                threads.submit(() -> { submitted.countDown(); return exposure.rebuild("v1", counted); }),
                threads.submit(() -> { submitted.countDown(); return exposure.rebuild("v1", counted); }),
                threads.submit(() -> { submitted.countDown(); return exposure.rebuild("v1", counted); }));
        assertTrue(submitted.await(30, TimeUnit.SECONDS));
        finish.countDown();
        assertTrue(first.get(30, TimeUnit.SECONDS));
        for (Future<Boolean> f : others) assertFalse(f.get(30, TimeUnit.SECONDS), "the version was built by the first thread");
        assertEquals(1, builds.get(), "one build for v1");
        assertEquals(1, exposure.snapshot().version(), "the first thread's snapshot is in use");
        assertEquals(1, exposure.rebuilds());

        // A new version is built again; the same one again is not.
        assertTrue(exposure.rebuild("v2", counted));
        assertEquals(2, exposure.snapshot().version());
        assertFalse(exposure.rebuild("v2", counted));
        assertEquals(2, builds.get());
    }
}
