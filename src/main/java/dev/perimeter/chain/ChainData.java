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
        List<ReadEdge> edges) {                   // what held tokens without data edges rest on, read on-chain (EdgeReads)

    /** A live allowance; decimals and totalSupply are read from the token in the same batch (null when unread/unreadable). */
    public record RawApproval(String token, String spender, BigInteger allowance, String foundBy, Integer decimals, BigInteger totalSupply) {}

    /**
     * An edge read on-chain for a held token: token rests on {@code to}, as {@code call} answered at {@code block}.
     * @param kind {@link #VAULT} (ERC-4626 asset()), {@link #PAIR} (Uniswap V2-style token0/token1) or {@link #POOL}
     *             (Curve-style coins(i), on the token or on its minter)
     * @param call what was read, e.g. "asset()", "coins(1)", "minter() = 0x…, its coins(0)"
     */
    public record ReadEdge(String token, String to, String kind, String call, long block) {
        public static final String VAULT = "erc4626-vault";
        public static final String PAIR = "uniswap-v2-pair";
        public static final String POOL = "curve-pool";
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
