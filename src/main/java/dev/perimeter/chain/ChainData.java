package dev.perimeter.chain;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/** What one chain said about one wallet, in plain Java types (no web3j types leave this package). */
public record ChainData(
        long chainId,
        long block,
        BigInteger nativeBalance,                 // null when it could not be read
        Map<String, BigInteger> balances,         // registry token (lowercase) -> raw balance, only positive balances
        List<String> unreadableTokens,            // registry tokens whose balanceOf failed or returned garbage
        List<RawApproval> approvals,              // live allowances > 0
        List<RawToken> unlisted,                  // tokens received (Transfer logs) that are not in the registry, with balance > 0
        List<String> problems,                    // plain sentences of Perimeter's own (never provider text): what was incomplete
        long httpRequests,
        long rpcCalls,
        boolean multicall,                        // Multicall3 was used
        boolean logsComplete,                     // approval/transfer logs were read for the whole history
        Map<String, FeedRound> feeds,             // price feed (lowercase) -> its latest round, only feeds that answered
        Long blockTimestamp,                      // timestamp (s) of the block, read with the feeds; null when not read
        List<ReadEdge> edges,                     // what held tokens without data edges rest on, read on-chain (EdgeReads)
        List<RawPosition> positions,              // positions that are not tokens (PositionReads), only non-empty ones
        Map<String, ControlReading> controls,     // contract (lowercase) -> who controls it, read in this scan (ControlPhase)
        Map<String, ControlReading> controlsKept) { // contract -> its reading kept from an earlier read (ScanPlan.control)

    public ChainData {
        positions = positions == null ? List.of() : List.copyOf(positions);
        controls = controls == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(controls));
        controlsKept = controlsKept == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(controlsKept));
    }

    /** Without control reads. */
    public ChainData(long chainId, long block, BigInteger nativeBalance, Map<String, BigInteger> balances, List<String> unreadableTokens,
                     List<RawApproval> approvals, List<RawToken> unlisted, List<String> problems, long httpRequests, long rpcCalls,
                     boolean multicall, boolean logsComplete, Map<String, FeedRound> feeds, Long blockTimestamp, List<ReadEdge> edges,
                     List<RawPosition> positions) {
        this(chainId, block, nativeBalance, balances, unreadableTokens, approvals, unlisted, problems, httpRequests, rpcCalls, multicall,
                logsComplete, feeds, blockTimestamp, edges, positions, Map.of(), Map.of());
    }

    /**
     * A position that is not a token, as read at the scan's block.
     * @param protocol {@link #UNISWAP_V3}, {@link #MORPHO_BLUE} or {@link #EIGENLAYER}
     * @param id       stable id: "uniswap-v3#12345", "morpho-blue#0x<market id>", "eigenlayer#0x<strategy>", "eigenlayer#beacon-eth"
     * @param contract the contract holding it (position manager, Morpho, StrategyManager, EigenPodManager)
     * @param amounts  raw integers as the contract stores them (liquidity, tokensOwed0/1, supplyShares, borrowShares,
     *                 collateral, depositShares), in a stable order
     * @param underlyings what it rests on, each with its role and an amount in the token's raw units where known
     * @param call     what was read, for the evidence ("positions(12345)", "position(id, wallet)", "getDeposits(wallet)")
     */
    public record RawPosition(String protocol, String id, String contract, java.util.LinkedHashMap<String, java.math.BigInteger> amounts,
                              List<RawUnderlying> underlyings, String call, long block) {
        public static final String UNISWAP_V3 = "uniswap-v3";
        public static final String PANCAKESWAP_V3 = "pancakeswap-v3";
        public static final String MORPHO_BLUE = "morpho-blue";
        public static final String EIGENLAYER = "eigenlayer";
        public static final String COMPOUND_V3 = "compound-v3";
    }

    /**
     * One token a position rests on.
     * @param token  lowercase address, or "native" for the chain's coin (natively restaked ETH)
     * @param role   {@link #TOKEN0}, {@link #TOKEN1}, {@link #SUPPLIED}, {@link #LENT_AGAINST}, {@link #COLLATERAL},
     *               {@link #BORROWED}, {@link #RESTAKED}
     * @param amount raw units of the token, or null when not computed (a Uniswap V3 position's split needs its pool's price)
     * @param source where the token came from ("positions(12345).token0", "idToMarketParams(id).collateralToken",
     *               "underlyingToken()", "data/positions/contracts.csv")
     */
    public record RawUnderlying(String token, String role, java.math.BigInteger amount, String source) {
        public static final String TOKEN0 = "token0";
        public static final String TOKEN1 = "token1";
        public static final String SUPPLIED = "supplied";
        public static final String LENT_AGAINST = "lent-against";
        public static final String COLLATERAL = "collateral";
        public static final String BORROWED = "borrowed";
        public static final String RESTAKED = "restaked";
        /** The position's market (token: its node, {@link ReadEdge#marketNode}), whose collateral the market's edges name. */
        public static final String LENT_IN = "lent-in";
    }

    /**
     * A live approval, of one of three kinds:
     * <ul>
     * <li>{@link #ERC20}: {@code allowance(wallet, spender)} of the token, above zero;</li>
     * <li>{@link #ALL_NFTS}: {@code isApprovedForAll(wallet, spender)} of an ERC-721/1155 collection ({@code token}) is
     * true; {@code allowance} is 1 (the answer) and {@code symbol} the collection's symbol() or name() (null when it has
     * neither);</li>
     * <li>{@link #PERMIT2}: Permit2's {@code allowance(wallet, token, spender)} with an amount above zero and an
     * expiration not before the scan's block timestamp; {@code expiration} in seconds.</li>
     * </ul>
     * decimals and totalSupply are read from the token in the same batch (null when unread/unreadable; none for a collection).
     */
    public record RawApproval(String token, String spender, BigInteger allowance, String foundBy, Integer decimals, BigInteger totalSupply,
                              String kind, Long expiration, String symbol) {
        public static final String ERC20 = "erc20";
        public static final String ALL_NFTS = "all-nfts";
        public static final String PERMIT2 = "permit2";

        /** An ERC-20 allowance. */
        public RawApproval(String token, String spender, BigInteger allowance, String foundBy, Integer decimals, BigInteger totalSupply) {
            this(token, spender, allowance, foundBy, decimals, totalSupply, ERC20, null, null);
        }
    }

    /**
     * An edge read on-chain for a held token: token rests on {@code to}, as {@code call} answered at {@code block}.
     * @param kind {@link #VAULT} (ERC-4626 asset()), {@link #PAIR} (Uniswap V2-style token0/token1) or {@link #POOL}
     *             (Curve-style coins(i), on the token or on its minter)
     * @param call what was read, e.g. "asset()", "coins(1)", "minter() = 0x…, its coins(0)"
     */
    public record ReadEdge(String token, String to, String kind, String call, long block, String note) {
        public static final String VAULT = "erc4626-vault";
        public static final String PAIR = "uniswap-v2-pair";
        public static final String POOL = "curve-pool";
        /** Aave aToken → UNDERLYING_ASSET_ADDRESS(). */
        public static final String RECEIPT = "atoken-underlying";
        /** Curve gauge → lp_token(). */
        public static final String GAUGE = "curve-gauge";
        /** Convex reward pool → stakingToken(). */
        public static final String STAKED = "convex-reward-pool";
        /** Balancer pool token → its Vault's getPoolTokens(getPoolId()). */
        public static final String BALANCER = "balancer-pool";
        /** Pendle PT or YT → its SY's yieldToken(). */
        public static final String PENDLE = "pendle-sy";
        /** A deposit (token) is lent in a market: {@code to} is the market's node, {@link #marketNode}. */
        public static final String LENT_IN = "lent-in";
        /** A market ({@code token} is its node) accepts {@code to} as collateral; {@code note} says at which threshold and whether frozen or paused. */
        public static final String MARKET_COLLATERAL = "market-collateral";

        public ReadEdge(String token, String to, String kind, String call, long block) {
            this(token, to, kind, call, block, null);
        }

        /** The node of a lending market in the dependency graph: "aave-v3-pool#0x…", "compound-v3-comet#0x…". */
        public static String marketNode(String kind, String address) {
            return kind + "#" + address;
        }

        /** Whether a node id is a lending market's. */
        public static boolean isMarketNode(String node) {
            return node.startsWith(ScanPlan.Market.AAVE_V3_POOL + "#") || node.startsWith(ScanPlan.Market.COMET + "#")
                    || node.startsWith(MetaMorphoMarkets.MARKET_NODE + "#");
        }
    }

    public record RawToken(String address, String symbol, String name, Integer decimals, BigInteger balance) {}

    /**
     * A price feed's answer at the scanned block.
     * @param answer    the signed answer (may be zero or negative: the caller refuses those)
     * @param updatedAt latestRoundData()'s updatedAt in seconds; null when the feed has no latestRoundData() (Aave's CAPO
     *                  and similar adapters) and the answer came from latestAnswer(), which carries no time
     */
    public record FeedRound(BigInteger answer, Long updatedAt) {}
}
