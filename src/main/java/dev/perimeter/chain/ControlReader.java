package dev.perimeter.chain;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Reads who controls a set of contracts on one chain ({@link ControlReads}), on its own requests: the contract page and
 * API, and anything else that is not a wallet scan. One request per level, at most {@link ControlReads#MAX_HOPS} + 1
 * (fewer when the paths end sooner), every level's plain calls and aggregate3 chunks in one JSON-RPC batch.
 * <p>
 * The first request goes at "latest" with eth_chainId (an endpoint serving another chain is refused) and eth_blockNumber;
 * its aggregate3 chunks are stamped with the block they ran at (Multicall3's getBlockNumber), which is the reading's
 * block. When eth_blockNumber answered another block (one arrived while the batch was served), the storage slots may
 * have been read at another block than the calls, so the first level is read again pinned to the stamp's block. Later
 * levels are pinned to it.
 */
public final class ControlReader {
    private static final Logger log = LoggerFactory.getLogger(ControlReader.class);

    /** Hops followed from a contract to whoever controls it. */
    public static final int MAX_HOPS = ControlReads.MAX_HOPS;

    /** What one read found, and what it cost. */
    public record Result(long block, List<ControlReading> readings, long httpRequests, long rpcCalls, int levels) {}

    private final String chain;
    private final long expectedChainId;
    private final URI url;
    private final HttpClient http;
    private final ObjectMapper json;
    private final EvmChainReader.Limits limits;

    public ControlReader(String chain, long expectedChainId, URI url, HttpClient http, ObjectMapper json, EvmChainReader.Limits limits) {
        this.chain = chain;
        this.expectedChainId = expectedChainId;
        this.url = url;
        this.http = http;
        this.json = json;
        this.limits = limits;
    }

    public String chain() {
        return chain;
    }

    /** One read's session: its own client, with the scan's batch fallbacks and settling (ChainSession). */
    private ChainSession session(Deadline deadline) {
        return new ChainSession(chain, new JsonRpcClient(url, http, json, limits.maxResponseBytes(), limits.maxRetries()), deadline, limits);
    }

    /** One level's request: its plain calls (the first level's eth_chainId and eth_blockNumber first), then its aggregate. */
    private final class Level {
        final Batch calls = new Batch();
        final Aggregate aggregate;
        final String tag;
        /** Where the reads of this level are put: plain calls in {@link #calls}, contract reads in {@link #aggregate}. */
        final ControlReads.Sink sink;

        Level(String tag, boolean stamped) {
            this.tag = tag;
            this.aggregate = new Aggregate(limits.multicallChunk(), stamped);
            this.sink = ControlReads.Sink.of(calls, aggregate, tag);
        }

        /** Sends the level as one batch: its plain calls, then the aggregate's chunks. */
        void send(ChainSession s) {
            aggregate.schedule(calls, true, tag);
            calls.run(s);
        }
    }

    /**
     * Reads the contracts' control at the latest block. Addresses are taken lowercase; each is read once.
     * @throws RpcException when the first request fails or the endpoint serves another chain (nothing was read)
     */
    public Result read(Collection<String> contracts, Deadline deadline) {
        ChainSession s = session(deadline);
        List<String> list = normalise(contracts);
        Level first = new Level("latest", true);
        Batch.Handle<Long> chainId = first.calls.add(new JsonRpcClient.Call("eth_chainId", List.of()), r -> quantity(r, "eth_chainId"));
        Batch.Handle<Long> head = first.calls.add(new JsonRpcClient.Call("eth_blockNumber", List.of()), r -> quantity(r, "eth_blockNumber"));
        ControlReads reads = new ControlReads(list, messaging());
        reads.plan(first.sink);
        first.send(s);
        long id = chainId.get();
        if (id != expectedChainId) throw new RpcException(RpcException.Kind.WRONG_CHAIN, "expected chain id " + expectedChainId + ", got " + id);
        TreeSet<Long> stamps = new TreeSet<>(first.aggregate.blocks());
        long block = stamps.isEmpty() ? head.get() : stamps.last();
        if (stamps.size() > 1 || block != head.get()) {
            // A block arrived while the batch was served: read the first level again, all of it pinned to one block.
            return pinned(s, list, block, 1);
        }
        s.settle(block, List.of(first.aggregate));
        reads.read();
        return rest(s, reads, block, 1);
    }

    /** Reads the contracts' control pinned to a block (a scan's block). */
    public Result read(Collection<String> contracts, long block, Deadline deadline) {
        return pinned(session(deadline), normalise(contracts), block, 0);
    }

    private Result pinned(ChainSession s, List<String> contracts, long block, int levelsSoFar) {
        ControlReads reads = new ControlReads(contracts, messaging());
        Level first = new Level(hex(block), false);
        reads.plan(first.sink);
        first.send(s);
        s.settle(block, List.of(first.aggregate));
        reads.read();
        return rest(s, reads, block, levelsSoFar + 1);
    }

    /** Levels 2 and later, pinned to the block, until the paths end, a level fails, or the deadline passes. */
    private Result rest(ChainSession s, ControlReads reads, long block, int levels) {
        while (true) {
            Level l = new Level(hex(block), false);
            if (!reads.plan(l.sink)) break;
            if (s.deadline.passed()) {
                reads.failed(new RpcException(RpcException.Kind.TIMEOUT, null));
                break;
            }
            try {
                l.send(s);
                s.settle(block, List.of(l.aggregate));
                reads.read();
                levels++;
            } catch (RpcException e) {
                log.debug("chain {}: control reads of level {} failed: {}", chain, reads.level(), e.getMessage());
                reads.failed(e);
                break;
            }
        }
        return new Result(block, reads.readings(chain, block), s.rpc.httpRequests(), s.rpc.rpcCalls(), levels);
    }

    private List<ControlReads.MessagingReader> messaging() {
        LayerZeroV2Reads lz = LayerZeroV2Reads.forChain(chain);
        return lz == null ? List.of() : List.of(lz);
    }

    private static List<String> normalise(Collection<String> contracts) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String c : contracts) {
            String a = c.toLowerCase(Locale.ROOT);
            if (!a.matches("0x[0-9a-f]{40}")) throw new IllegalArgumentException("not an address: " + c);
            out.add(a);
        }
        return List.copyOf(out);
    }

    private static String hex(long block) {
        return "0x" + Long.toHexString(block);
    }

    private static long quantity(JsonRpcClient.Result r, String what) {
        if (!r.ok()) throw RpcException.fromProvider(RpcException.Kind.RPC_ERROR, r.errorMessage());
        String t = r.text();
        if (t == null || !t.matches("0x[0-9a-fA-F]{1,15}")) throw new RpcException(RpcException.Kind.MALFORMED, what + " is not a quantity");
        return Long.parseLong(t.substring(2), 16);
    }
}
