package dev.perimeter.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Contract reads that travel inside Multicall3 aggregate3 calls of at most {@code chunk} reads each (as few calls as
 * that allows, of equal size). Every read gets its
 * own typed {@link Read}; the aggregate3 calls are {@link Batch.Handle}s of the batch the reads are scheduled into.
 * A chunk that does not decode (no Multicall3 on the endpoint, a node's gas cap, garbage) is read again as direct
 * calls in a follow-up batch, so a read answers the same either way. All reads allow failure: a reverting read
 * fails alone.
 * <p>
 * A <em>stamped</em> aggregate starts every chunk with Multicall3's {@code getBlockNumber()}: all sub-calls of one
 * eth_call run at one block, so each chunk says which block its reads saw. That lets a scan send its reads at
 * "latest" together with its other calls, without asking for the block number first, and still read everything at one
 * block: {@link #settle} takes the scan's block, and a chunk that ran at another one (a block arrived while the batch
 * was served) is read again pinned to it.
 */
final class Aggregate {
    /**
     * How a read is made without Multicall3 when it is not a plain eth_call of its calldata (Multicall3's own functions:
     * getEthBalance becomes eth_getBalance): the call for a block tag, and its answer in aggregate3's shape.
     */
    record Direct(Function<String, JsonRpcClient.Call> call, Function<JsonRpcClient.Result, Abi.Call3Result> answer) {}

    /** One contract read. Before the batch ran, or when it could not be read at all, it has no answer. */
    static final class Read<T> implements Answer<T> {
        private final String target;
        private final String callData;
        private final Function<Abi.Call3Result, T> decoder;
        private final Direct alternative;
        private Abi.Call3Result answer;
        private Batch.Handle<Abi.Call3Result> direct;

        private Read(String target, String callData, Function<Abi.Call3Result, T> decoder, Direct alternative) {
            this.target = target;
            this.callData = callData;
            this.decoder = decoder;
            this.alternative = alternative;
        }

        /** success + return data, or null when no answer arrived (its chunk and its direct call both failed). */
        @Override
        public Abi.Call3Result raw() {
            if (answer == null && direct != null) answer = direct.get();
            return answer;
        }

        /** The decoded value; null when the call failed, reverted, or returned data the decoder rejects. */
        @Override
        public T get() {
            Abi.Call3Result r = raw();
            return r == null || !r.success() ? null : decoder.apply(r);
        }

        /** The call succeeded with no return data: there is no contract at the target on this chain. */
        boolean noContract() {
            Abi.Call3Result r = raw();
            return r != null && r.success() && r.returnData().length == 0;
        }

        Abi.Call3 call3() {
            return new Abi.Call3(target, true, callData);
        }
    }

    /** An aggregate3 answer: the block it ran at (stamped chunks; else null) and one result per read. */
    private record Decoded(Long block, List<Abi.Call3Result> results) {}

    /** A chunk of reads and its latest aggregate3 call; settled once its reads have their answers (or direct calls). */
    private static final class Chunk {
        final List<Read<?>> reads;
        Batch.Handle<Decoded> handle;
        boolean pinned;
        boolean settled;

        Chunk(List<Read<?>> reads) {
            this.reads = reads;
        }
    }

    private static final Abi.Call3 STAMP = new Abi.Call3(EvmChainReader.MULTICALL3, true, Abi.GET_BLOCK_NUMBER);

    private final int chunk;
    private final boolean stamped;
    private final List<Read<?>> reads = new ArrayList<>();
    private final List<Chunk> chunks = new ArrayList<>();
    private int fellBack;
    private boolean scheduled;

    /** @param stamped start every chunk with getBlockNumber() (see the class comment) */
    Aggregate(int chunk, boolean stamped) {
        if (chunk < 1) throw new IllegalArgumentException("chunk must be at least 1");
        this.chunk = chunk;
        this.stamped = stamped;
    }

    <T> Read<T> add(String target, String callData, Function<Abi.Call3Result, T> decoder) {
        return add(target, callData, decoder, null);
    }

    /** @param alternative how to read it without Multicall3, when not as an eth_call of callData (null: that eth_call) */
    <T> Read<T> add(String target, String callData, Function<Abi.Call3Result, T> decoder, Direct alternative) {
        if (scheduled) throw new IllegalStateException("the reads are already scheduled");
        Read<T> r = new Read<>(target, callData, decoder, alternative);
        reads.add(r);
        return r;
    }

    boolean isEmpty() {
        return reads.isEmpty();
    }

    int size() {
        return reads.size();
    }

    /**
     * Places the reads in a batch at blockTag (a block number, or "latest" for a stamped aggregate): one aggregate3
     * eth_call per chunk, or, when Multicall3 is known to be missing, one direct call per read.
     */
    void schedule(Batch batch, boolean multicall, String blockTag) {
        if (scheduled) throw new IllegalStateException("the reads are already scheduled");
        scheduled = true;
        if (!multicall) {
            for (Read<?> r : reads) direct(r, batch, blockTag);
            fellBack = reads.size();
            return;
        }
        // As few chunks as the limit allows, of equal size (3,487 reads at 400: 9 chunks of 388, not 8 of 400 and one of
        // 287): the chunks of a batch run side by side on the node, so the batch takes as long as its largest chunk.
        int count = (reads.size() + chunk - 1) / chunk;
        int size = count == 0 ? 1 : (reads.size() + count - 1) / count;
        for (int i = 0; i < reads.size(); i += size) {
            Chunk c = new Chunk(List.copyOf(reads.subList(i, Math.min(reads.size(), i + size))));
            send(c, batch, blockTag);
            c.pinned = !blockTag.equals("latest");
            chunks.add(c);
        }
    }

    private void send(Chunk c, Batch batch, String blockTag) {
        List<Abi.Call3> c3 = new ArrayList<>(c.reads.size() + 1);
        if (stamped) c3.add(STAMP);
        for (Read<?> r : c.reads) c3.add(r.call3());
        int expected = c3.size();
        c.handle = batch.add(Batch.ethCall(EvmChainReader.MULTICALL3, new HexData(Abi.aggregate3(c3)), blockTag),
                res -> decode(res, expected, stamped));
    }

    /** The blocks the chunks that decoded so far ran at (stamped aggregates; empty otherwise). */
    Set<Long> blocks() {
        Set<Long> out = new TreeSet<>();
        for (Chunk c : chunks) {
            if (c.settled || c.handle == null) continue;
            Decoded d = c.handle.get();
            if (d != null && d.block() != null) out.add(d.block());
        }
        return out;
    }

    /**
     * After the batch ran, settles the chunks at {@code block}: a decoded chunk that ran at that block (or is not
     * stamped) hands every read its answer; a decoded chunk that ran at another block is read again as aggregate3
     * pinned to it in {@code next}; a chunk that did not decode is read as direct calls at that block in {@code next}.
     * Call again after {@code next} ran, until {@code next} stays empty.
     * @return how many reads fell back to direct calls in this step
     */
    int settle(Batch next, long block) {
        String tag = "0x" + Long.toHexString(block);
        int n = 0;
        for (Chunk c : chunks) {
            if (c.settled) continue;
            Decoded d = c.handle.get();
            if (d != null && (d.block() == null || d.block() == block)) {
                for (int k = 0; k < c.reads.size(); k++) c.reads.get(k).answer = d.results().get(k);
                c.settled = true;
            } else if (d != null && !c.pinned) {
                send(c, next, tag); // ran at another block: once more, pinned to the scan's block
                c.pinned = true;
            } else {
                for (Read<?> r : c.reads) direct(r, next, tag);
                n += c.reads.size();
                c.settled = true;
            }
        }
        fellBack += n;
        return n;
    }

    /** Every read went through aggregate3 (none fell back to direct calls). */
    boolean multicallWorked() {
        return fellBack == 0;
    }

    /** How many reads were (or are scheduled to be) read with direct calls. */
    int fellBack() {
        return fellBack;
    }

    private static void direct(Read<?> r, Batch batch, String blockTag) {
        r.direct = r.alternative != null ? batch.add(r.alternative.call().apply(blockTag), r.alternative.answer())
                : batch.add(Batch.ethCall(r.target, r.callData, blockTag), Aggregate::fromDirect);
    }

    /** A direct eth_call's answer in aggregate3's shape: "0x" is success without data (no contract), an error a failure. */
    private static Abi.Call3Result fromDirect(JsonRpcClient.Result r) {
        if (!r.ok() || r.text() == null) return new Abi.Call3Result(false, new byte[0]);
        try {
            return new Abi.Call3Result(true, Abi.bytes(r.text()));
        } catch (RuntimeException e) {
            return new Abi.Call3Result(false, new byte[0]);
        }
    }

    /** Null when the aggregate3 call failed or its answer does not decode to one result per call (and a block, if stamped). */
    private static Decoded decode(JsonRpcClient.Result r, int expected, boolean stamped) {
        CharSequence hex = r.ok() ? r.chars() : null;
        if (hex == null || hex.length() <= 2) return null; // "0x": no Multicall3 there
        try {
            List<Abi.Call3Result> all = Abi.decodeAggregate3(hex, expected);
            if (!stamped) return new Decoded(null, all);
            Long block = all.get(0).success() ? Abi.uintLong(all.get(0).returnData()) : null;
            return block == null ? null : new Decoded(block, all.subList(1, all.size()));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
