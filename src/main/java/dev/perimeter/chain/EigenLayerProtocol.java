package dev.perimeter.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * EigenLayer restaking: request 1 reads StrategyManager {@code getDeposits(wallet)} and EigenPodManager
 * {@code podOwnerDepositShares(wallet)} with the balances; request 2 each strategy's
 * {@code sharesToUnderlyingView(shares)} and, where the data gives no underlying, its {@code underlyingToken()}.
 */
final class EigenLayerProtocol implements PositionProtocol {
    private record Strategy(String address, BigInteger shares, String dataUnderlying, Aggregate.Read<String> underlying,
                            Aggregate.Read<BigInteger> value) {}

    private final ChainSession session;
    private final String strategyManager;
    private final String eigenPodManager;
    private final Map<String, String> known;
    private final String walletWord;
    private final int chunk;
    private Aggregate.Read<PositionReads.Deposits> deposits;
    private Aggregate.Read<BigInteger> podShares;
    private final List<Strategy> strategies = new ArrayList<>();
    private List<ChainData.RawPosition> out = List.of();

    private EigenLayerProtocol(ChainSession session, ScanPlan.Positions p, String wallet, int chunk) {
        this.session = session;
        this.strategyManager = p.strategyManager();
        this.eigenPodManager = p.eigenPodManager();
        this.known = p.strategies();
        this.walletWord = Abi.addressWord(wallet);
        this.chunk = chunk;
    }

    static PositionProtocol create(Context ctx) {
        ScanPlan.Positions p = ctx.plan().positions();
        if (!ctx.plan().readPositions() || (p.strategyManager() == null && p.eigenPodManager() == null)) return null;
        return new EigenLayerProtocol(ctx.session(), p, ctx.wallet(), ctx.chunk());
    }

    @Override
    public String name() {
        return ChainData.RawPosition.EIGENLAYER;
    }

    @Override
    public void plan(Round round) {
        if (round.number() == 1) {
            Aggregate balances = round.shared();
            if (strategyManager != null) {
                deposits = balances.add(strategyManager, PositionReads.GET_DEPOSITS + walletWord, r -> PositionReads.deposits(r.returnData()));
            }
            if (eigenPodManager != null) {
                podShares = balances.add(eigenPodManager, PositionReads.POD_OWNER_DEPOSIT_SHARES + walletWord, r -> Abi.int256(r.returnData()));
            }
        } else if (round.number() == 2 && deposits != null) {
            Aggregate second = new Aggregate(chunk, false);
            PositionReads.Deposits d = deposits.get();
            if (d == null && !deposits.noContract()) session.problems.add("the EigenLayer deposits could not be read (getDeposits failed)");
            if (d != null) {
                for (int i = 0; i < d.strategies().size(); i++) {
                    String st = d.strategies().get(i);
                    BigInteger shares = d.shares().get(i);
                    if (shares.signum() <= 0) continue;
                    String data = known.get(st);
                    Aggregate.Read<String> underlying = data != null ? null
                            : second.add(st, PositionReads.UNDERLYING_TOKEN, r -> EdgeReads.address(r.returnData()));
                    Aggregate.Read<BigInteger> value = second.add(st, PositionReads.SHARES_TO_UNDERLYING_VIEW + Abi.uintWord(shares),
                            r -> Abi.uint(r.returnData()));
                    strategies.add(new Strategy(st, shares, data, underlying, value));
                }
            }
            round.add(second);
            round.optional(EdgePhase.SUBJECT);
        }
    }

    @Override
    public void finish(long block) {
        List<ChainData.RawPosition> found = new ArrayList<>();
        for (Strategy s : strategies) {
            String token = s.dataUnderlying() != null ? s.dataUnderlying() : s.underlying().get();
            String source = s.dataUnderlying() != null ? "data/positions/contracts.csv" : "underlyingToken() of " + s.address();
            if (token == null) session.problems.add("the underlying token of EigenLayer strategy " + s.address() + " could not be read");
            LinkedHashMap<String, BigInteger> amounts = new LinkedHashMap<>();
            amounts.put("depositShares", s.shares());
            List<ChainData.RawUnderlying> under = token == null ? List.of()
                    : List.of(new ChainData.RawUnderlying(token, ChainData.RawUnderlying.RESTAKED, s.value().get(), source));
            found.add(new ChainData.RawPosition(ChainData.RawPosition.EIGENLAYER, "eigenlayer#" + s.address(), strategyManager, amounts,
                    under, "getDeposits(wallet)", block));
        }
        if (podShares != null) {
            BigInteger v = podShares.get();
            if (v == null && !podShares.noContract()) session.problems.add("the EigenLayer native restaking shares could not be read");
            if (v != null && v.signum() > 0) {
                LinkedHashMap<String, BigInteger> amounts = new LinkedHashMap<>();
                amounts.put("depositShares", v);
                found.add(new ChainData.RawPosition(ChainData.RawPosition.EIGENLAYER, "eigenlayer#beacon-eth", eigenPodManager, amounts,
                        List.of(new ChainData.RawUnderlying("native", ChainData.RawUnderlying.RESTAKED, null,
                                "podOwnerDepositShares(wallet) (beacon-chain ETH)")), "podOwnerDepositShares(wallet)", block));
            }
        }
        out = List.copyOf(found);
    }

    @Override
    public List<ChainData.RawPosition> positions() {
        return out;
    }
}
