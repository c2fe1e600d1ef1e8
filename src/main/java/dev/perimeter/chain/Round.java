package dev.perimeter.chain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * One HTTP request of a chain scan, filled by its {@link ScanPhase}s and sent once (nothing when no phase added anything).
 * A scan has at most {@link #LAST} of them, re-reads of chunks that ran at another block and log-range splits apart.
 * <p>
 * Request 1 goes at "latest": it starts with eth_chainId and eth_blockNumber, and its aggregates are stamped (each
 * aggregate3 chunk starts with Multicall3's getBlockNumber, see {@link Aggregate}); the scan's block is the newest block
 * any of them ran at (eth_blockNumber's when none did: no Multicall3), and a chunk that ran at an older one is read again
 * pinned to it. Later requests are pinned to that block, with aggregate3 when request 1's {@link #shared} aggregate went
 * through Multicall3 and direct calls when it did not.
 * <p>
 * In the batch: the chain id and block number calls, then every aggregate in the order the phases made them (each in
 * chunks), then the plain calls in the order they were added. Request 1's logs go last: a node that serves a batch in
 * order has then seen the scan's block.
 * <p>
 * When a request fails, the scan fails if a phase declared it {@link #essential} (the allowance request of a scan that
 * asked for approvals: an approval list with holes would read as "no approval"); otherwise each phase's
 * {@link #optional} subject becomes one problem sentence and no further request is sent.
 */
final class Round {
    /** Requests per scan at most. */
    static final int LAST = 3;

    /** Sends a round: {@link Round#send}, or a wrapper of it that times it ({@link ScanTiming}). */
    @FunctionalInterface
    interface Sender {
        void send(Round round, ChainSession session);
    }

    private final int number;
    private final int chunk;
    private final long expectedChainId;
    private final boolean multicall;
    private Long block;
    private long chainId;
    private final Batch lead = new Batch();
    private final Batch tail = new Batch();
    private final List<Aggregate> aggregates = new ArrayList<>();
    private Aggregate shared;
    private Batch.Handle<Long> chainIdCall;
    private Batch.Handle<Long> headCall;
    private boolean essential;
    private final Set<String> optional = new LinkedHashSet<>();
    private boolean sent;
    private int plainCalls;

    private Round(int number, int chunk, long expectedChainId, boolean multicall, Long block) {
        this.number = number;
        this.chunk = chunk;
        this.expectedChainId = expectedChainId;
        this.multicall = multicall;
        this.block = block;
    }

    /** Request 1: at "latest", after eth_chainId (an endpoint serving another chain is refused) and eth_blockNumber. */
    static Round first(int chunk, long expectedChainId) {
        Round r = new Round(1, chunk, expectedChainId, true, null);
        r.chainIdCall = r.lead.add(new JsonRpcClient.Call("eth_chainId", List.of()), x -> RpcValues.quantity(x, "eth_chainId"));
        r.headCall = r.lead.add(new JsonRpcClient.Call("eth_blockNumber", List.of()), x -> RpcValues.quantity(x, "eth_blockNumber"));
        return r;
    }

    /** The request after this one (sent), pinned to the scan's block. */
    Round next() {
        if (!sent && block == null) throw new IllegalStateException("request " + number + " has not been sent");
        return new Round(number + 1, chunk, expectedChainId, multicall(), block);
    }

    int number() {
        return number;
    }

    /** The scan's block; known once request 1 was sent. */
    long block() {
        if (block == null) throw new IllegalStateException("the scan's block is known once request 1 was sent");
        return block;
    }

    long chainId() {
        return chainId;
    }

    /** Whether the endpoint serves Multicall3: request 1's shared aggregate went through it (true before request 1 ran). */
    boolean multicall() {
        return number == 1 ? shared == null || shared.multicallWorked() : multicall;
    }

    /** The block tag of this request's calls: "latest" for request 1, else the scan's block. */
    String tag() {
        return number == 1 ? "latest" : RpcValues.hex(block());
    }

    /**
     * The request's common aggregate, made on first use, for reads that need no chunks of their own (request 1: the
     * balances, which the positions' first reads join; request 2: the allowances and the unlisted tokens' reads).
     */
    Aggregate shared() {
        if (shared == null) shared = aggregate(chunk);
        return shared;
    }

    /** A new aggregate of this request with the scan's chunk size. */
    Aggregate aggregate() {
        return aggregate(chunk);
    }

    /** A new aggregate of this request, in chunks of at most {@code chunkSize} reads. */
    Aggregate aggregate(int chunkSize) {
        Aggregate a = new Aggregate(chunkSize, number == 1);
        aggregates.add(a);
        return a;
    }

    /** Adds an aggregate made elsewhere (unstamped: requests after the first only). */
    void add(Aggregate a) {
        if (number == 1) throw new IllegalStateException("request 1's aggregates are stamped: make them with aggregate()");
        aggregates.add(a);
    }

    /** A plain call, placed after the aggregates. */
    <T> Batch.Handle<T> call(JsonRpcClient.Call call, Function<JsonRpcClient.Result, T> decoder) {
        return tail.add(call, decoder);
    }

    /** Where plain calls go (after the aggregates), for code that adds several ({@link AllowanceSweep}). */
    Batch calls() {
        return tail;
    }

    /** A failure of this request fails the scan. */
    void essential() {
        essential = true;
    }

    boolean isEssential() {
        return essential;
    }

    /** What is missing when this request fails and the scan goes on: "&lt;subject&gt; could not all be read on-chain: …". */
    void optional(String subject) {
        optional.add(subject);
    }

    List<String> problemsWhenFailed(RpcException e) {
        List<String> out = new ArrayList<>();
        for (String s : optional) out.add(s + " could not all be read on-chain: " + e.publicMessage());
        return out;
    }

    /** Nothing to send (request 1 never is: it carries the chain id and block number). */
    boolean isEmpty() {
        return number > 1 && tail.isEmpty() && aggregates.stream().allMatch(Aggregate::isEmpty);
    }

    /** Reads in aggregate3 calls, and plain calls (for the benchmarks' breakdown). */
    int reads() {
        return aggregates.stream().mapToInt(Aggregate::size).sum();
    }

    int plainCalls() {
        return sent ? plainCalls : tail.size();
    }

    boolean wasSent() {
        return sent;
    }

    /**
     * Sends the request (nothing when empty) and settles its aggregates at the scan's block (more requests only for
     * re-reads). For request 1, checks the chain id and takes the scan's block first.
     * @throws RpcException when the endpoint fails, or serves another chain
     */
    void send(ChainSession session) {
        if (sent) throw new IllegalStateException("request " + number + " was already sent");
        sent = true;
        if (isEmpty()) return;
        plainCalls = tail.size();
        Batch batch = new Batch();
        batch.append(lead);
        for (Aggregate a : aggregates) a.schedule(batch, number == 1 || multicall, tag());
        batch.append(tail);
        batch.run(session);
        if (number == 1) {
            chainId = chainIdCall.get();
            if (chainId != expectedChainId) {
                throw new RpcException(RpcException.Kind.WRONG_CHAIN, "expected chain id " + expectedChainId + ", got " + chainId);
            }
            TreeSet<Long> blocks = new TreeSet<>();
            for (Aggregate a : aggregates) blocks.addAll(a.blocks());
            block = blocks.isEmpty() ? headCall.get() : blocks.last();
        }
        session.settle(block, aggregates);
    }
}
