package dev.perimeter.position;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;

/**
 * A live approval the wallet granted: an ERC-20 allowance, an NFT collection's ApprovalForAll, or a Permit2 allowance
 * ({@link Kind}).
 * @param token        the ERC-20 token (also for Permit2), or the NFT collection
 * @param allowanceRaw the allowance as the token (or Permit2) stores it, raw units; 1 for an approval of all NFTs
 * @param unlimited    see {@link #isUnlimited(Kind, BigInteger, BigInteger)}; always true for an approval of all NFTs
 * @param foundBy      "approval-log" (an approval event of the wallet) or "exploited-contract-check" (allowance() read for a
 *                     contract the incident database records as exploited, independent of logs; ERC-20 only)
 * @param decimals     the token's decimals (registry, or read from the token), or null when unknown (always for NFTs)
 * @param totalSupply  the token's totalSupply() at the scanned block, or null when unread
 * @param kind         what was approved
 * @param expiration   a Permit2 allowance's expiration (unix seconds; it was not expired at the scanned block), else null
 */
public record Approval(String chain, String token, String tokenSymbol, String spender, BigInteger allowanceRaw, boolean unlimited,
                       String foundBy, Integer decimals, BigInteger totalSupply, Kind kind, Long expiration) {
    /** What an approval lets the spender take. */
    public enum Kind {
        /** ERC-20 {@code approve(spender, amount)}: up to the allowance of the token. */
        ERC20("erc20"),
        /** ERC-721/1155 {@code setApprovalForAll(operator, true)}: every NFT of the collection, now and later. */
        ALL_NFTS("all-nfts"),
        /** Uniswap's Permit2: up to the amount of the token until the expiration (with an ERC-20 allowance to Permit2). */
        PERMIT2("permit2");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public static Kind of(String code) {
            for (Kind k : values()) if (k.code.equals(code)) return k;
            throw new IllegalArgumentException("unknown approval kind: " + code);
        }
    }

    /** Permit2's "unlimited" amount, type(uint160).max (Uniswap/permit2 src/interfaces/IAllowanceTransfer.sol). */
    public static final BigInteger PERMIT2_UNLIMITED = BigInteger.ONE.shiftLeft(160).subtract(BigInteger.ONE);
    /** Expirations from the year 10000 on are shown as "no expiry in practice" (type(uint48).max is year 8,921,556). */
    private static final long FAR_FUTURE = 253_402_300_800L;

    public Approval {
        if (kind == null) kind = Kind.ERC20;
    }

    /** An ERC-20 allowance. */
    public Approval(String chain, String token, String tokenSymbol, String spender, BigInteger allowanceRaw, boolean unlimited,
                    String foundBy, Integer decimals, BigInteger totalSupply) {
        this(chain, token, tokenSymbol, spender, allowanceRaw, unlimited, foundBy, decimals, totalSupply, Kind.ERC20, null);
    }

    /** From 2^255 on an allowance is a "max" sentinel (type(uint256).max and its halves), not an amount. */
    public static final BigInteger UNLIMITED_FROM = BigInteger.ONE.shiftLeft(255);

    /** An ERC-20 allowance with unknown decimals and total supply. */
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

    /** Unlimited for its kind: every NFT of a collection; Permit2's type(uint160).max; or as an ERC-20 allowance. */
    public static boolean isUnlimited(Kind kind, BigInteger allowance, BigInteger totalSupply) {
        return switch (kind) {
            case ALL_NFTS -> true;
            case PERMIT2 -> allowance.equals(PERMIT2_UNLIMITED) || isUnlimited(allowance, totalSupply);
            case ERC20 -> isUnlimited(allowance, totalSupply);
        };
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

    /** The token or collection as people read it: its symbol, else its address. */
    public String tokenText() {
        return tokenSymbol != null && !tokenSymbol.isBlank() ? tokenSymbol : token;
    }

    /**
     * What the spender may take: "1,000 USDC", "unlimited USDC", or "123 raw units of XYZ" when the decimals are unknown;
     * "all NFTs of collection BAYC"; "Permit2 allowance of 1,000 USDC, expires 2026-12-31 00:00 UTC".
     */
    public String amountText() {
        String sym = tokenText();
        return switch (kind) {
            case ALL_NFTS -> "all NFTs of collection " + sym;
            case PERMIT2 -> "Permit2 allowance of " + erc20Text(sym) + (expiration == null ? "" : ", " + expiryText());
            case ERC20 -> erc20Text(sym);
        };
    }

    private String erc20Text(String sym) {
        if (unlimited) return "unlimited " + sym;
        String v = allowanceText();
        return v == null ? allowanceRaw + " raw units of " + sym : v + " " + sym;
    }

    /** "expires 2026-12-31 00:00 UTC", "no expiry in practice"; empty for an approval that does not expire. */
    public String expiryText() {
        if (expiration == null) return "";
        if (expiration >= FAR_FUTURE) return "no expiry in practice";
        return "expires " + java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
                .format(java.time.Instant.ofEpochSecond(expiration).atOffset(java.time.ZoneOffset.UTC));
    }

    /** An exact amount with thousands separators: 1234567.5 -> "1,234,567.5". */
    static String grouped(BigDecimal v) {
        String plain = v.toPlainString();
        int dot = plain.indexOf('.');
        String whole = dot < 0 ? plain : plain.substring(0, dot);
        return String.format(Locale.ENGLISH, "%,d", new BigInteger(whole)) + (dot < 0 ? "" : plain.substring(dot));
    }
}
