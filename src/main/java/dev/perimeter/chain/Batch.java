package dev.perimeter.chain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * JSON-RPC calls gathered from several phases of a scan and sent together. Each {@link #add} hands back a typed
 * {@link Handle} that carries its own decoder; after {@link #run} every phase reads its handles, never a position in
 * the batch.
 */
final class Batch {
    /** Sends calls and answers them in order (a scan's {@link ChainSession}: one batch, or smaller ones when refused). */
    interface Runner {
        List<JsonRpcClient.Result> run(List<JsonRpcClient.Call> calls);
    }

    /** One call's answer, decoded on first read. */
    static final class Handle<T> {
        private final Function<JsonRpcClient.Result, T> decoder;
        private JsonRpcClient.Result result;
        private boolean decoded;
        private T value;

        private Handle(Function<JsonRpcClient.Result, T> decoder) {
            this.decoder = decoder;
        }

        /** The raw answer: a result or the node's error for this call. */
        JsonRpcClient.Result result() {
            if (result == null) throw new IllegalStateException("the batch holding this call has not run");
            return result;
        }

        boolean ok() {
            return result().ok();
        }

        /** The decoded answer; what a failed call decodes to is the decoder's choice (null, or an exception). */
        T get() {
            if (!decoded) {
                value = decoder.apply(result());
                decoded = true;
            }
            return value;
        }
    }

    private final List<JsonRpcClient.Call> calls = new ArrayList<>();
    private final List<Handle<?>> handles = new ArrayList<>();
    private boolean ran;

    <T> Handle<T> add(JsonRpcClient.Call call, Function<JsonRpcClient.Result, T> decoder) {
        if (ran) throw new IllegalStateException("the batch has already run");
        Handle<T> h = new Handle<>(decoder);
        calls.add(call);
        handles.add(h);
        return h;
    }

    boolean isEmpty() {
        return calls.isEmpty();
    }

    int size() {
        return calls.size();
    }

    /** Moves other's calls, with their handles, to the end of this batch; other must not have run and is spent after. */
    void append(Batch other) {
        if (ran || other.ran) throw new IllegalStateException("the batch has already run");
        calls.addAll(other.calls);
        handles.addAll(other.handles);
        other.calls.clear();
        other.handles.clear();
        other.ran = true;
    }

    /** Sends every call (nothing when empty) and hands each handle its answer. */
    void run(Runner runner) {
        if (ran) throw new IllegalStateException("the batch has already run");
        ran = true;
        if (calls.isEmpty()) return;
        List<JsonRpcClient.Result> results = runner.run(List.copyOf(calls));
        if (results.size() != calls.size()) {
            throw new RpcException(RpcException.Kind.MALFORMED, results.size() + " answers for " + calls.size() + " calls");
        }
        for (int k = 0; k < calls.size(); k++) handles.get(k).result = results.get(k);
    }

    /** eth_call of data on a contract, at a block (a number, or "latest"). */
    static JsonRpcClient.Call ethCall(String to, String data, String blockTag) {
        Map<String, Object> tx = new LinkedHashMap<>();
        tx.put("to", to);
        tx.put("data", data);
        return new JsonRpcClient.Call("eth_call", List.of(tx, blockTag));
    }

    /** eth_call of long call data (an aggregate3), written into the request without a copy. */
    static JsonRpcClient.Call ethCall(String to, HexData data, String blockTag) {
        Map<String, Object> tx = new LinkedHashMap<>();
        tx.put("to", to);
        tx.put("data", data);
        return new JsonRpcClient.Call("eth_call", List.of(tx, blockTag));
    }
}
