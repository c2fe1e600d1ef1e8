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
 * A wallet's positions that are not tokens, read in the scan's own requests (never one more than the scan allows):
 * <ol>
 * <li><b>request 1</b> (in the balance aggregate, and one eth_getLogs after the other logs): Uniswap V3's position manager
 * {@code balanceOf(wallet)} and {@code tokenOfOwnerByIndex(wallet, i)} for i &lt; {@link #FIRST_IDS}; EigenLayer's
 * {@code getDeposits(wallet)} and {@code podOwnerDepositShares(wallet)}; Morpho Blue's Supply and SupplyCollateral logs
 * whose {@code onBehalf} (topic3 in both) is the wallet. Every Morpho position begins with one of them (a borrow needs
 * collateral, which only supplyCollateral adds: Morpho.sol l.258 and l.313), and Morpho positions cannot be transferred;</li>
 * <li><b>request 2</b> ({@link #second}): {@code positions(id)} of the ids found, {@code tokenOfOwnerByIndex} for the
 * rest when the wallet holds more than {@link #FIRST_IDS} (up to {@link #MAX_NFTS}), {@code position(id, wallet)},
 * {@code idToMarketParams(id)} and {@code market(id)} of every market in the logs, each strategy's
 * {@code sharesToUnderlyingView(shares)} and, when the data does not give it, its {@code underlyingToken()};</li>
 * <li><b>request 3</b> ({@link #third}, only for a wallet with more than {@link #FIRST_IDS} Uniswap V3 positions):
 * {@code positions(id)} of the ids read in request 2. It travels with the edge reads' request 3, so a scan stays
 * within 3 requests per chain.</li>
 * </ol>
 * Empty positions (no liquidity and no fees owed; no shares and no collateral) are dropped. What could not be read is
 * said in a problem sentence, never left out silently.
 */
final class PositionReads {
    /** Uniswap V3 position ids read in request 1 (most wallets hold none; a few hold several). */
    static final int FIRST_IDS = 8;
    /** Uniswap V3 positions read at most per wallet and chain; beyond it the scan says how many it left out. */
    static final int MAX_NFTS = 100;
    /** Morpho Blue markets read at most per wallet and chain. */
    static final int MAX_MARKETS = 100;

    /** Supply(Id indexed id, address indexed caller, address indexed onBehalf, uint256 assets, uint256 shares) (EventsLib). */
    static final String SUPPLY_TOPIC = Abi.topic("Supply(bytes32,address,address,uint256,uint256)");
    /** SupplyCollateral(Id indexed id, address indexed caller, address indexed onBehalf, uint256 assets) (EventsLib). */
    static final String SUPPLY_COLLATERAL_TOPIC = Abi.topic("SupplyCollateral(bytes32,address,address,uint256)");

    static final String POSITIONS = Abi.selector("positions(uint256)");
    static final String TOKEN_OF_OWNER_BY_INDEX = Abi.selector("tokenOfOwnerByIndex(address,uint256)");
    static final String MORPHO_POSITION = Abi.selector("position(bytes32,address)");
    static final String ID_TO_MARKET_PARAMS = Abi.selector("idToMarketParams(bytes32)");
    static final String MARKET = Abi.selector("market(bytes32)");
    static final String GET_DEPOSITS = Abi.selector("getDeposits(address)");
    static final String POD_OWNER_DEPOSIT_SHARES = Abi.selector("podOwnerDepositShares(address)");
    static final String UNDERLYING_TOKEN = Abi.selector("underlyingToken()");
    static final String SHARES_TO_UNDERLYING_VIEW = Abi.selector("sharesToUnderlyingView(uint256)");
    /** SharesMathLib's virtual shares and assets (morpho-blue src/libraries/SharesMathLib.sol, v1.0.0 and later). */
    private static final BigInteger VIRTUAL_SHARES = BigInteger.TEN.pow(6);
    private static final BigInteger VIRTUAL_ASSETS = BigInteger.ONE;

    /** positions(tokenId) as read: the 12 words' token0, token1, fee, liquidity and uncollected fees. */
    record NftPosition(String token0, String token1, long fee, BigInteger liquidity, BigInteger owed0, BigInteger owed1) {}

    /** Morpho's position(id, user). */
    record MorphoPosition(BigInteger supplyShares, BigInteger borrowShares, BigInteger collateral) {}

    /** Morpho's idToMarketParams(id). */
    record MarketParams(String loanToken, String collateralToken, String oracle, String irm, BigInteger lltv) {}

    /** Morpho's market(id) totals. */
    record MarketTotals(BigInteger supplyAssets, BigInteger supplyShares, BigInteger borrowAssets, BigInteger borrowShares) {}

    /** getDeposits(staker): strategies and deposit shares. */
    record Deposits(List<String> strategies, List<BigInteger> shares) {}

    private record Market(String id, Aggregate.Read<MorphoPosition> position, Aggregate.Read<MarketParams> params,
                          Aggregate.Read<MarketTotals> totals) {}

    private record Strategy(String address, BigInteger shares, String dataUnderlying, Aggregate.Read<String> underlying,
                            Aggregate.Read<BigInteger> value) {}

    private final ScanPlan.Positions contracts;
    private final String wallet;
    private final String walletWord;
    private final int chunk;

    private Aggregate.Read<BigInteger> nftCount;
    private final List<Aggregate.Read<BigInteger>> firstIds = new ArrayList<>();
    private Aggregate.Read<Deposits> deposits;
    private Aggregate.Read<BigInteger> podShares;

    private final Map<BigInteger, Aggregate.Read<NftPosition>> nfts = new LinkedHashMap<>();
    private final List<Aggregate.Read<BigInteger>> moreIds = new ArrayList<>();
    private final List<Market> markets = new ArrayList<>();
    private final List<Strategy> strategies = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private BigInteger heldNfts;
    private Aggregate second;
    private Aggregate third;

    PositionReads(ScanPlan.Positions contracts, String wallet, int chunk) {
        this.contracts = contracts;
        this.wallet = wallet;
        this.walletWord = Abi.addressWord(wallet);
        this.chunk = chunk;
    }

    // ---- request 1 ----

    /** Adds request 1's contract reads to the scan's balance aggregate (before it is scheduled). */
    void addFirst(Aggregate balances) {
        String npm = contracts.uniswapV3Manager();
        if (npm != null) {
            nftCount = balances.add(npm, Abi.balanceOf(wallet), r -> Abi.uint(r.returnData()));
            for (int i = 0; i < FIRST_IDS; i++) firstIds.add(balances.add(npm, tokenOfOwnerByIndex(i), r -> Abi.uint(r.returnData())));
        }
        if (contracts.strategyManager() != null) {
            deposits = balances.add(contracts.strategyManager(), GET_DEPOSITS + walletWord, r -> deposits(r.returnData()));
        }
        if (contracts.eigenPodManager() != null) {
            podShares = balances.add(contracts.eigenPodManager(), POD_OWNER_DEPOSIT_SHARES + walletWord, r -> Abi.int256(r.returnData()));
        }
    }

    boolean readsMorpho() {
        return contracts.morpho() != null;
    }

    long morphoFromBlock() {
        return contracts.morphoFromBlock();
    }

    /** eth_getLogs of Morpho's Supply and SupplyCollateral logs on behalf of the wallet (onBehalf is topic3 in both). */
    JsonRpcClient.Call morphoLogs(String fromBlock, String toBlock) {
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("address", contracts.morpho());
        filter.put("fromBlock", fromBlock);
        filter.put("toBlock", toBlock);
        List<Object> topics = new ArrayList<>();
        topics.add(List.of(SUPPLY_TOPIC, SUPPLY_COLLATERAL_TOPIC));
        topics.add(null);
        topics.add(null);
        topics.add(Abi.topicAddress(wallet));
        filter.put("topics", topics);
        return new JsonRpcClient.Call("eth_getLogs", List.of(filter));
    }

    // ---- request 2 ----

    /**
     * After request 1: the reads of request 2, pinned to the scan's block by the caller. Empty (no request needed) when the
     * wallet has no position anywhere.
     * @param morphoLogs the Morpho logs request 1 returned (entries after {@code block} are left out), or null when not read
     */
    Aggregate second(List<JsonNode> morphoLogs, long block) {
        second = new Aggregate(chunk, false);
        String npm = contracts.uniswapV3Manager();
        if (npm != null) {
            heldNfts = nftCount.get();
            if (heldNfts == null && !nftCount.noContract()) problems.add("the Uniswap V3 positions could not be read (balanceOf failed)");
            int held = heldNfts == null ? 0 : heldNfts.min(BigInteger.valueOf(Integer.MAX_VALUE)).intValue();
            for (int i = 0; i < Math.min(held, FIRST_IDS); i++) {
                BigInteger id = firstIds.get(i).get();
                if (id == null) {
                    problems.add("Uniswap V3 position " + (i + 1) + " of " + held + " could not be read");
                    continue;
                }
                nfts.computeIfAbsent(id, k -> second.add(npm, positionsCall(k), r -> nft(r.returnData())));
            }
            for (int i = FIRST_IDS; i < Math.min(held, MAX_NFTS); i++) moreIds.add(second.add(npm, tokenOfOwnerByIndex(i), r -> Abi.uint(r.returnData())));
            if (held > MAX_NFTS) {
                problems.add("the wallet holds " + held + " Uniswap V3 positions; the first " + MAX_NFTS + " were read, the other "
                        + (held - MAX_NFTS) + (held - MAX_NFTS == 1 ? " was not" : " were not"));
            }
        }
        if (morphoLogs != null) {
            Set<String> ids = new LinkedHashSet<>();
            String onBehalf = Abi.topicAddress(wallet);
            for (JsonNode l : morphoLogs) {
                JsonNode t = l.path("topics");
                Long n = hex(l.path("blockNumber").asText(null));
                if (n != null && n > block) continue;
                if (!contracts.morpho().equals(l.path("address").asText("").toLowerCase(Locale.ROOT))) continue;
                if (t.size() < 4 || !onBehalf.equals(t.get(3).asText("").toLowerCase(Locale.ROOT))) continue;
                String id = t.get(1).asText("").toLowerCase(Locale.ROOT);
                if (id.matches("0x[0-9a-f]{64}")) ids.add(id);
            }
            int k = 0;
            for (String id : ids) {
                if (k++ >= MAX_MARKETS) {
                    problems.add("the wallet used " + ids.size() + " Morpho Blue markets; the first " + MAX_MARKETS + " were read, the other "
                            + (ids.size() - MAX_MARKETS) + (ids.size() - MAX_MARKETS == 1 ? " was not" : " were not"));
                    break;
                }
                String morpho = contracts.morpho();
                markets.add(new Market(id,
                        second.add(morpho, MORPHO_POSITION + id.substring(2) + walletWord, r -> morphoPosition(r.returnData())),
                        second.add(morpho, ID_TO_MARKET_PARAMS + id.substring(2), r -> marketParams(r.returnData())),
                        second.add(morpho, MARKET + id.substring(2), r -> marketTotals(r.returnData()))));
            }
        }
        if (deposits != null) {
            Deposits d = deposits.get();
            if (d == null && !deposits.noContract()) problems.add("the EigenLayer deposits could not be read (getDeposits failed)");
            if (d != null) {
                for (int i = 0; i < d.strategies().size(); i++) {
                    String st = d.strategies().get(i);
                    BigInteger shares = d.shares().get(i);
                    if (shares.signum() <= 0) continue;
                    String known = contracts.strategies().get(st);
                    Aggregate.Read<String> underlying = known != null ? null : second.add(st, UNDERLYING_TOKEN, r -> EdgeReads.address(r.returnData()));
                    Aggregate.Read<BigInteger> value = second.add(st, SHARES_TO_UNDERLYING_VIEW + Abi.uintWord(shares), r -> Abi.uint(r.returnData()));
                    strategies.add(new Strategy(st, shares, known, underlying, value));
                }
            }
        }
        return second;
    }

    // ---- request 3 ----

    /** After request 2: positions(id) of the ids request 2 found (a wallet with more than FIRST_IDS positions); else empty. */
    Aggregate third() {
        third = new Aggregate(chunk, false);
        String npm = contracts.uniswapV3Manager();
        int i = FIRST_IDS;
        for (Aggregate.Read<BigInteger> r : moreIds) {
            BigInteger id = r.get();
            i++;
            if (id == null) {
                problems.add("Uniswap V3 position " + i + " of " + heldNfts + " could not be read");
                continue;
            }
            nfts.computeIfAbsent(id, k -> third.add(npm, positionsCall(k), x -> nft(x.returnData())));
        }
        return third;
    }

    // ---- results ----

    /** Sentences for what could not be read (none when everything was). */
    List<String> problems() {
        return List.copyOf(problems);
    }

    /** The non-empty positions, after the requests ran. */
    List<ChainData.RawPosition> positions(long block) {
        List<ChainData.RawPosition> out = new ArrayList<>();
        String npm = contracts.uniswapV3Manager();
        nfts.forEach((id, read) -> {
            NftPosition p = read.get();
            if (p == null) {
                problems.add("Uniswap V3 position #" + id + " could not be read");
                return;
            }
            if (p.liquidity().signum() == 0 && p.owed0().signum() == 0 && p.owed1().signum() == 0) return; // closed: nothing in it
            LinkedHashMap<String, BigInteger> amounts = new LinkedHashMap<>();
            amounts.put("liquidity", p.liquidity());
            amounts.put("fee", BigInteger.valueOf(p.fee()));
            amounts.put("tokensOwed0", p.owed0());
            amounts.put("tokensOwed1", p.owed1());
            String call = "positions(" + id + ")";
            out.add(new ChainData.RawPosition(ChainData.RawPosition.UNISWAP_V3, "uniswap-v3#" + id, npm, amounts, List.of(
                    new ChainData.RawUnderlying(p.token0(), ChainData.RawUnderlying.TOKEN0, null, call + ".token0"),
                    new ChainData.RawUnderlying(p.token1(), ChainData.RawUnderlying.TOKEN1, null, call + ".token1")), call, block));
        });
        for (Market m : markets) {
            MorphoPosition p = m.position().get();
            MarketParams mp = m.params().get();
            if (p == null) {
                problems.add("Morpho Blue position in market " + m.id() + " could not be read");
                continue;
            }
            if (p.supplyShares().signum() == 0 && p.borrowShares().signum() == 0 && p.collateral().signum() == 0) continue;
            LinkedHashMap<String, BigInteger> amounts = new LinkedHashMap<>();
            amounts.put("supplyShares", p.supplyShares());
            amounts.put("borrowShares", p.borrowShares());
            amounts.put("collateral", p.collateral());
            List<ChainData.RawUnderlying> under = new ArrayList<>();
            if (mp == null) {
                problems.add("the tokens of Morpho Blue market " + m.id() + " could not be read");
            } else {
                MarketTotals t = m.totals().get();
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
            out.add(new ChainData.RawPosition(ChainData.RawPosition.MORPHO_BLUE, "morpho-blue#" + m.id(), contracts.morpho(), amounts, under,
                    "position(" + m.id() + ", wallet)", block));
        }
        for (Strategy s : strategies) {
            String token = s.dataUnderlying() != null ? s.dataUnderlying() : s.underlying().get();
            String source = s.dataUnderlying() != null ? "data/positions/contracts.csv" : "underlyingToken() of " + s.address();
            if (token == null) problems.add("the underlying token of EigenLayer strategy " + s.address() + " could not be read");
            LinkedHashMap<String, BigInteger> amounts = new LinkedHashMap<>();
            amounts.put("depositShares", s.shares());
            List<ChainData.RawUnderlying> under = token == null ? List.of()
                    : List.of(new ChainData.RawUnderlying(token, ChainData.RawUnderlying.RESTAKED, s.value().get(), source));
            out.add(new ChainData.RawPosition(ChainData.RawPosition.EIGENLAYER, "eigenlayer#" + s.address(), contracts.strategyManager(), amounts,
                    under, "getDeposits(wallet)", block));
        }
        if (podShares != null) {
            BigInteger v = podShares.get();
            if (v == null && !podShares.noContract()) problems.add("the EigenLayer native restaking shares could not be read");
            if (v != null && v.signum() > 0) {
                LinkedHashMap<String, BigInteger> amounts = new LinkedHashMap<>();
                amounts.put("depositShares", v);
                out.add(new ChainData.RawPosition(ChainData.RawPosition.EIGENLAYER, "eigenlayer#beacon-eth", contracts.eigenPodManager(), amounts,
                        List.of(new ChainData.RawUnderlying("native", ChainData.RawUnderlying.RESTAKED, null,
                                "podOwnerDepositShares(wallet) (beacon-chain ETH)")), "podOwnerDepositShares(wallet)", block));
            }
        }
        return out;
    }

    // ---- encoding and decoding ----

    private String tokenOfOwnerByIndex(int i) {
        return TOKEN_OF_OWNER_BY_INDEX + walletWord + Abi.uintWord(BigInteger.valueOf(i));
    }

    private static String positionsCall(BigInteger id) {
        return POSITIONS + Abi.uintWord(id);
    }

    private static BigInteger ceilDiv(BigInteger a, BigInteger b) {
        BigInteger[] qr = a.divideAndRemainder(b);
        return qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
    }

    private static Long hex(String t) {
        if (t == null || !t.matches("0x[0-9a-fA-F]{1,15}")) return null;
        return Long.parseLong(t.substring(2), 16);
    }

    /** The i-th word. */
    private static BigInteger word(byte[] d, int i) {
        return Abi.wordAt(d, i * 32);
    }

    /** The i-th word as an address (upper 12 bytes zero), lowercase; null for the zero address or a word that is no address. */
    private static String addressAt(byte[] d, int i) {
        return Abi.nonZeroAddressAt(d, i * 32);
    }

    /** positions(): 12 static words (nonce, operator, token0, token1, fee, tickLower, tickUpper, liquidity, …, tokensOwed0, tokensOwed1). */
    static NftPosition nft(byte[] d) {
        if (d == null || d.length != 12 * 32) return null;
        String t0 = addressAt(d, 2), t1 = addressAt(d, 3);
        BigInteger fee = word(d, 4), liquidity = word(d, 7), owed0 = word(d, 10), owed1 = word(d, 11);
        if (t0 == null || t1 == null || fee.bitLength() > 24 || liquidity.bitLength() > 128 || owed0.bitLength() > 128 || owed1.bitLength() > 128) {
            return null;
        }
        return new NftPosition(t0, t1, fee.longValue(), liquidity, owed0, owed1);
    }

    /** position(id, user): (uint256 supplyShares, uint128 borrowShares, uint128 collateral). */
    static MorphoPosition morphoPosition(byte[] d) {
        if (d == null || d.length != 3 * 32) return null;
        BigInteger borrow = word(d, 1), collateral = word(d, 2);
        if (borrow.bitLength() > 128 || collateral.bitLength() > 128) return null;
        return new MorphoPosition(word(d, 0), borrow, collateral);
    }

    /** idToMarketParams(id): (loanToken, collateralToken, oracle, irm, lltv); a zero collateral token (idle market) is null. */
    static MarketParams marketParams(byte[] d) {
        if (d == null || d.length != 5 * 32) return null;
        for (int i = 0; i < 4; i++) if (word(d, i).bitLength() > 160) return null;
        String loan = addressAt(d, 0);
        if (loan == null) return null; // not a created market
        return new MarketParams(loan, addressAt(d, 1), addressAt(d, 2), addressAt(d, 3), word(d, 4));
    }

    /** market(id): six uint128 (totalSupplyAssets, totalSupplyShares, totalBorrowAssets, totalBorrowShares, lastUpdate, fee). */
    static MarketTotals marketTotals(byte[] d) {
        if (d == null || d.length != 6 * 32) return null;
        for (int i = 0; i < 6; i++) if (word(d, i).bitLength() > 128) return null;
        return new MarketTotals(word(d, 0), word(d, 1), word(d, 2), word(d, 3));
    }

    /** getDeposits(staker): (address[] strategies, uint256[] depositShares), the same length; null when it does not decode. */
    static Deposits deposits(byte[] d) {
        if (d == null || d.length < 4 * 32 || d.length % 32 != 0) return null;
        try {
            int a = smallInt(d, 0), b = smallInt(d, 32);
            int n = smallInt(d, a), m = smallInt(d, b);
            if (n != m || n > 1000 || a % 32 != 0 || b % 32 != 0 || a + 32 + n * 32 > d.length || b + 32 + m * 32 > d.length) return null;
            List<String> strategies = new ArrayList<>(n);
            List<BigInteger> shares = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String s = addressAt(d, a / 32 + 1 + i);
                if (s == null) return null;
                strategies.add(s);
                shares.add(word(d, b / 32 + 1 + i));
            }
            return new Deposits(List.copyOf(strategies), List.copyOf(shares));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static int smallInt(byte[] d, int at) {
        return Abi.smallIntAt(d, at, 24);
    }
}
