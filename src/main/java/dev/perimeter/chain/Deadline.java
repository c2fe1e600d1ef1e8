package dev.perimeter.chain;

import java.time.Duration;

/**
 * A time budget in real elapsed time: when it began and when it runs out, on {@link System#nanoTime()}. RPC budgets
 * measure time that passes, not the wall clock, so neither a clock step nor a test's shifted Clock stretches or cuts
 * them. Immutable; {@link #plus} gives a later deadline with the same start.
 */
public final class Deadline {
    private final long start;
    private final long end;

    private Deadline(long start, long end) {
        this.start = start;
        this.end = end;
    }

    /** A budget of the given length, starting now. */
    public static Deadline in(Duration budget) {
        long now = System.nanoTime();
        return new Deadline(now, now + nanos(budget));
    }

    /** The same start, the end moved by extra (a grace period). */
    public Deadline plus(Duration extra) {
        return new Deadline(start, end + nanos(extra));
    }

    /** What is left (zero or negative once it has passed). */
    public Duration remaining() {
        return Duration.ofNanos(end - System.nanoTime());
    }

    public boolean passed() {
        return end - System.nanoTime() <= 0;
    }

    /** Whether more than d is left. */
    public boolean allows(Duration d) {
        return end - System.nanoTime() > nanos(d);
    }

    /** Time since the budget began. */
    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Nanoseconds of d, capped at 200 years: differences of nanoTime readings mean something up to about 292 years. */
    private static long nanos(Duration d) {
        return d.compareTo(Duration.ofDays(365L * 200)) > 0 ? Duration.ofDays(365L * 200).toNanos() : d.toNanos();
    }

    @Override
    public String toString() {
        return "Deadline[" + remaining().toMillis() + " ms left]";
    }
}
