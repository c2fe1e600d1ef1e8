package dev.perimeter.position;

import java.math.BigInteger;

/**
 * A live ERC-20 allowance the wallet granted.
 * @param foundBy "approval-log" (an Approval event of the wallet) or "exploited-contract-check" (allowance() read for a
 *                contract the incident database records as exploited, independent of logs)
 */
public record Approval(String chain, String token, String tokenSymbol, String spender, BigInteger allowanceRaw, boolean unlimited,
                       String foundBy) {
    /** At or above 2^160 - 1 (Permit2's maximum; uint256 max is above it): effectively no limit. */
    public static final BigInteger UNLIMITED_FROM = BigInteger.ONE.shiftLeft(160).subtract(BigInteger.ONE);

    public static boolean isUnlimited(BigInteger allowance) {
        return allowance.compareTo(UNLIMITED_FROM) >= 0;
    }
}
