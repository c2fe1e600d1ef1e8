package dev.perimeter.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compound v3 (Comet) positions and what they are lent against. Every Comet of the chain ({@link ScanPlan.Markets}):
 * <ol>
 * <li>request 1, with the balances: {@code balanceOf(wallet)} (the base supplied) and {@code userBasic(wallet)} (its
 * {@code assetsIn} bits say which collateral assets the wallet has supplied);</li>
 * <li>request 2, only for a Comet the wallet is in: its configuration when not kept in the {@link MarketCache} —
 * {@code baseToken()}, {@code numAssets()}, {@code getAssetInfo(i)} — else already {@code collateralBalanceOf(wallet,
 * asset)} of the assets it is in;</li>
 * <li>request 3, only when the configuration was read in request 2: those {@code collateralBalanceOf}.</li>
 * </ol>
 * A position "compound-v3#&lt;comet&gt;" rests on the base token supplied, on its own collateral, and on the market
 * ({@link ChainData.RawUnderlying#LENT_IN}), whose edges name every collateral asset with its liquidation factor: a base
 * supplier is lent against all of them, and a collateral supplier shares the market's bad debt too.
 */
final class CometMarkets implements PositionProtocol {
    static final String USER_BASIC = Abi.selector("userBasic(address)");
    static final String BASE_TOKEN = Abi.noArgs("baseToken");
    static final String NUM_ASSETS = Abi.noArgs("numAssets");
    static final String GET_ASSET_INFO = Abi.selector("getAssetInfo(uint8)");
    static final String COLLATERAL_BALANCE_OF = Abi.selector("collateralBalanceOf(address,address)");
    /** Collateral assets a Comet can list (assetsIn is a uint16 bitmap... read up to 24 in case of a wider one). */
    static final int MAX_ASSETS = 24;
    private static final BigInteger SCALE = BigInteger.TEN.pow(18);

    /** userBasic(account): principal (int104, signed) and assetsIn (uint16). */
    record UserBasic(BigInteger principal, int assetsIn) {}

    private final class Comet {
        final String address;
        Aggregate.Read<BigInteger> balance;
        Aggregate.Read<UserBasic> basic;
        MarketCache.Config config;
        Aggregate.Read<String> base;
        Aggregate.Read<BigInteger> count;
        final List<Aggregate.Read<MarketCache.Reserve>> infos = new ArrayList<>();
        final Map<String, Aggregate.Read<BigInteger>> collateral = new LinkedHashMap<>();

        Comet(String address) {
            this.address = address;
        }

        boolean in() {
            UserBasic b = basic.get();
            BigInteger v = balance.get();
            return (v != null && v.signum() > 0) || (b != null && (b.assetsIn() != 0 || b.principal().signum() != 0));
        }

        void readCollateral(Aggregate a) {
            UserBasic b = basic.get();
            if (b == null || config == null) return;
            for (int i = 0; i < config.reserves().size(); i++) {
                if ((b.assetsIn() >> i & 1) == 0) continue;
                String asset = config.reserves().get(i).asset();
                collateral.put(asset, a.add(address, COLLATERAL_BALANCE_OF + walletWord + Abi.addressWord(asset), r -> Abi.uint(r.returnData())));
            }
        }
    }

    private final Context ctx;
    private final String walletWord;
    private final List<Comet> comets = new ArrayList<>();
    private List<ChainData.RawPosition> positions = List.of();
    private List<ChainData.ReadEdge> edges = List.of();

    private CometMarkets(Context ctx, List<String> addresses) {
        this.ctx = ctx;
        this.walletWord = Abi.addressWord(ctx.wallet());
        for (String a : addresses) comets.add(new Comet(a));
    }

    static PositionProtocol create(Context ctx) {
        if (!ctx.plan().readPositions()) return null;
        List<String> comets = ctx.plan().markets().of(ScanPlan.Market.COMET);
        return comets.isEmpty() ? null : new CometMarkets(ctx, comets);
    }

    @Override
    public String name() {
        return "compound-v3";
    }

    @Override
    public void plan(Round round) {
        switch (round.number()) {
            case 1 -> {
                Aggregate a = round.shared();
                for (Comet c : comets) {
                    c.balance = a.add(c.address, Abi.balanceOf(ctx.wallet()), r -> Abi.uint(r.returnData()));
                    c.basic = a.add(c.address, USER_BASIC + walletWord, r -> userBasic(r.returnData()));
                }
            }
            case 2 -> {
                Aggregate a = new Aggregate(ctx.chunk(), false);
                for (Comet c : comets) {
                    if (!c.in()) continue;
                    Optional<MarketCache.Config> kept = ctx.markets().get(c.address, round.block());
                    if (kept.isPresent()) {
                        c.config = kept.get();
                        c.readCollateral(a);
                        continue;
                    }
                    c.base = a.add(c.address, BASE_TOKEN, r -> EdgeReads.address(r.returnData()));
                    c.count = a.add(c.address, NUM_ASSETS, r -> Abi.uint(r.returnData()));
                    for (int i = 0; i < MAX_ASSETS; i++) {
                        c.infos.add(a.add(c.address, GET_ASSET_INFO + Abi.uintWord(BigInteger.valueOf(i)), r -> assetInfo(r.returnData())));
                    }
                }
                round.add(a);
                round.optional(EdgePhase.SUBJECT);
            }
            case 3 -> {
                Aggregate a = new Aggregate(ctx.chunk(), false);
                for (Comet c : comets) {
                    if (c.count == null) continue;
                    BigInteger n = c.count.get();
                    String base = c.base.get();
                    if (n == null || base == null || n.intValue() > MAX_ASSETS) {
                        ctx.problems().add("the configuration of Compound v3 market " + c.address + " could not be read");
                        continue;
                    }
                    List<MarketCache.Reserve> rs = new ArrayList<>();
                    boolean complete = true;
                    for (int i = 0; i < n.intValue(); i++) {
                        MarketCache.Reserve r = c.infos.get(i).get();
                        if (r == null) complete = false;
                        else rs.add(r);
                    }
                    if (!complete) {
                        ctx.problems().add("some collateral assets of Compound v3 market " + c.address + " could not be read");
                        continue;
                    }
                    c.config = new MarketCache.Config(c.address, ScanPlan.Market.COMET, base, rs, "baseToken(), numAssets(), getAssetInfo(i)", round.block());
                    ctx.markets().put(c.config);
                    c.readCollateral(a);
                }
                round.add(a);
                round.optional(EdgePhase.SUBJECT);
            }
            default -> { }
        }
    }

    @Override
    public void finish(long block) {
        List<ChainData.RawPosition> found = new ArrayList<>();
        List<ChainData.ReadEdge> marketEdges = new ArrayList<>();
        for (Comet c : comets) {
            if (c.balance == null || !c.in() || c.config == null) continue;
            BigInteger supplied = c.balance.get() == null ? BigInteger.ZERO : c.balance.get();
            LinkedHashMap<String, BigInteger> amounts = new LinkedHashMap<>();
            amounts.put("baseSupplied", supplied);
            List<ChainData.RawUnderlying> under = new ArrayList<>();
            if (supplied.signum() > 0) {
                under.add(new ChainData.RawUnderlying(c.config.base(), ChainData.RawUnderlying.SUPPLIED, supplied, "baseToken() of " + c.address));
            }
            c.collateral.forEach((asset, read) -> {
                BigInteger v = read.get();
                if (v == null) {
                    ctx.problems().add("the Compound v3 collateral " + asset + " in market " + c.address + " could not be read");
                } else if (v.signum() > 0) {
                    amounts.put("collateral:" + asset, v);
                    under.add(new ChainData.RawUnderlying(asset, ChainData.RawUnderlying.COLLATERAL, v, "collateralBalanceOf(wallet, " + asset + ")"));
                }
            });
            if (under.isEmpty()) continue; // a borrower's debt alone, or nothing left
            under.add(new ChainData.RawUnderlying(ChainData.ReadEdge.marketNode(ScanPlan.Market.COMET, c.address), ChainData.RawUnderlying.LENT_IN,
                    null, "getAssetInfo(i) of " + c.address));
            found.add(new ChainData.RawPosition(ChainData.RawPosition.COMPOUND_V3, ChainData.RawPosition.COMPOUND_V3 + "#" + c.address, c.address,
                    amounts, under, "balanceOf(wallet), userBasic(wallet)", block));
            marketEdges.addAll(AaveV3Markets.collateralEdges(c.config));
        }
        positions = List.copyOf(found);
        edges = List.copyOf(marketEdges);
    }

    @Override
    public List<ChainData.RawPosition> positions() {
        return positions;
    }

    @Override
    public List<ChainData.ReadEdge> edges() {
        return edges;
    }

    /** userBasic: (int104 principal, uint64, uint64, uint16 assetsIn, uint8). */
    static UserBasic userBasic(byte[] d) {
        if (d == null || d.length != 5 * 32) return null;
        BigInteger assetsIn = PositionReads.word(d, 3);
        if (assetsIn.bitLength() > 16) return null;
        return new UserBasic(new BigInteger(java.util.Arrays.copyOfRange(d, 0, 32)), assetsIn.intValue());
    }

    /** getAssetInfo(i): 8 words (offset, asset, priceFeed, scale, borrowCF, liquidateCF, liquidationFactor, supplyCap). */
    static MarketCache.Reserve assetInfo(byte[] d) {
        if (d == null || d.length != 8 * 32) return null;
        String asset = PositionReads.addressAt(d, 1);
        if (asset == null) return null;
        BigInteger borrow = PositionReads.word(d, 4), liquidate = PositionReads.word(d, 5);
        if (borrow.bitLength() > 64 || liquidate.bitLength() > 64) return null;
        int ltv = borrow.multiply(BigInteger.valueOf(10_000)).divide(SCALE).intValue();
        int lt = liquidate.multiply(BigInteger.valueOf(10_000)).divide(SCALE).intValue();
        return new MarketCache.Reserve(asset, null, ltv, lt, true, false, false);
    }
}
