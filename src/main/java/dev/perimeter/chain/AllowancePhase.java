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
 * Request 2, pinned to the scan's block: every approval the wallet's logs name ({@link LogPhase}), confirmed at that block,
 * and the exploited-contract check.
 * <ul>
 * <li>ERC-20: {@code allowance(wallet, spender)} of the pairs the Approval logs name, and the exploited-contract check
 * (every held or approved token against every exploited contract, logged or not: a token may set an allowance without
 * an Approval event, and the logs may be incomplete). The check goes through {@link AllowanceSweep} in the same batch;
 * when the endpoint refuses it, through aggregate3 reads (in this request once the refusal is known, in one more request
 * the first time). Either way every pair is answered at the scan's block, with the same answer.</li>
 * <li>ERC-721/1155: {@code isApprovedForAll(wallet, operator)} of each collection the ApprovalForAll logs name (with the
 * collection's symbol() and name()); a pair revoked since answers false and is left out.</li>
 * <li>Permit2: {@code allowance(wallet, token, spender)} of Permit2 for each pair its Approval and Permit logs name, with
 * the block's timestamp: an amount of zero, or an expiration before that timestamp (Permit2 refuses a transfer when
 * {@code block.timestamp > expiration}), is left out.</li>
 * </ul>
 * Each approved token's totalSupply (and decimals outside the registry) is read too. A failure of the request fails the
 * scan. The ApprovalForAll and Permit2 pairs come from the logs only: no exploited-contract check covers them.
 * <p>
 * Permit2 (Uniswap/permit2 at cc56ad0f3439c502c246fc5cfcc3db92bb8b7219): its address from src/libraries/Permit2Lib.sol
 * l.27 (the same CREATE2 address wherever Uniswap deployed it); {@code allowance(address user, address token, address
 * spender) returns (uint160 amount, uint48 expiration, uint48 nonce)} from src/interfaces/IAllowanceTransfer.sol
 * (type(uint160).max is unlimited); the expiry rule from src/AllowanceTransfer.sol l.79. PancakeSwap's fork of Permit2 at
 * another address is not read.
 */
final class AllowancePhase implements ScanPhase {
    /** Uniswap's Permit2 (see the class comment for the source). */
    static final String PERMIT2 = "0x000000000022d473030f116ddee9f6b43ac78ba3";
    static final String IS_APPROVED_FOR_ALL = Abi.selector("isApprovedForAll(address,address)");
    static final String PERMIT2_ALLOWANCE = Abi.selector("allowance(address,address,address)");
    private static final BigInteger UINT48_MAX = BigInteger.ONE.shiftLeft(48).subtract(BigInteger.ONE);

    /** Permit2's allowance(owner, token, spender). */
    record Permit2Allowance(BigInteger amount, long expiration, long nonce) {}

    private record CollectionReads(Aggregate.Read<String> symbol, Aggregate.Read<String> name) {}

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
    private final Map<EvmChainReader.TokenSpender, Aggregate.Read<Boolean>> operatorReads = new LinkedHashMap<>();
    private final Map<String, CollectionReads> collections = new LinkedHashMap<>();
    private final Map<EvmChainReader.TokenSpender, Aggregate.Read<Permit2Allowance>> permit2Reads = new LinkedHashMap<>();
    private Aggregate.Read<Long> timestamp;
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
        for (EvmChainReader.TokenSpender p : logs.permit2()) approvable.add(p.token());
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

        for (EvmChainReader.TokenSpender p : logs.operators()) {
            String operator = words.computeIfAbsent(p.spender(), Abi::addressWord);
            operatorReads.put(p, agg.add(p.token(), IS_APPROVED_FOR_ALL + owner + operator, r -> bool(r.returnData())));
            collections.computeIfAbsent(p.token(), c -> new CollectionReads(agg.add(c, Abi.SYMBOL, r -> Abi.string(r.returnData())),
                    agg.add(c, Abi.NAME, r -> Abi.string(r.returnData()))));
        }
        for (EvmChainReader.TokenSpender p : logs.permit2()) {
            String token = words.computeIfAbsent(p.token(), Abi::addressWord), spender = words.computeIfAbsent(p.spender(), Abi::addressWord);
            permit2Reads.put(p, agg.add(PERMIT2, PERMIT2_ALLOWANCE + owner + token + spender, r -> permit2Allowance(r.returnData())));
        }
        if (!permit2Reads.isEmpty()) timestamp = PricePhase.blockTimestamp(agg); // what the expirations are compared with
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
        operatorReads.forEach((p, read) -> {
            if (!Boolean.TRUE.equals(read.get())) return; // revoked since, or no answer
            CollectionReads c = collections.get(p.token());
            String symbol = c.symbol().get() != null && !c.symbol().get().isBlank() ? c.symbol().get() : c.name().get();
            approvals.add(new ChainData.RawApproval(p.token(), p.spender(), BigInteger.ONE, EvmChainReader.FOUND_BY_LOG, null, null,
                    ChainData.RawApproval.ALL_NFTS, null, symbol == null || symbol.isBlank() ? null : symbol));
        });
        Long now = timestamp == null ? null : timestamp.get();
        if (!permit2Reads.isEmpty() && now == null) {
            session.problems.add("the block's timestamp could not be read: Permit2 allowances are listed without checking their expiry");
        }
        permit2Reads.forEach((p, read) -> {
            Permit2Allowance a = read.get();
            if (a == null || a.amount().signum() == 0) return;
            if (now != null && a.expiration() < now) return; // expired: Permit2 refuses it
            Aggregate.Read<Integer> d = decimals.get(p.token());
            approvals.add(new ChainData.RawApproval(p.token(), p.spender(), a.amount(), EvmChainReader.FOUND_BY_LOG, d == null ? null : d.get(),
                    supplies.get(p.token()).get(), ChainData.RawApproval.PERMIT2, a.expiration(), null));
        });
    }

    /** A bool return value (one word, 0 or 1); null otherwise. */
    static Boolean bool(byte[] d) {
        BigInteger v = Abi.uint(d);
        return v == null || v.compareTo(BigInteger.ONE) > 0 ? null : v.signum() == 1;
    }

    /** Permit2's allowance(): (uint160 amount, uint48 expiration, uint48 nonce); null when it does not decode so. */
    static Permit2Allowance permit2Allowance(byte[] d) {
        if (d == null || d.length != 96) return null;
        BigInteger amount = Abi.wordAt(d, 0), expiration = Abi.wordAt(d, 32), nonce = Abi.wordAt(d, 64);
        if (amount.bitLength() > 160 || expiration.compareTo(UINT48_MAX) > 0 || nonce.compareTo(UINT48_MAX) > 0) return null;
        return new Permit2Allowance(amount, expiration.longValue(), nonce.longValue());
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
