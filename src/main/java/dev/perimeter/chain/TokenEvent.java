package dev.perimeter.chain;

import java.math.BigInteger;

/**
 * A token event of the wallet's logs, one record per kind, as {@link TokenEvents} parses them. Addresses are lowercase;
 * {@code contract} is the address that emitted the log, {@code block} its block number.
 */
sealed interface TokenEvent {
    String contract();

    long block();

    /**
     * {@code Approval(address indexed owner, address indexed spender, uint256 value)} of an ERC-20, or ERC-721's
     * {@code Approval(owner, approved, tokenId)} with the same topic 0 (and the token id as a fourth topic): the
     * allowance read at the scan's block tells an ERC-20 allowance from nothing.
     */
    record Approval(String contract, long block, String owner, String spender) implements TokenEvent {}

    /** ERC-721 and ERC-1155 {@code ApprovalForAll(address indexed owner, address indexed operator, bool approved)}. */
    record ApprovalForAll(String contract, long block, String owner, String operator, boolean approved) implements TokenEvent {}

    /**
     * Permit2's {@code Approval(address indexed owner, address indexed token, address indexed spender, uint160 amount,
     * uint48 expiration)}, emitted by {@code approve} (Uniswap/permit2 src/interfaces/IAllowanceTransfer.sol).
     */
    record Permit2Approval(String contract, long block, String owner, String token, String spender, BigInteger amount, long expiration)
            implements TokenEvent {}

    /**
     * Permit2's {@code Permit(address indexed owner, address indexed token, address indexed spender, uint160 amount,
     * uint48 expiration, uint48 nonce)}, emitted when a signed permit sets an allowance.
     */
    record Permit2Permit(String contract, long block, String owner, String token, String spender, BigInteger amount, long expiration,
                         long nonce) implements TokenEvent {}

    /** ERC-20 and ERC-721 {@code Transfer(address indexed from, address indexed to, ...)}. */
    record Transfer(String contract, long block, String from, String to) implements TokenEvent {}
}
