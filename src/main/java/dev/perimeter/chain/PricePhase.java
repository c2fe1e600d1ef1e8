package dev.perimeter.chain;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Request 1: latestRoundData() and latestAnswer() of every price feed plus the block's timestamp (Multicall3's
 * getCurrentBlockTimestamp; the block header's without Multicall3), all in one aggregate3 of their own, so the feeds and
 * the time they are compared with are read together. Adapters that have only latestAnswer() (Aave's CAPO, Pendle, GHO
 * sources) still answer; their answer carries no update time. Feeds that did not answer are left out: the holdings they
 * price are unpriced, each with that reason.
 */
final class PricePhase implements ScanPhase {
    private final List<String> feeds;
    private final int chunk;
    private Aggregate.Read<Long> timestamp;
    private final Map<String, Aggregate.Read<Abi.RoundData>> rounds = new LinkedHashMap<>();
    private final Map<String, Aggregate.Read<BigInteger>> answers = new LinkedHashMap<>();

    private final Map<String, ChainData.FeedRound> out = new LinkedHashMap<>();
    private Long blockTimestamp;

    /** @param feeds the feeds, each once */
    PricePhase(List<String> feeds, int chunk) {
        this.feeds = feeds;
        this.chunk = chunk;
    }

    @Override
    public String name() {
        return "prices";
    }

    @Override
    public void plan(Round round) {
        if (round.number() != 1) return;
        // A chunk as large as the feed list: the feeds and the timestamp they are compared with travel in one aggregate3.
        Aggregate aggregate = round.aggregate(Math.max(chunk, 1 + 2 * feeds.size()));
        timestamp = feeds.isEmpty() ? null : blockTimestamp(aggregate);
        for (String f : feeds) {
            rounds.put(f, aggregate.add(f, Abi.LATEST_ROUND_DATA, r -> Abi.roundData(r.returnData())));
            answers.put(f, aggregate.add(f, Abi.LATEST_ANSWER, r -> Abi.int256(r.returnData())));
        }
    }

    /** The timestamp of the block the aggregate runs at (the block header's through a direct call). */
    static Aggregate.Read<Long> blockTimestamp(Aggregate aggregate) {
        return aggregate.add(EvmChainReader.MULTICALL3, Abi.GET_CURRENT_BLOCK_TIMESTAMP, r -> Abi.uintLong(r.returnData()),
                new Aggregate.Direct(tag -> new JsonRpcClient.Call("eth_getBlockByNumber", List.of(tag, false)),
                        r -> RpcValues.word(r.ok() && r.result() != null ? RpcValues.hexLong(r.result().path("timestamp").asText(null)) : null)));
    }

    @Override
    public void read(Round round) {
        if (round.number() != 1) return;
        for (Map.Entry<String, Aggregate.Read<Abi.RoundData>> e : rounds.entrySet()) {
            Abi.RoundData rd = e.getValue().get();
            if (rd != null) {
                out.put(e.getKey(), new ChainData.FeedRound(rd.answer(), rd.updatedAt()));
                continue;
            }
            BigInteger answer = answers.get(e.getKey()).get();
            if (answer != null) out.put(e.getKey(), new ChainData.FeedRound(answer, null));
        }
        blockTimestamp = timestamp == null ? null : timestamp.get();
    }

    /** Feed (lowercase) → its latest round, only feeds that answered. */
    Map<String, ChainData.FeedRound> feeds() {
        return out;
    }

    /** Timestamp (s) of the scan's block, read with the feeds; null when there are no feeds or it could not be read. */
    Long blockTimestamp() {
        return blockTimestamp;
    }
}
