package dev.perimeter.chain;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * The wallet's positions that are not tokens ({@link PositionReads}: Uniswap V3 liquidity NFTs, Morpho Blue, EigenLayer),
 * riding in the scan's requests: their first reads in request 1's balance aggregate and one more eth_getLogs (Morpho's),
 * the rest in request 2, and, for a wallet with more Uniswap V3 positions than request 1 lists, in request 3. A failed
 * request 2 or 3 leaves positions out and says so; what could not be read is said by PositionReads.
 */
final class PositionPhase implements ScanPhase, ScanPhase.PositionSource {
    private final ChainSession session;
    private final PositionReads positions;
    private Batch.Handle<JsonRpcClient.Result> morphoLogs;
    private List<JsonNode> marketLogs;
    private List<ChainData.RawPosition> out = List.of();

    /** @param positions null when the scan reads no position: the phase does nothing */
    PositionPhase(ChainSession session, PositionReads positions) {
        this.session = session;
        this.positions = positions;
    }

    @Override
    public String name() {
        return "positions";
    }

    @Override
    public void plan(Round round) {
        if (positions == null) return;
        switch (round.number()) {
            case 1 -> {
                positions.addFirst(round.shared()); // position manager, StrategyManager, EigenPodManager: with the balances
                if (positions.readsMorpho()) {
                    morphoLogs = round.call(positions.morphoLogs(RpcValues.hex(positions.morphoFromBlock()), "latest"), r -> r);
                }
            }
            case 2 -> {
                round.add(positions.second(marketLogs, round.block()));
                round.optional(EdgePhase.SUBJECT);
            }
            case 3 -> {
                round.add(positions.third()); // more Uniswap V3 positions than request 1 listed
                round.optional(EdgePhase.SUBJECT);
            }
            default -> { }
        }
    }

    @Override
    public void read(Round round) {
        if (positions == null || round.number() != 1 || morphoLogs == null) return;
        marketLogs = session.logs(morphoLogs.get(), positions::morphoLogs, positions.morphoFromBlock(), round.block(),
                "the Morpho Blue positions are incomplete").logs();
    }

    @Override
    public void finish(long block) {
        if (positions == null) return;
        out = positions.positions(block);
        session.problems.addAll(positions.problems());
    }

    /** The non-empty positions, after the requests. */
    @Override
    public List<ChainData.RawPosition> positions() {
        return out;
    }
}
