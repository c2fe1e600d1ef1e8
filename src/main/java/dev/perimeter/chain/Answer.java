package dev.perimeter.chain;

/**
 * One contract read's answer, wherever it came from: an aggregate3 read ({@link Aggregate.Read}) or a record of a
 * {@link ControlPaths} call. The control reads decide what an answer means the same way for both.
 */
interface Answer<T> {
    /** The decoded value; null when the call failed, reverted, returned data the decoder rejects, or was never answered. */
    T get();

    /** success + return data, or null when no answer arrived. */
    Abi.Call3Result raw();
}
