package dev.perimeter.chain;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Who controls what the wallet holds and whom it approved (issue 21), read inside the scan's requests: every held
 * registry token, every token the Transfer logs name (unlisted ones are known to be held only after request 2), the
 * position contracts of the plan, and every spender, operator and Permit2 spender the approval logs name. A contract with a
 * reading kept in {@link ScanPlan#control()} is not read (a warm scan adds nothing).
 * <ol>
 * <li><b>request 2</b>: the first level of {@link ControlReads} — the proxy slots ({@code eth_getStorageAt}), owner(), the
 * admin role's member, the messaging readers' first reads;</li>
 * <li><b>request 3</b>: everything after, in one {@link ControlPaths} eth_call with a state override (the hops up to
 * {@link ControlReads#MAX_HOPS}, the LayerZero routes' library and configuration), with the level's own reads
 * (proxiableUUID, a contract's code).</li>
 * </ol>
 * So a cold scan with control is at most 3 requests per chain. Where the endpoint refuses the state override (remembered
 * per endpoint), the same reads go step by step — request 3 carries level 2, and every further level is one more request
 * after the scan's three (a ProxyAdmin owned by a Safe: one; the first refusal also reads level 1 again, pinned). A
 * contract whose first reads failed gets "control not read" with the reason, never a guess.
 */
final class ControlPhase implements ScanPhase {
    private static final Logger log = LoggerFactory.getLogger(ControlPhase.class);

    /** The problem's subject when a request carrying control reads fails without failing the scan. */
    static final String SUBJECT = "who controls the held tokens and approved spenders";

    private final ChainSession session;
    private final ScanPlan plan;
    private final int chunk;
    private final ControlPaths paths;
    private final BalancePhase balances;
    private final LogPhase logs;
    private final UnlistedTokenPhase unlisted;
    private final Map<String, ControlReading> kept = new LinkedHashMap<>();
    private List<String> toRead = List.of();
    private ControlReads reads;
    private ControlPaths.Request call;
    private boolean firstRead, restPlanned, restRead;
    private Map<String, ControlReading> out = Map.of();
    private int extraRequests;

    ControlPhase(ChainSession session, ScanPlan plan, int chunk, ControlPaths paths, BalancePhase balances, LogPhase logs,
                 UnlistedTokenPhase unlisted) {
        this.session = session;
        this.plan = plan;
        this.chunk = chunk;
        this.paths = paths;
        this.balances = balances;
        this.logs = logs;
        this.unlisted = unlisted;
    }

    @Override
    public String name() {
        return "control";
    }

    /** The contracts whose control the scan is about, known after request 1. */
    private Set<String> contracts() {
        Set<String> out = new LinkedHashSet<>(balances.balances().keySet());
        out.addAll(unlisted.candidates());
        if (plan.readPositions()) {
            ScanPlan.Positions p = plan.positions();
            for (String c : new String[] {p.uniswapV3Manager(), p.morpho(), p.strategyManager(), p.eigenPodManager()}) if (c != null) out.add(c);
        }
        for (EvmChainReader.TokenSpender s : logs.approved()) out.add(s.spender());
        for (EvmChainReader.TokenSpender s : logs.operators()) out.add(s.spender());
        for (EvmChainReader.TokenSpender s : logs.permit2()) out.add(s.spender());
        return out;
    }

    @Override
    public void plan(Round round) {
        if (plan.control() == null) return;
        if (round.number() == 2) {
            List<String> missing = new ArrayList<>();
            for (String c : contracts()) {
                Optional<ControlReading> r = plan.control().get(session.chain, c);
                if (r.isPresent()) kept.put(c, r.get());
                else missing.add(c);
            }
            if (missing.isEmpty()) return;
            toRead = List.copyOf(missing);
            reads = new ControlReads(toRead, messaging());
            reads.plan(sink(round));
            round.optional(SUBJECT);
        } else if (round.number() == 3 && firstRead) {
            ControlReads.Sink sink = sink(round);
            if (paths.usable()) {
                call = paths.request();
                reads.planWithPaths(sink, call);
                call.schedule(round.calls(), round.tag());
            } else {
                reads.plan(sink);
            }
            restPlanned = true;
            round.optional(SUBJECT);
        }
    }

    @Override
    public void read(Round round) {
        if (reads == null) return;
        if (round.number() == 2) {
            reads.read();
            firstRead = true;
        } else if (round.number() == 3 && restPlanned) {
            reads.read();
            restRead = true;
        }
    }

    @Override
    public void finish(long block) {
        if (reads == null) {
            out = Map.of();
            return;
        }
        if (!firstRead) {
            Map<String, ControlReading> m = new LinkedHashMap<>();
            for (String c : toRead) {
                m.put(c, ControlReading.notRead(session.chain, c, block, "control not read: the request carrying its reads failed"));
            }
            out = m;
            return;
        }
        if (restPlanned && !restRead) {
            reads.failed(new RpcException(RpcException.Kind.RPC_ERROR, "request 3 failed"));
        } else if (call != null && (call.status() == ControlPaths.Status.REFUSED || call.status() == ControlPaths.Status.FAILED)) {
            // The one call was not answered: read it all step by step, pinned to the scan's block (more requests, this once).
            log.debug("chain {}: control paths call {}: reading step by step", session.chain, call.status());
            reads = new ControlReads(toRead, messaging());
            steps(reads, block);
        } else {
            steps(reads, block); // walks the paths through the call's answers; reads only what it did not answer
        }
        Map<String, ControlReading> m = new LinkedHashMap<>();
        for (ControlReading r : reads.readings(session.chain, block)) m.put(r.contract(), r);
        out = m;
    }

    /** The next levels, one request each, until the paths end, a level fails or the deadline passes. */
    private void steps(ControlReads r, long block) {
        String tag = RpcValues.hex(block);
        while (true) {
            Batch calls = new Batch();
            Aggregate agg = new Aggregate(chunk, false);
            ControlReads.Sink sink = ControlReads.Sink.of(calls, agg, tag);
            if (!r.plan(sink)) return;
            if (session.deadline.passed()) {
                r.failed(new RpcException(RpcException.Kind.TIMEOUT, null));
                return;
            }
            try {
                Batch batch = new Batch();
                agg.schedule(batch, true, tag);
                batch.append(calls);
                batch.run(session);
                session.settle(block, List.of(agg));
                r.read();
                extraRequests++;
            } catch (RpcException e) {
                log.debug("chain {}: control reads of level {} failed: {}", session.chain, r.level(), e.getMessage());
                r.failed(e);
                return;
            }
        }
    }

    private ControlReads.Sink sink(Round round) {
        return new ControlReads.Sink() {
            private Aggregate agg;

            @Override
            public <T> Batch.Handle<T> call(JsonRpcClient.Call c, Function<JsonRpcClient.Result, T> decoder) {
                return round.call(c, decoder);
            }

            @Override
            public <T> Aggregate.Read<T> read(String target, String callData, Function<Abi.Call3Result, T> decoder) {
                if (agg == null) agg = round.aggregate();
                return agg.add(target, callData, decoder);
            }

            @Override
            public String tag() {
                return round.tag();
            }
        };
    }

    private List<ControlReads.MessagingReader> messaging() {
        LayerZeroV2Reads lz = LayerZeroV2Reads.forChain(session.chain);
        return lz == null ? List.of() : List.of(lz);
    }

    /** The readings made in this scan, by contract. */
    Map<String, ControlReading> read() {
        return out;
    }

    /** The readings kept from earlier reads, by contract. */
    Map<String, ControlReading> kept() {
        return kept;
    }

    /** Requests sent after the scan's three (step reads where the state override is refused). */
    int extraRequests() {
        return extraRequests;
    }
}
