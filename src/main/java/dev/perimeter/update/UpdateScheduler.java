package dev.perimeter.update;

import dev.perimeter.db.JobLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * PERIMETER_UPDATE_INTERVAL: runs update-data inside the server every interval on one scheduled thread. The first run
 * comes one interval after the last attempt any instance recorded (at once when there is none, or it is overdue), so
 * restarts do not hammer the feeds. Of several instances sharing a PostgreSQL database only one runs an update at a
 * time ({@link JobLock}); the others skip that round.
 */
public final class UpdateScheduler {
    private static final Logger log = LoggerFactory.getLogger(UpdateScheduler.class);
    /** Wait this long after start-up at least, so the server is serving before the first fetch. */
    static final Duration FIRST_DELAY_MIN = Duration.ofSeconds(30);

    private final UpdateService service;
    private final JobLock lock;
    private final Duration interval;
    private final Clock clock;
    private final Runnable afterRound;

    public UpdateScheduler(UpdateService service, JobLock lock, Duration interval, Clock clock) {
        this(service, lock, interval, clock, () -> {});
    }

    /**
     * @param afterRound runs after every round, whether this instance updated or skipped (another instance sharing the
     *                   database may have changed the data: the server checks the stored data version and rebuilds)
     */
    public UpdateScheduler(UpdateService service, JobLock lock, Duration interval, Clock clock, Runnable afterRound) {
        this.service = service;
        this.lock = lock;
        this.interval = interval;
        this.clock = clock;
        this.afterRound = afterRound;
    }

    /** The delay before the first run: the interval after the latest recorded attempt, at least {@link #FIRST_DELAY_MIN}. */
    Duration firstDelay() {
        Instant last = service.states().stream().map(FeedStateStore.State::lastAttempt).filter(Objects::nonNull).max(Instant::compareTo)
                .orElse(null);
        Duration d = last == null ? Duration.ZERO : Duration.between(clock.instant(), last.plus(interval));
        return d.compareTo(FIRST_DELAY_MIN) < 0 ? FIRST_DELAY_MIN : d;
    }

    public void start(ScheduledExecutorService executor) {
        Duration first = firstDelay();
        log.info("data updates every {} (first in {} s)", interval, first.toSeconds());
        executor.scheduleWithFixedDelay(this::runOnce, first.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One scheduled run; never throws (a throwing task would stop the schedule). */
    void runOnce() {
        try {
            var report = lock.tryRun(service::run);
            if (report.isEmpty()) {
                log.info("data update skipped: another run holds the lock");
            } else if (!report.get().ok()) {
                log.warn("data update: {} of {} feeds failed", report.get().feeds().stream().filter(f -> !f.ok()).count(),
                        report.get().feeds().size());
            }
        } catch (RuntimeException e) {
            log.error("data update failed: {}", e.getClass().getName());
            log.debug("data update failed", e);
        }
        try {
            afterRound.run();
        } catch (RuntimeException e) {
            log.error("checking the data version failed: {}", e.getClass().getName());
            log.debug("checking the data version failed", e);
        }
    }
}
