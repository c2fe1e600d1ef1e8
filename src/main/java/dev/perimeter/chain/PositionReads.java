package dev.perimeter.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The selectors, limits and decoders of the position protocols' reads ({@link UniswapV3Protocol},
 * {@link MorphoBlueProtocol}, {@link EigenLayerProtocol}), shared by them and checked by the tests. Every Morpho
 * position begins with a Supply or SupplyCollateral log on behalf of the wallet (a borrow needs collateral, which only
 * supplyCollateral adds: Morpho.sol l.258 and l.313), and Morpho positions cannot be transferred. Decoders answer null
 * for an answer that does not have the expected shape.
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

    // ---- encoding and decoding ----





    /** The i-th word. */
    static BigInteger word(byte[] d, int i) {
        return Abi.wordAt(d, i * 32);
    }

    /** The i-th word as an address (upper 12 bytes zero), lowercase; null for the zero address or a word that is no address. */
    static String addressAt(byte[] d, int i) {
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
