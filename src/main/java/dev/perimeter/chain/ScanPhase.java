package dev.perimeter.chain;

/**
 * One kind of read in a chain scan (balances, prices, logs, unlisted tokens, allowances, on-chain edges, positions): it
 * adds its calls to the scan's requests and reads their answers. For each request ({@link Round}, at most three), every
 * phase in turn {@link #plan}s (it may look at what earlier phases read), the request is sent once, and every phase in
 * turn {@link #read}s; after the last request every phase {@link #finish}es. A phase reads what it needs from the phases
 * it was given when made (the balances' held tokens, the logs' approvals) and offers its own results the same way.
 * <p>
 * Adding a read to the scan is one class: a phase whose reads ride in the requests that are sent anyway (request 2 for
 * what depends on the balances and logs, request 3 for what depends on request 2), registered in
 * {@link EvmChainReader}'s list of phases. A phase that needs a request for itself asks for one only when it has
 * something to read: an empty request is never sent. A phase that finds positions that are not tokens (a position
 * protocol) is also a {@link PositionSource}: its positions join the scan's, whichever phase found them.
 */
interface ScanPhase {
    /** A phase whose reads find positions that are not tokens (after the requests). */
    interface PositionSource {
        java.util.List<ChainData.RawPosition> positions();
    }

    /** A short name for the benchmarks' breakdown ("balances", "allowances"). */
    String name();

    /** Adds this phase's calls to the request about to be sent, if it has any for it. */
    default void plan(Round round) {}

    /**
     * After the request was sent (or left out when empty) and its aggregates settled at the scan's block: reads the
     * answers. Not called for the requests after one whose optional failure ended the scan's requests.
     */
    default void read(Round round) {}

    /** After the last request: works out what is read from several requests, and adds its problem sentences. */
    default void finish(long block) {}
}
