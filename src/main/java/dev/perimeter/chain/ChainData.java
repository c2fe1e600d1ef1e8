package dev.perimeter.chain;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/** What one chain said about one wallet, in plain Java types (no web3j types leave this package). */
public record ChainData(
        long chainId,
        long block,
        BigInteger nativeBalance,                 // null when it could not be read
        Map<String, BigInteger> balances,         // registry token (lowercase) -> raw balance, only tokens read successfully
        List<String> unreadableTokens,            // registry tokens whose balanceOf failed or returned garbage
        List<RawApproval> approvals,              // live allowances > 0
        List<RawToken> unlisted,                  // tokens received (Transfer logs) that are not in the registry, with balance > 0
        List<String> problems,                    // plain sentences: what was incomplete
        long httpRequests,
        long rpcCalls,
        boolean multicall,                        // Multicall3 was used
        boolean logsComplete,                     // approval/transfer logs were read for the whole history
        Map<String, BigInteger> feedAnswers) {    // price feed (lowercase) -> latestAnswer(), only feeds that answered

    public record RawApproval(String token, String spender, BigInteger allowance, String foundBy) {}

    public record RawToken(String address, String symbol, String name, Integer decimals, BigInteger balance) {}
}
