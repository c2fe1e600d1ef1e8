package dev.perimeter.util;

import java.time.Duration;

/**
 * A write refused because a limit is reached (a quota, a cap on stored rows): the web layer answers 429 with this
 * sentence and Retry-After.
 */
public class LimitReached extends RuntimeException {
    private final Duration retryAfter;

    public LimitReached(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter.isNegative() || retryAfter.isZero() ? Duration.ofSeconds(1) : retryAfter;
    }

    /** When trying again may succeed (at least one second). */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Retry-After in whole seconds, rounded up. */
    public long retryAfterSeconds() {
        long s = retryAfter.getSeconds();
        return retryAfter.getNano() > 0 ? s + 1 : s;
    }
}
