package dev.perimeter.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Request 2: the tokens the wallet received (its Transfer logs) that are not in the registry — their balanceOf,
 * decimals, symbol and name, in the request's shared aggregate. Those with a positive balance are the wallet's unlisted
 * tokens. A failure of the request fails the scan.
 */
final class UnlistedTokenPhase implements ScanPhase {
    private record Reads(Aggregate.Read<BigInteger> balance, Aggregate.Read<Integer> decimals, Aggregate.Read<String> symbol,
                         Aggregate.Read<String> name) {}

    private final boolean on;
    private final String wallet;
    private final BalancePhase balances;
    private final LogPhase logs;
    private final List<String> candidates = new ArrayList<>();
    private final Map<String, Reads> reads = new LinkedHashMap<>();
    private final List<ChainData.RawToken> found = new ArrayList<>();

    /** @param on look for unlisted tokens; off: no read, nothing found */
    UnlistedTokenPhase(boolean on, String wallet, BalancePhase balances, LogPhase logs) {
        this.on = on;
        this.wallet = wallet;
        this.balances = balances;
        this.logs = logs;
    }

    @Override
    public String name() {
        return "unlisted tokens";
    }

    @Override
    public void plan(Round round) {
        if (!on || round.number() != 2) return;
        round.essential();
        for (String t : logs.received()) if (!balances.registry().contains(t)) candidates.add(t);
        Aggregate agg = round.shared();
        for (String t : candidates) {
            reads.put(t, new Reads(agg.add(t, Abi.balanceOf(wallet), r -> Abi.uint(r.returnData())),
                    agg.add(t, Abi.DECIMALS, r -> Abi.decimals(r.returnData())),
                    agg.add(t, Abi.SYMBOL, r -> Abi.string(r.returnData())),
                    agg.add(t, Abi.NAME, r -> Abi.string(r.returnData()))));
        }
    }

    @Override
    public void read(Round round) {
        if (!on || round.number() != 2) return;
        reads.forEach((t, u) -> {
            BigInteger v = u.balance().get();
            if (v == null || v.signum() == 0) return;
            found.add(new ChainData.RawToken(t, u.symbol().get(), u.name().get(), u.decimals().get(), v));
        });
    }

    /** Tokens received that the registry does not list (known after request 1; empty when off). */
    List<String> candidates() {
        return candidates;
    }

    /** The decimals read of a candidate (request 2), or null when it is none. */
    Aggregate.Read<Integer> decimals(String token) {
        Reads r = reads.get(token);
        return r == null ? null : r.decimals();
    }

    /** The candidates with a positive balance, after request 2. */
    List<ChainData.RawToken> found() {
        return found;
    }
}
