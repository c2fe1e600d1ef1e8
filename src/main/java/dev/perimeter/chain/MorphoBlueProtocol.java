package dev.perimeter.chain;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Morpho Blue positions: request 1 carries one more eth_getLogs, the wallet's Supply and SupplyCollateral logs
 * ({@code onBehalf} = the wallet; every Morpho position begins with one of them, and positions cannot be transferred);
 * request 2 reads {@code position(id, wallet)}, {@code idToMarketParams(id)} and {@code market(id)} of each market found
 * (up to {@link PositionReads#MAX_MARKETS}). A lender's position rests on the loan token (supplied) and, shared, on the
 * market's collateral (lent-against).
 */
final class MorphoBlueProtocol implements PositionProtocol {
    /** SharesMathLib's virtual shares and assets (morpho-blue src/libraries/SharesMathLib.sol, v1.0.0 and later). */
    private static final BigInteger VIRTUAL_SHARES = BigInteger.TEN.pow(6);
    private static final BigInteger VIRTUAL_ASSETS = BigInteger.ONE;

    private record Market(String id, Aggregate.Read<PositionReads.MorphoPosition> position, Aggregate.Read<PositionReads.MarketParams> params,
                          Aggregate.Read<PositionReads.MarketTotals> totals) {}

    private final ChainSession session;
    private final String morpho;
    private final long fromBlock;
    private final String wallet;
    private final String walletWord;
    private final int chunk;
    private Batch.Handle<JsonRpcClient.Result> logs;
    private List<JsonNode> marketLogs;
    private final List<Market> markets = new ArrayList<>();
    private List<ChainData.RawPosition> out = List.of();

    private MorphoBlueProtocol(ChainSession session, String morpho, long fromBlock, String wallet, int chunk) {
        this.session = session;
        this.morpho = morpho;
        this.fromBlock = fromBlock;
        this.wallet = wallet;
        this.walletWord = Abi.addressWord(wallet);
        this.chunk = chunk;
    }

    static PositionProtocol create(Context ctx) {
        ScanPlan.Positions p = ctx.plan().positions();
        if (!ctx.plan().readPositions() || p.morpho() == null) return null;
        return new MorphoBlueProtocol(ctx.session(), p.morpho(), p.morphoFromBlock(), ctx.wallet(), ctx.chunk());
    }

    @Override
    public String name() {
        return ChainData.RawPosition.MORPHO_BLUE;
    }

    /** eth_getLogs of Morpho's Supply and SupplyCollateral logs on behalf of the wallet (onBehalf is topic3 in both). */
    JsonRpcClient.Call logs(String from, String to) {
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("address", morpho);
        filter.put("fromBlock", from);
        filter.put("toBlock", to);
        List<Object> topics = new ArrayList<>();
        topics.add(List.of(PositionReads.SUPPLY_TOPIC, PositionReads.SUPPLY_COLLATERAL_TOPIC));
        topics.add(null);
        topics.add(null);
        topics.add(Abi.topicAddress(wallet));
        filter.put("topics", topics);
        return new JsonRpcClient.Call("eth_getLogs", List.of(filter));
    }

    @Override
    public void plan(Round round) {
        if (round.number() == 1) {
            logs = round.call(logs(RpcValues.hex(fromBlock), "latest"), r -> r);
        } else if (round.number() == 2 && marketLogs != null) {
            Aggregate second = new Aggregate(chunk, false);
            Set<String> ids = new LinkedHashSet<>();
            String onBehalf = Abi.topicAddress(wallet);
            for (JsonNode l : marketLogs) {
                JsonNode t = l.path("topics");
                if (ChainSession.after(l, round.block())) continue;
                if (!morpho.equals(l.path("address").asText("").toLowerCase(Locale.ROOT))) continue;
                if (t.size() < 4 || !onBehalf.equals(t.get(3).asText("").toLowerCase(Locale.ROOT))) continue;
                String id = t.get(1).asText("").toLowerCase(Locale.ROOT);
                if (id.matches("0x[0-9a-f]{64}")) ids.add(id);
            }
            int k = 0;
            for (String id : ids) {
                if (k++ >= PositionReads.MAX_MARKETS) {
                    int left = ids.size() - PositionReads.MAX_MARKETS;
                    session.problems.add("the wallet used " + ids.size() + " Morpho Blue markets; the first " + PositionReads.MAX_MARKETS
                            + " were read, the other " + left + (left == 1 ? " was not" : " were not"));
                    break;
                }
                markets.add(new Market(id,
                        second.add(morpho, PositionReads.MORPHO_POSITION + id.substring(2) + walletWord, r -> PositionReads.morphoPosition(r.returnData())),
                        second.add(morpho, PositionReads.ID_TO_MARKET_PARAMS + id.substring(2), r -> PositionReads.marketParams(r.returnData())),
                        second.add(morpho, PositionReads.MARKET + id.substring(2), r -> PositionReads.marketTotals(r.returnData()))));
            }
            round.add(second);
            round.optional(EdgePhase.SUBJECT);
        }
    }

    @Override
    public void read(Round round) {
        if (round.number() != 1 || logs == null) return;
        marketLogs = session.logs(logs.get(), this::logs, fromBlock, round.block(), "the Morpho Blue positions are incomplete").logs();
    }

    @Override
    public void finish(long block) {
        List<ChainData.RawPosition> found = new ArrayList<>();
        for (Market m : markets) {
            PositionReads.MorphoPosition p = m.position().get();
            PositionReads.MarketParams mp = m.params().get();
            if (p == null) {
                session.problems.add("Morpho Blue position in market " + m.id() + " could not be read");
                continue;
            }
            if (p.supplyShares().signum() == 0 && p.borrowShares().signum() == 0 && p.collateral().signum() == 0) continue;
            LinkedHashMap<String, BigInteger> amounts = new LinkedHashMap<>();
            amounts.put("supplyShares", p.supplyShares());
            amounts.put("borrowShares", p.borrowShares());
            amounts.put("collateral", p.collateral());
            List<ChainData.RawUnderlying> under = new ArrayList<>();
            if (mp == null) {
                session.problems.add("the tokens of Morpho Blue market " + m.id() + " could not be read");
            } else {
                PositionReads.MarketTotals t = m.totals().get();
                String params = "idToMarketParams(" + m.id() + ")";
                if (p.collateral().signum() > 0 && mp.collateralToken() != null) {
                    under.add(new ChainData.RawUnderlying(mp.collateralToken(), ChainData.RawUnderlying.COLLATERAL, p.collateral(), params + ".collateralToken"));
                }
                if (p.supplyShares().signum() > 0 && mp.loanToken() != null) {
                    BigInteger assets = t == null ? null : p.supplyShares().multiply(t.supplyAssets().add(VIRTUAL_ASSETS))
                            .divide(t.supplyShares().add(VIRTUAL_SHARES)); // SharesMathLib.toAssetsDown
                    under.add(new ChainData.RawUnderlying(mp.loanToken(), ChainData.RawUnderlying.SUPPLIED, assets, params + ".loanToken"));
                }
                if (p.borrowShares().signum() > 0 && mp.loanToken() != null) {
                    BigInteger assets = t == null ? null : ceilDiv(p.borrowShares().multiply(t.borrowAssets().add(VIRTUAL_ASSETS)),
                            t.borrowShares().add(VIRTUAL_SHARES)); // SharesMathLib.toAssetsUp
                    under.add(new ChainData.RawUnderlying(mp.loanToken(), ChainData.RawUnderlying.BORROWED, assets, params + ".loanToken"));
                }
                if (p.supplyShares().signum() > 0 && mp.collateralToken() != null) {
                    under.add(new ChainData.RawUnderlying(mp.collateralToken(), ChainData.RawUnderlying.LENT_AGAINST, null, params + ".collateralToken"));
                }
            }
            found.add(new ChainData.RawPosition(ChainData.RawPosition.MORPHO_BLUE, "morpho-blue#" + m.id(), morpho, amounts, under,
                    "position(" + m.id() + ", wallet)", block));
        }
        out = List.copyOf(found);
    }

    @Override
    public List<ChainData.RawPosition> positions() {
        return out;
    }

    private static BigInteger ceilDiv(BigInteger a, BigInteger b) {
        BigInteger[] qr = a.divideAndRemainder(b);
        return qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
    }
}
