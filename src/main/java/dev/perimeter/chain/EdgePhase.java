package dev.perimeter.chain;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What held tokens without data edges rest on, read on-chain ({@link EdgeReads}): the registry tokens of
 * {@link ScanPlan#edgeless()} with a positive balance, and the unlisted tokens the Transfer logs name (their reads
 * travel with their balanceOf in request 2; only the held ones' edges are kept). Request 3 reads the minter's coins of a
 * held older Curve LP token, only when there is one. A failed request leaves some edges out and says so; the balances
 * stand.
 */
final class EdgePhase implements ScanPhase {
    /** The problem's subject when request 2 or 3 fails without failing the scan (shared with {@link PositionPhase}). */
    static final String SUBJECT = "what held vault and pool tokens and positions rest on";

    private final ScanPlan plan;
    private final BalancePhase balances;
    private final LogPhase logs;
    private final UnlistedTokenPhase unlisted;
    private final EdgeReads edges;
    private List<ChainData.ReadEdge> out = List.of();

    EdgePhase(ScanPlan plan, int chunk, BalancePhase balances, LogPhase logs, UnlistedTokenPhase unlisted) {
        this.plan = plan;
        this.balances = balances;
        this.logs = logs;
        this.unlisted = unlisted;
        this.edges = new EdgeReads(chunk);
    }

    @Override
    public String name() {
        return "edges";
    }

    @Override
    public void plan(Round round) {
        if (!plan.readEdges()) return;
        if (round.number() == 2) {
            for (String t : balances.balances().keySet()) if (plan.edgeless().contains(t)) edges.add(t);
            if (plan.discoverUnlisted()) for (String t : logs.received()) if (!balances.registry().contains(t)) edges.add(t);
            if (edges.isEmpty()) return;
            round.add(edges.first());
            round.optional(SUBJECT);
        } else if (round.number() == 3 && !edges.isEmpty()) {
            round.add(edges.minterPhase(held())); // older Curve LP tokens
            round.optional(SUBJECT);
        }
    }

    @Override
    public void finish(long block) {
        if (!edges.isEmpty()) out = edges.edges(held(), block);
    }

    /** Tokens the wallet holds: registry tokens with a positive balance and unlisted tokens found. */
    private Set<String> held() {
        Set<String> held = new HashSet<>(balances.balances().keySet());
        for (ChainData.RawToken u : unlisted.found()) held.add(u.address());
        return held;
    }

    /** The edges read for held tokens, after the requests. */
    List<ChainData.ReadEdge> edges() {
        return out;
    }
}
