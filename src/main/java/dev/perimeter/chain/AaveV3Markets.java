package dev.perimeter.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What an Aave V3 deposit (an aToken, in Aave V3 or a fork with the same Pool, such as SparkLend) is lent against: every
 * asset its market accepts as collateral. For held registry tokens that may be deposits ({@link ScanPlan.Markets#deposits}):
 * <ol>
 * <li>request 2: the token's {@code POOL()}, and {@code getReservesList()} of each market of the chain not kept in the
 * {@link MarketCache};</li>
 * <li>request 3: for each market a held token's POOL() named, {@code getConfiguration(asset)} (LTV bits 0–15, liquidation
 * threshold 16–31, active 56, frozen 57, paused 60) and {@code getReserveData(asset)} (aTokenAddress, the 9th word) of
 * every reserve. The market is kept per block window: a warm scan reads nothing.</li>
 * </ol>
 * Results are edges: deposit → market ({@link ChainData.ReadEdge#LENT_IN}, only when getReserveData names the token as
 * the market's aToken) and market → each asset with a liquidation threshold above zero
 * ({@link ChainData.ReadEdge#MARKET_COLLATERAL}, the note saying the threshold and a frozen, paused or inactive reserve).
 */
final class AaveV3Markets implements PositionProtocol {
    static final String GET_RESERVES_LIST = Abi.noArgs("getReservesList");
    static final String GET_CONFIGURATION = Abi.selector("getConfiguration(address)");
    static final String GET_RESERVE_DATA = Abi.selector("getReserveData(address)");
    static final String POOL = Abi.noArgs("POOL");
    /** Reserves read per market at most (Ethereum Core lists about 60). */
    static final int MAX_RESERVES = 128;

    private record ReserveReads(String asset, Aggregate.Read<BigInteger> configuration, Aggregate.Read<String> aToken) {}

    private final Context ctx;
    private final List<String> pools;
    private final Set<String> deposits;
    private final Map<String, Aggregate.Read<String>> poolOf = new LinkedHashMap<>();
    private final Map<String, Aggregate.Read<List<String>>> lists = new LinkedHashMap<>();
    private final Map<String, List<ReserveReads>> reserves = new LinkedHashMap<>();
    private final Map<String, MarketCache.Config> configs = new LinkedHashMap<>();
    private List<String> held = List.of();
    private List<ChainData.ReadEdge> out = List.of();

    private AaveV3Markets(Context ctx, List<String> pools, Set<String> deposits) {
        this.ctx = ctx;
        this.pools = pools;
        this.deposits = deposits;
    }

    static PositionProtocol create(Context ctx) {
        if (!ctx.plan().readPositions()) return null;
        List<String> pools = ctx.plan().markets().of(ScanPlan.Market.AAVE_V3_POOL);
        if (pools.isEmpty() || ctx.plan().markets().deposits().isEmpty()) return null;
        return new AaveV3Markets(ctx, pools, ctx.plan().markets().deposits());
    }

    @Override
    public String name() {
        return "aave-v3-markets";
    }

    @Override
    public void plan(Round round) {
        if (round.number() == 2) {
            held = ctx.balances().balances().keySet().stream().filter(deposits::contains).toList();
            if (held.isEmpty()) return;
            long block = round.block();
            Map<String, MarketCache.Config> kept = new LinkedHashMap<>();
            for (String p : pools) ctx.markets().peek(p, block).ifPresent(c -> kept.put(p, c));
            List<String> unknown = new ArrayList<>();
            for (String t : held) {
                Optional<MarketCache.Config> in = kept.values().stream().filter(c -> c.byReceipt(t).isPresent()).findFirst();
                if (in.isPresent()) {
                    if (configs.putIfAbsent(in.get().market(), in.get()) == null) ctx.markets().hit();
                } else {
                    unknown.add(t);
                }
            }
            if (unknown.isEmpty()) return; // warm: every held deposit's market is kept
            Aggregate a = new Aggregate(ctx.chunk(), false);
            for (String t : unknown) poolOf.put(t, a.add(t, POOL, r -> EdgeReads.address(r.returnData())));
            for (String p : pools) {
                if (!kept.containsKey(p)) lists.put(p, a.add(p, GET_RESERVES_LIST, r -> addresses(r.returnData())));
            }
            round.add(a);
            round.optional(EdgePhase.SUBJECT);
        } else if (round.number() == 3 && !poolOf.isEmpty()) {
            Set<String> needed = new LinkedHashSet<>();
            poolOf.values().forEach(r -> {
                String p = r.get();
                if (p != null && lists.containsKey(p)) needed.add(p);
            });
            Aggregate a = new Aggregate(ctx.chunk(), false);
            for (String p : needed) {
                ctx.markets().miss();
                List<String> assets = lists.get(p).get();
                if (assets == null) {
                    ctx.problems().add("the reserves of lending market " + p + " could not be read");
                    continue;
                }
                if (assets.size() > MAX_RESERVES) {
                    ctx.problems().add("lending market " + p + " lists " + assets.size() + " reserves; the first " + MAX_RESERVES + " were read");
                }
                List<ReserveReads> rs = new ArrayList<>();
                for (String asset : assets.subList(0, Math.min(assets.size(), MAX_RESERVES))) {
                    String w = Abi.addressWord(asset);
                    rs.add(new ReserveReads(asset, a.add(p, GET_CONFIGURATION + w, r -> r.returnData() != null && r.returnData().length == 32
                            ? Abi.uint(r.returnData()) : null), a.add(p, GET_RESERVE_DATA + w, r -> aTokenOf(r.returnData()))));
                }
                reserves.put(p, rs);
            }
            round.add(a);
            round.optional(EdgePhase.SUBJECT);
        }
    }

    @Override
    public void finish(long block) {
        reserves.forEach((pool, rs) -> {
            List<MarketCache.Reserve> list = new ArrayList<>();
            boolean complete = true;
            for (ReserveReads r : rs) {
                BigInteger c = r.configuration().get();
                if (c == null) {
                    complete = false;
                    continue;
                }
                list.add(reserve(r.asset(), r.aToken().get(), c));
            }
            if (!complete) ctx.problems().add("some reserves of lending market " + pool + " could not be read: their collateral is left out");
            MarketCache.Config cfg = new MarketCache.Config(pool, ScanPlan.Market.AAVE_V3_POOL, null, list,
                    "getReservesList(), getConfiguration(asset), getReserveData(asset)", block);
            if (complete) ctx.markets().put(cfg);
            configs.put(pool, cfg);
        });
        List<ChainData.ReadEdge> edges = new ArrayList<>();
        Set<String> marketsReached = new LinkedHashSet<>();
        for (String t : held) {
            for (MarketCache.Config c : configs.values()) {
                if (c.byReceipt(t).isEmpty()) continue;
                String node = ChainData.ReadEdge.marketNode(c.kind(), c.market());
                edges.add(new ChainData.ReadEdge(t, node, ChainData.ReadEdge.LENT_IN,
                        "getReserveData(" + c.byReceipt(t).get().asset() + ").aTokenAddress", c.block()));
                marketsReached.add(c.market());
            }
        }
        for (String m : marketsReached) edges.addAll(collateralEdges(configs.get(m)));
        out = List.copyOf(edges);
    }

    /** A market's collateral as edges from its node (shared with {@link CometMarkets}). */
    static List<ChainData.ReadEdge> collateralEdges(MarketCache.Config c) {
        List<ChainData.ReadEdge> out = new ArrayList<>();
        String node = ChainData.ReadEdge.marketNode(c.kind(), c.market());
        for (MarketCache.Reserve r : c.reserves()) {
            if (!r.collateral()) continue;
            List<String> state = new ArrayList<>();
            if (!r.active()) state.add("inactive");
            if (r.frozen()) state.add("frozen");
            if (r.paused()) state.add("paused");
            String note = "liquidation threshold " + percent(r.liquidationThresholdBps()) + (state.isEmpty() ? "" : ", reserve " + String.join(" and ", state));
            String call = ScanPlan.Market.AAVE_V3_POOL.equals(c.kind()) ? "getConfiguration(" + r.asset() + ")" : "getAssetInfo(" + r.asset() + ")";
            out.add(new ChainData.ReadEdge(node, r.asset(), ChainData.ReadEdge.MARKET_COLLATERAL, call, c.block(), note));
        }
        return out;
    }

    static String percent(int bps) {
        return new java.math.BigDecimal(bps).movePointLeft(2).stripTrailingZeros().toPlainString() + "%";
    }

    /** A reserve from its configuration bitmap (aave-v3-core ReserveConfiguration). */
    static MarketCache.Reserve reserve(String asset, String aToken, BigInteger c) {
        int ltv = c.and(BigInteger.valueOf(0xFFFF)).intValue();
        int lt = c.shiftRight(16).and(BigInteger.valueOf(0xFFFF)).intValue();
        return new MarketCache.Reserve(asset, aToken, ltv, lt, c.testBit(56), c.testBit(57), c.testBit(60));
    }

    @Override
    public List<ChainData.ReadEdge> edges() {
        return out;
    }

    /** getReserveData(asset): 15 static words (ReserveDataLegacy); aTokenAddress is the 9th. */
    static String aTokenOf(byte[] d) {
        if (d == null || d.length != 15 * 32) return null;
        return PositionReads.addressAt(d, 8);
    }

    /** An ABI-encoded address[] (offset, length, items); null when it does not decode. */
    static List<String> addresses(byte[] d) {
        if (d == null || d.length < 64 || d.length % 32 != 0) return null;
        BigInteger off = PositionReads.word(d, 0);
        if (off.bitLength() > 16 || off.intValue() % 32 != 0) return null;
        int at = off.intValue() / 32;
        if ((at + 1) * 32 > d.length) return null;
        BigInteger n = PositionReads.word(d, at);
        if (n.bitLength() > 16 || (at + 1 + n.intValue()) * 32 > d.length) return null;
        List<String> out = new ArrayList<>(n.intValue());
        for (int i = 0; i < n.intValue(); i++) {
            BigInteger w = PositionReads.word(d, at + 1 + i);
            if (w.bitLength() > 160) return null;
            String a = PositionReads.addressAt(d, at + 1 + i);
            if (a != null) out.add(a.toLowerCase(Locale.ROOT));
        }
        return List.copyOf(out);
    }
}
