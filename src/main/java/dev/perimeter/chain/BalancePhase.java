package dev.perimeter.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Request 1: the native balance (Multicall3's getEthBalance; eth_getBalance without Multicall3) and every registry
 * token's balanceOf, in the request's shared aggregate. Only positive balances are kept; a token whose balanceOf fails
 * or answers garbage is unreadable (said in a problem), one without a contract on this chain is not held.
 */
final class BalancePhase implements ScanPhase {
    private final ChainSession session;
    private final String wallet;
    private final List<String> tokens;
    private Aggregate aggregate;
    private Aggregate.Read<BigInteger> nativeRead;
    private final Map<String, Aggregate.Read<BigInteger>> byToken;

    private BigInteger nativeBalance;
    private final Map<String, BigInteger> balances = new LinkedHashMap<>();
    private final List<String> unreadable = new ArrayList<>();

    BalancePhase(ChainSession session, String wallet, List<String> tokens) {
        this.session = session;
        this.wallet = wallet;
        this.tokens = tokens;
        this.byToken = new LinkedHashMap<>(2 * tokens.size());
    }

    @Override
    public String name() {
        return "balances";
    }

    @Override
    public void plan(Round round) {
        if (round.number() != 1) return;
        aggregate = round.shared();
        nativeRead = aggregate.add(EvmChainReader.MULTICALL3, Abi.getEthBalance(wallet), r -> Abi.uint(r.returnData()),
                new Aggregate.Direct(tag -> new JsonRpcClient.Call("eth_getBalance", List.of(wallet, tag)), RpcValues::quantityWord));
        String data = Abi.balanceOf(wallet);
        for (String t : tokens) {
            if (!byToken.containsKey(t)) byToken.put(t, aggregate.add(t, data, r -> Abi.uint(r.returnData()))); // each token once
        }
    }

    @Override
    public void read(Round round) {
        if (round.number() != 1) return;
        nativeBalance = nativeRead.get();
        if (nativeBalance == null) session.problems.add("the native balance could not be read");
        if (aggregate.fellBack() > 0) {
            session.problems.add("Multicall3 is not available on this endpoint; read " + aggregate.fellBack() + " balances one call each");
        }
        byToken.forEach((t, read) -> {
            if (read.noContract()) return; // no contract at this address on this chain: nothing held
            BigInteger v = read.get();
            if (v == null) unreadable.add(t);
            else if (v.signum() > 0) balances.put(t, v);
        });
        if (!unreadable.isEmpty()) session.problems.add(unreadable.size() + " token balance(s) could not be read");
    }

    /** The registry tokens asked for (lowercase, each once). */
    Set<String> registry() {
        return byToken.keySet();
    }

    /** Null when it could not be read. */
    BigInteger nativeBalance() {
        return nativeBalance;
    }

    /** Registry token → raw balance, positive balances only. */
    Map<String, BigInteger> balances() {
        return balances;
    }

    List<String> unreadable() {
        return unreadable;
    }
}
