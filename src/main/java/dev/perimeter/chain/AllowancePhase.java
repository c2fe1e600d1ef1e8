package dev.perimeter.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Request 2, pinned to the scan's block: the allowances of the pairs the Approval logs name, the exploited-contract
 * check (every held or approved token against every exploited contract, logged or not: a token may set an allowance
 * without an Approval event, and the logs may be incomplete), and each approved token's totalSupply (and decimals
 * outside the registry). The check goes through {@link AllowanceSweep} in the same batch; when the endpoint refuses
 * it, through aggregate3 reads (in this request once the refusal is known, in one more request the first time). Either
 * way every pair is answered at the scan's block, with the same answer. A failure of the request fails the scan.
 */
final class AllowancePhase implements ScanPhase {
    private final boolean on;
    private final ChainSession session;
    private final ScanPlan plan;
    private final AllowanceSweep sweep;
    private final int chunk;
    private final BalancePhase balances;
    private final LogPhase logs;
    private final UnlistedTokenPhase unlisted;
    private final String owner;

    private Set<EvmChainReader.TokenSpender> logged = Set.of();
    private List<String> checkTokens = List.of();
    private List<String> spenders = List.of();
    private final Map<String, Aggregate.Read<Integer>> decimals = new LinkedHashMap<>();
    private final Map<String, Aggregate.Read<BigInteger>> supplies = new LinkedHashMap<>();
    private final Map<String, String> words = new HashMap<>();
    private Map<EvmChainReader.TokenSpender, Aggregate.Read<BigInteger>> loggedReads = Map.of();
    private Map<EvmChainReader.TokenSpender, Aggregate.Read<BigInteger>> checkReads = Map.of();
    private AllowanceSweep.Reads sweepReads;
    private final List<ChainData.RawApproval> approvals = new ArrayList<>();

    /** @param on read allowances (a scan that asks for approvals); off: no read, none found */
    AllowancePhase(boolean on, ChainSession session, ScanPlan plan, String wallet, AllowanceSweep sweep, int chunk, BalancePhase balances,
                   LogPhase logs, UnlistedTokenPhase unlisted) {
        this.on = on;
        this.session = session;
        this.plan = plan;
        this.sweep = sweep;
        this.chunk = chunk;
        this.balances = balances;
        this.logs = logs;
        this.unlisted = unlisted;
        this.owner = Abi.addressWord(wallet);
    }

    @Override
    public String name() {
        return "allowances";
    }

    @Override
    public void plan(Round round) {
        if (!on || round.number() != 2) return;
        round.essential();
        logged = logs.approved();
        Set<String> ts = new LinkedHashSet<>(balances.balances().keySet()); // positive balances
        for (EvmChainReader.TokenSpender p : logged) ts.add(p.token());
        ts.addAll(unlisted.candidates());
        Set<String> sp = new LinkedHashSet<>();
        for (String a : plan.exploitedSpenders()) sp.add(a.toLowerCase(Locale.ROOT));
        if (!sp.isEmpty()) {
            checkTokens = List.copyOf(ts);
            spenders = List.copyOf(sp);
        }

        Aggregate agg = round.shared();
        // Each token that may carry an approval: its totalSupply, and its decimals when the registry does not know them.
        Set<String> approvable = new LinkedHashSet<>();
        for (EvmChainReader.TokenSpender p : logged) approvable.add(p.token());
        approvable.addAll(checkTokens);
        for (String t : approvable) {
            supplies.put(t, agg.add(t, Abi.TOTAL_SUPPLY, r -> Abi.uint(r.returnData())));
            if (balances.registry().contains(t)) continue;
            Aggregate.Read<Integer> d = unlisted.decimals(t);
            decimals.put(t, d != null ? d : agg.add(t, Abi.DECIMALS, r -> Abi.decimals(r.returnData())));
        }
        loggedReads = allowanceReads(agg, logged);
        boolean useSweep = !checkTokens.isEmpty() && sweep.usable();
        if (!useSweep) checkReads = allowanceReads(agg, checkPairs());
        else sweepReads = sweep.schedule(round.calls(), owner, checkTokens, spenders, words, chunk, round.tag());
    }

    @Override
    public void read(Round round) {
        if (!on || round.number() != 2) return;
        // Every answered pair in one order on either path: the logged pairs, then the check's, token by token.
        Map<EvmChainReader.TokenSpender, BigInteger> values = new LinkedHashMap<>();
        loggedReads.forEach((p, read) -> values.put(p, read.get()));
        if (sweepReads != null) {
            AllowanceSweep.Outcome o = sweepReads.outcome();
            if (o.status() == AllowanceSweep.Status.OK) {
                o.nonzero().forEach((p, v) -> { if (!logged.contains(p)) values.put(p, v); });
            } else { // refused or failed: the same pairs through aggregate3, in one more request
                Aggregate again = new Aggregate(chunk, false);
                checkReads = allowanceReads(again, checkPairs());
                session.runPinned(round.multicall(), round.block(), List.of(again));
            }
        }
        checkReads.forEach((p, read) -> values.put(p, read.get()));
        values.forEach((p, v) -> {
            if (v == null || v.signum() <= 0) return;
            Aggregate.Read<Integer> d = decimals.get(p.token());
            approvals.add(new ChainData.RawApproval(p.token(), p.spender(), v, logged.contains(p) ? EvmChainReader.FOUND_BY_LOG
                    : EvmChainReader.FOUND_BY_CHECK, d == null ? null : d.get(), supplies.get(p.token()).get()));
        });
    }

    /** Live allowances above zero, after request 2. */
    List<ChainData.RawApproval> approvals() {
        return approvals;
    }

    /** Every check token against every exploited contract, token by token, except the pairs the logs already name. */
    private List<EvmChainReader.TokenSpender> checkPairs() {
        List<EvmChainReader.TokenSpender> out = new ArrayList<>(checkTokens.size() * spenders.size());
        for (String t : checkTokens) {
            for (String sp : spenders) {
                EvmChainReader.TokenSpender p = new EvmChainReader.TokenSpender(t, sp);
                if (!logged.contains(p)) out.add(p);
            }
        }
        return out;
    }

    private Map<EvmChainReader.TokenSpender, Aggregate.Read<BigInteger>> allowanceReads(Aggregate agg, Collection<EvmChainReader.TokenSpender> pairs) {
        Map<EvmChainReader.TokenSpender, Aggregate.Read<BigInteger>> out = new LinkedHashMap<>();
        for (EvmChainReader.TokenSpender p : pairs) {
            String spender = words.computeIfAbsent(p.spender(), Abi::addressWord);
            out.put(p, agg.add(p.token(), Abi.allowanceOfWords(owner, spender), r -> Abi.uint(r.returnData())));
        }
        return out;
    }
}
