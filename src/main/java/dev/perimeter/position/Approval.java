package dev.perimeter.position;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;

/**
 * A live ERC-20 allowance the wallet granted.
 * @param allowanceRaw the allowance as the token stores it (raw units)
 * @param unlimited    see {@link #isUnlimited(BigInteger, BigInteger)}
 * @param foundBy      "approval-log" (an Approval event of the wallet) or "exploited-contract-check" (allowance() read for a
 *                     contract the incident database records as exploited, independent of logs)
 * @param decimals     the token's decimals (registry, or read from the token), or null when unknown
 * @param totalSupply  the token's totalSupply() at the scanned block, or null when unread
 */
public record Approval(String chain, String token, String tokenSymbol, String spender, BigInteger allowanceRaw, boolean unlimited,
                       String foundBy, Integer decimals, BigInteger totalSupply) {
    /** From 2^255 on an allowance is a "max" sentinel (type(uint256).max and its halves), not an amount. */
    public static final BigInteger UNLIMITED_FROM = BigInteger.ONE.shiftLeft(255);

    /** An allowance with unknown decimals and total supply. */
    public Approval(String chain, String token, String tokenSymbol, String spender, BigInteger allowanceRaw, boolean unlimited,
                    String foundBy) {
        this(chain, token, tokenSymbol, spender, allowanceRaw, unlimited, foundBy, null, null);
    }

    /**
     * Unlimited: at least 2^255, or more than the token's total supply when that is known (the spender may take every
     * token there is, as Revoke.cash counts it).
     */
    public static boolean isUnlimited(BigInteger allowance, BigInteger totalSupply) {
        return allowance.compareTo(UNLIMITED_FROM) >= 0 || (totalSupply != null && allowance.compareTo(totalSupply) > 0);
    }

    /** Unlimited by the 2^255 rule alone (total supply unknown). */
    public static boolean isUnlimited(BigInteger allowance) {
        return isUnlimited(allowance, null);
    }

    /** The allowance in token units (exact), or null when the decimals are unknown. */
    public BigDecimal allowance() {
        if (decimals == null || decimals < 0) return null;
        BigDecimal v = new BigDecimal(allowanceRaw, decimals).stripTrailingZeros();
        return v.scale() < 0 ? v.setScale(0) : v;
    }

    /** The allowance in token units for reading, "1,000" or "0.5", without the symbol; null when the decimals are unknown. */
    public String allowanceText() {
        BigDecimal v = allowance();
        return v == null ? null : grouped(v);
    }

    /** "1,000 USDC", "unlimited USDC", or "123 raw units of XYZ" when the decimals are unknown. */
    public String amountText() {
        String sym = tokenSymbol != null && !tokenSymbol.isBlank() ? tokenSymbol : token;
        if (unlimited) return "unlimited " + sym;
        String v = allowanceText();
        return v == null ? allowanceRaw + " raw units of " + sym : v + " " + sym;
    }

    /** An exact amount with thousands separators: 1234567.5 -> "1,234,567.5". */
    static String grouped(BigDecimal v) {
        String plain = v.toPlainString();
        int dot = plain.indexOf('.');
        String whole = dot < 0 ? plain : plain.substring(0, dot);
        return String.format(Locale.ENGLISH, "%,d", new BigInteger(whole)) + (dot < 0 ? "" : plain.substring(dot));
    }
}
