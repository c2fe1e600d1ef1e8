package dev.perimeter.chain;

/**
 * Where a chain scan's time goes, for benchmarks (bench/README.md has the breakdown it produced): the chain reader and
 * its JSON-RPC client report each step's wall time under a fixed step name (never an address or other request data).
 * Called on the scanning thread; a timer shared by concurrent scans must be thread-safe. {@link #NONE} costs nothing.
 */
@FunctionalInterface
public interface ScanTimer {
    ScanTimer NONE = (step, nanos) -> {};

    void add(String step, long nanos);

    /** Byte counts (request and response sizes); ignored unless a timer wants them. */
    default void bytes(String what, long n) {}
}
