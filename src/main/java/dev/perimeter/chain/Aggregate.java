package dev.perimeter.chain;

import org.web3j.utils.Numeric;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Contract reads that travel inside Multicall3 aggregate3 calls of at most {@code chunk} reads each. Every read gets its
 * own typed {@link Read}; the aggregate3 calls are {@link Batch.Handle}s of the batch the reads are scheduled into.
 * A chunk that does not decode (no Multicall3 on the endpoint, a node's gas cap, garbage) is read again as direct
 * eth_calls in a follow-up batch, so a read answers the same either way. All reads allow failure: a reverting read
 * fails alone.
 */
final class Aggregate {
    /** One contract read. Before the batch ran, or when it could not be read at all, it has no answer. */
    static final class Read<T> {
        private final String target;
        private final String callData;
        private final Function<Abi.Call3Result, T> decoder;
        private Abi.Call3Result answer;
        private Batch.Handle<Abi.Call3Result> direct;

        private Read(String target, String callData, Function<Abi.Call3Result, T> decoder) {
            this.target = target;
            this.callData = callData;
            this.decoder = decoder;
        }

        /** success + return data, or null when no answer arrived (its chunk and its direct call both failed). */
        Abi.Call3Result raw() {
            if (answer == null && direct != null) answer = direct.get();
            return answer;
        }

        /** The decoded value; null when the call failed, reverted, or returned data the decoder rejects. */
        T get() {
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

    private record Chunk(List<Read<?>> reads, Batch.Handle<List<Abi.Call3Result>> handle) {}

    private final int chunk;
    private final String blockTag;
    private final List<Read<?>> reads = new ArrayList<>();
    private final List<Chunk> chunks = new ArrayList<>();
    private int fellBack;
    private boolean scheduled;

    Aggregate(int chunk, String blockTag) {
        if (chunk < 1) throw new IllegalArgumentException("chunk must be at least 1");
        this.chunk = chunk;
        this.blockTag = blockTag;
    }

    <T> Read<T> add(String target, String callData, Function<Abi.Call3Result, T> decoder) {
        if (scheduled) throw new IllegalStateException("the reads are already scheduled");
        Read<T> r = new Read<>(target, callData, decoder);
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
     * Places the reads in a batch: one aggregate3 eth_call per chunk, or, when Multicall3 is known to be missing, one
     * direct eth_call per read.
     */
    void schedule(Batch batch, boolean multicall) {
        if (scheduled) throw new IllegalStateException("the reads are already scheduled");
        scheduled = true;
        if (!multicall) {
            for (Read<?> r : reads) direct(r, batch);
            fellBack = reads.size();
            return;
        }
        for (int i = 0; i < reads.size(); i += chunk) {
            List<Read<?>> part = List.copyOf(reads.subList(i, Math.min(reads.size(), i + chunk)));
            List<Abi.Call3> c3 = new ArrayList<>(part.size());
            for (Read<?> r : part) c3.add(r.call3());
            int expected = part.size();
            chunks.add(new Chunk(part, batch.add(Batch.ethCall(EvmChainReader.MULTICALL3, Abi.aggregate3(c3), blockTag),
                    res -> decodeAggregate3(res, expected))));
        }
    }

    /**
     * After the batch ran: hands every read of a decoded chunk its answer, and schedules the reads of failed chunks as
     * direct eth_calls in {@code fallback}.
     * @return how many reads fell back to direct calls in this step
     */
    int settle(Batch fallback) {
        int n = 0;
        for (Chunk c : chunks) {
            List<Abi.Call3Result> decoded = c.handle().get();
            if (decoded != null) {
                for (int k = 0; k < decoded.size(); k++) c.reads().get(k).answer = decoded.get(k);
            } else {
                for (Read<?> r : c.reads()) direct(r, fallback);
                n += c.reads().size();
            }
        }
        chunks.clear();
        fellBack += n;
        return n;
    }

    /** Every read went through aggregate3 (none fell back to direct calls). */
    boolean multicallWorked() {
        return fellBack == 0;
    }

    /** How many reads were (or are scheduled to be) read with direct eth_calls. */
    int fellBack() {
        return fellBack;
    }

    private void direct(Read<?> r, Batch batch) {
        r.direct = batch.add(Batch.ethCall(r.target, r.callData, blockTag), Aggregate::fromDirect);
    }

    /** A direct eth_call's answer in aggregate3's shape: "0x" is success without data (no contract), an error a failure. */
    private static Abi.Call3Result fromDirect(JsonRpcClient.Result r) {
        if (!r.ok() || r.text() == null) return new Abi.Call3Result(false, new byte[0]);
        try {
            return new Abi.Call3Result(true, Numeric.hexStringToByteArray(r.text()));
        } catch (RuntimeException e) {
            return new Abi.Call3Result(false, new byte[0]);
        }
    }

    /** Null when the aggregate3 call failed or its answer does not decode to one result per read. */
    private static List<Abi.Call3Result> decodeAggregate3(JsonRpcClient.Result r, int expected) {
        if (!r.ok() || r.text() == null || r.text().equals("0x")) return null;
        try {
            return Abi.decodeAggregate3(r.text(), expected);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
