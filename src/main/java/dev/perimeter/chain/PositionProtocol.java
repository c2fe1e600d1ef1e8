package dev.perimeter.chain;

import java.util.List;

/**
 * One protocol whose deposits are not (only) token balances: Uniswap V3 liquidity NFTs, Morpho Blue markets, EigenLayer
 * restaking, a lending market's collateral behind a deposit. A protocol is a {@link ScanPhase} run inside the scan's
 * position phase: in {@link #plan} it adds what it reads to the request about to be sent (request 1: with the balances
 * in {@link Round#shared()}, or a plain call such as a log query; request 2 and 3: an aggregate of its own, pinned to
 * the scan's block), in {@link #read} it takes the answers, in {@link #finish} it decodes them. What results:
 * <ul>
 * <li>{@link #positions()}: holdings of kind position (not tokens), each with its underlyings and their roles;</li>
 * <li>{@link #edges()}: edges read for tokens the wallet holds (a deposit's market and the collateral that market
 * accepts).</li>
 * </ul>
 * It never sends a request of its own: a scan stays within {@link Round#LAST} requests. A protocol with nothing to read
 * on a chain is not made ({@link Factory} answers null), so it costs nothing there.
 * <p>
 * Adding a protocol is one class implementing this, one line in {@link PositionProtocols#REGISTERED}, one data file
 * for its contracts and its tests.
 */
interface PositionProtocol extends ScanPhase, ScanPhase.PositionSource {
    /**
     * What a protocol is made from for one scan.
     * @param balances the scan's registry balances: held tokens are known after request 1
     * @param markets  lending markets' configuration kept between scans (per market and block window)
     */
    record Context(ChainSession session, ScanPlan plan, String wallet, int chunk, BalancePhase balances, MarketCache markets) {
        String chain() {
            return session.chain;
        }

        List<String> problems() {
            return session.problems;
        }
    }

    /** Makes the protocol for one scan, or null when it has nothing to read on this chain. */
    @FunctionalInterface
    interface Factory {
        PositionProtocol create(Context ctx);
    }

    @Override
    default List<ChainData.RawPosition> positions() {
        return List.of();
    }

    /** Edges read for held tokens (after the requests). */
    default List<ChainData.ReadEdge> edges() {
        return List.of();
    }
}
