package dev.perimeter.chain;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BiFunction;

/**
 * One scan's connection to its endpoint: its own client (request counters), its deadline, the problems it met, and the
 * fallbacks every phase shares — smaller batches when the provider refuses one, re-reads of aggregate3 chunks at the
 * scan's block, log ranges split in halves when the provider limits them.
 */
final class ChainSession implements Batch.Runner {
    private static final Logger log = LoggerFactory.getLogger(ChainSession.class);

    final String chain;
    final JsonRpcClient rpc;
    final Deadline deadline;
    final EvmChainReader.Limits limits;
    /** Perimeter's own sentences for what could not be read (never the provider's text), in the order they were met. */
    final List<String> problems = new ArrayList<>();
    private int batchLimit = Integer.MAX_VALUE; // largest batch to send: lowered when the provider refuses one

    ChainSession(String chain, JsonRpcClient rpc, Deadline deadline, EvmChainReader.Limits limits) {
        this.chain = chain;
        this.rpc = rpc;
        this.deadline = deadline;
        this.limits = limits;
    }

    /**
     * Runs calls as one batch; when the provider refuses it, in batches of Limits.fallbackBatch, and when it refuses
     * those too (or the refused batch was no larger), one call per request. Every call gets exactly one answer, in
     * order; per-call errors stay per call.
     */
    @Override
    public List<JsonRpcClient.Result> run(List<JsonRpcClient.Call> calls) {
        List<JsonRpcClient.Result> out = new ArrayList<>(calls.size());
        int i = 0;
        while (i < calls.size()) {
            int n = Math.min(batchLimit, calls.size() - i);
            if (n == 1) {
                out.add(rpc.call(calls.get(i), deadline));
                i++;
                continue;
            }
            try {
                out.addAll(rpc.batch(calls.subList(i, i + n), deadline));
                i += n;
            } catch (RpcException e) {
                if (e.kind() != RpcException.Kind.BATCH_REFUSED) throw e;
                if (batchLimit == Integer.MAX_VALUE) {
                    log.debug("chain {}: batch refused: {}", chain, e.providerText());
                    problems.add("the provider refused a batch of " + n + " calls; fell back to smaller requests");
                }
                batchLimit = n > limits.fallbackBatch() ? limits.fallbackBatch() : 1;
            }
        }
        return out;
    }

    /**
     * After the batch holding the aggregates ran: settles them at the scan's block, sending the re-reads they need
     * (chunks that ran at another block, direct calls for chunks that failed); no request when none is needed.
     */
    void settle(long block, List<Aggregate> aggregates) {
        while (true) {
            Batch next = new Batch();
            for (Aggregate a : aggregates) a.settle(next, block);
            if (next.isEmpty()) return;
            next.run(this);
        }
    }

    /** Sends the aggregates in one request pinned to the block (empty ones add nothing), then settles them. */
    void runPinned(boolean multicall, long block, List<Aggregate> aggregates) {
        Batch batch = new Batch();
        for (Aggregate a : aggregates) a.schedule(batch, multicall, RpcValues.hex(block));
        batch.run(this);
        settle(block, aggregates);
    }

    /** The logs of one query, and whether every block range of it could be read. */
    record Logs(List<JsonNode> logs, boolean complete) {}

    /**
     * Takes the first answer of a log query over [from, head]; when the provider refuses the range, splits it in halves
     * within a request budget (Limits.logRequestBudget) and the deadline.
     * @param query      the eth_getLogs call for a block range (hex block numbers)
     * @param incomplete the sentence that starts the problem when not every range could be read
     */
    Logs logs(JsonRpcClient.Result first, BiFunction<String, String, JsonRpcClient.Call> query, long from, long head, String incomplete) {
        List<JsonNode> out = new ArrayList<>();
        if (first.ok() && first.result() != null && first.result().isArray()) {
            first.result().forEach(out::add);
            return new Logs(out, true);
        }
        log.debug("chain {}: eth_getLogs over the whole history refused: {}", chain, first.errorMessage());
        Deque<Blocks> ranges = new ArrayDeque<>();
        long mid0 = from + (head - from) / 2;
        ranges.push(new Blocks(from, mid0));
        ranges.addLast(new Blocks(mid0 + 1, head));
        int budget = limits.logRequestBudget();
        while (!ranges.isEmpty()) {
            if (budget-- <= 0 || deadline.passed()) {
                problems.add(incomplete + ": the provider limits log queries");
                return new Logs(out, false);
            }
            Blocks r = ranges.pollFirst();
            if (r.from() > r.to()) continue;
            JsonRpcClient.Result res;
            try {
                res = rpc.call(query.apply(RpcValues.hex(r.from()), RpcValues.hex(r.to())), deadline);
            } catch (RpcException e) {
                problems.add(incomplete + ": " + e.publicMessage());
                return new Logs(out, false);
            }
            if (res.ok() && res.result() != null && res.result().isArray()) {
                res.result().forEach(out::add);
            } else if (r.to() > r.from()) {
                long mid = r.from() + (r.to() - r.from()) / 2;
                ranges.addFirst(new Blocks(mid + 1, r.to()));
                ranges.addFirst(new Blocks(r.from(), mid));
            } else {
                log.debug("chain {}: eth_getLogs of one block refused: {}", chain, res.errorMessage());
                problems.add(incomplete + ": the logs of block " + r.from() + " could not be read");
                return new Logs(out, false);
            }
        }
        return new Logs(out, true);
    }

    /** A range of blocks, both ends included, to ask eth_getLogs for. */
    private record Blocks(long from, long to) {}

    /** A log from a block after the scan's block (the logs were asked for at "latest"): not part of this scan. */
    static boolean after(JsonNode log, long block) {
        Long n = RpcValues.hexLong(log.path("blockNumber").asText(null));
        return n != null && n > block;
    }
}
