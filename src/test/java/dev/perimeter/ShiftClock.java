package dev.perimeter;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The test clock (2026-07-01, ticking) that a test moves forward: a webhook's backoff, a watch's expiry. */
public final class ShiftClock extends Clock {
    final Clock base = TestApp.testClock();
    public volatile Duration shift = Duration.ZERO;

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return base.instant().plus(shift);
    }
}
