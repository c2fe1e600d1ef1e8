package dev.perimeter.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What MetaMorpho vault shares are lent against: a vault supplies its asset to the Morpho Blue markets of its withdraw
 * queue, each lent against that market's collateral. For held registry tokens that are Morpho vaults
 * ({@link ScanPlan.Markets#vaults}) on a chain with Morpho Blue:
 * <ol>
 * <li>request 2: the vault's {@code withdrawQueueLength()} and {@code withdrawQueue(i)} for i &lt; 30 (MetaMorpho's
 * ConstantsLib.MAX_QUEUE_LENGTH; the indexes past the length revert and are ignored);</li>
 * <li>request 3: Morpho Blue's {@code idToMarketParams(id)} of each market in the queue.</li>
 * </ol>
 * A vault's markets are kept per block window in the {@link MarketCache} (a warm scan reads nothing). Results are edges:
 * vault → each market with a collateral token ({@link ChainData.ReadEdge#LENT_IN}, node "morpho-blue-market#0x&lt;id&gt;"),
 * market → its collateral token ({@link ChainData.ReadEdge#MARKET_COLLATERAL}, the note giving its LLTV).
 */
final class MetaMorphoMarkets implements PositionProtocol {
    static final String WITHDRAW_QUEUE_LENGTH = Abi.noArgs("withdrawQueueLength");
    static final String WITHDRAW_QUEUE = Abi.selector("withdrawQueue(uint256)");
    /** morpho-org/metamorpho src/libraries/ConstantsLib.sol MAX_QUEUE_LENGTH. */
    static final int MAX_QUEUE_LENGTH = 30;
    static final String KIND = "metamorpho-vault";
    static final String MARKET_NODE = "morpho-blue-market";
    private static final BigInteger BPS = BigInteger.TEN.pow(14); // LLTV is scaled 1e18: 1 bps = 1e14

    private final class Vault {
        final String address;
        MarketCache.Config config;
        Aggregate.Read<BigInteger> length;
        final List<Aggregate.Read<String>> queue = new ArrayList<>();
        final Map<String, Aggregate.Read<PositionReads.MarketParams>> params = new LinkedHashMap<>();

        Vault(String address) {
            this.address = address;
        }
    }

    private final Context ctx;
    private final String morpho;
    private final Set<String> vaults;
    private final List<Vault> held = new ArrayList<>();
    private List<ChainData.ReadEdge> out = List.of();

    private MetaMorphoMarkets(Context ctx, String morpho, Set<String> vaults) {
        this.ctx = ctx;
        this.morpho = morpho;
        this.vaults = vaults;
    }

    static PositionProtocol create(Context ctx) {
        String morpho = ctx.plan().positions().morpho();
        if (!ctx.plan().readPositions() || morpho == null || ctx.plan().markets().vaults().isEmpty()) return null;
        return new MetaMorphoMarkets(ctx, morpho, ctx.plan().markets().vaults());
    }

    @Override
    public String name() {
        return "metamorpho";
    }

    @Override
    public void plan(Round round) {
        if (round.number() == 2) {
            Aggregate a = new Aggregate(ctx.chunk(), false);
            for (String t : ctx.balances().balances().keySet()) {
                if (!vaults.contains(t)) continue;
                Vault v = new Vault(t);
                held.add(v);
                Optional<MarketCache.Config> kept = ctx.markets().peek(t, round.block());
                if (kept.isPresent()) {
                    ctx.markets().hit();
                    v.config = kept.get();
                    continue;
                }
                v.length = a.add(t, WITHDRAW_QUEUE_LENGTH, r -> Abi.uint(r.returnData()));
                for (int i = 0; i < MAX_QUEUE_LENGTH; i++) {
                    v.queue.add(a.add(t, WITHDRAW_QUEUE + Abi.uintWord(BigInteger.valueOf(i)), r -> EdgeReads.bytes32(r.returnData())));
                }
            }
            round.add(a);
            round.optional(EdgePhase.SUBJECT);
        } else if (round.number() == 3) {
            Aggregate a = new Aggregate(ctx.chunk(), false);
            for (Vault v : held) {
                if (v.length == null) continue;
                BigInteger n = v.length.get();
                if (n == null || n.compareTo(BigInteger.valueOf(MAX_QUEUE_LENGTH)) > 0) continue; // no MetaMorpho vault
                ctx.markets().miss();
                for (int i = 0; i < n.intValue(); i++) {
                    String id = v.queue.get(i).get();
                    if (id == null) continue;
                    v.params.computeIfAbsent(id, k -> a.add(morpho, PositionReads.ID_TO_MARKET_PARAMS + k.substring(2),
                            r -> PositionReads.marketParams(r.returnData())));
                }
            }
            round.add(a);
            round.optional(EdgePhase.SUBJECT);
        }
    }

    @Override
    public void finish(long block) {
        List<ChainData.ReadEdge> edges = new ArrayList<>();
        for (Vault v : held) {
            if (v.config == null && !v.params.isEmpty()) {
                List<MarketCache.Reserve> markets = new ArrayList<>();
                boolean complete = true;
                for (Map.Entry<String, Aggregate.Read<PositionReads.MarketParams>> e : v.params.entrySet()) {
                    PositionReads.MarketParams p = e.getValue().get();
                    if (p == null) {
                        complete = false;
                        continue;
                    }
                    if (p.collateralToken() == null) continue; // an idle market: nothing lent
                    markets.add(new MarketCache.Reserve(p.collateralToken(), e.getKey(), 0, p.lltv().divide(BPS).intValue(), true, false, false));
                }
                if (!complete) ctx.problems().add("some markets of MetaMorpho vault " + v.address + " could not be read");
                v.config = new MarketCache.Config(v.address, KIND, null, markets, "withdrawQueue(i), idToMarketParams(id)", block);
                if (complete) ctx.markets().put(v.config);
            }
            if (v.config == null) continue;
            for (MarketCache.Reserve m : v.config.reserves()) {
                String node = ChainData.ReadEdge.marketNode(MARKET_NODE, m.receipt());
                edges.add(new ChainData.ReadEdge(v.address, node, ChainData.ReadEdge.LENT_IN, "withdrawQueue() of " + v.address + " lists " + m.receipt(),
                        v.config.block(), "Morpho Blue market " + m.receipt().substring(0, 10) + "…"));
                edges.add(new ChainData.ReadEdge(node, m.asset(), ChainData.ReadEdge.MARKET_COLLATERAL, "idToMarketParams(" + m.receipt() + ").collateralToken",
                        v.config.block(), "LLTV " + AaveV3Markets.percent(m.liquidationThresholdBps())));
            }
        }
        out = List.copyOf(edges);
    }

    @Override
    public List<ChainData.ReadEdge> edges() {
        return out;
    }
}
