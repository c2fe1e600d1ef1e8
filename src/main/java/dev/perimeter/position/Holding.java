package dev.perimeter.position;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * One balance of a wallet on one chain. Amounts are raw integers plus decimals; {@link #balance()} is exact.
 * @param token   lowercase contract address, or "native" for the chain's own coin
 * @param decimals -1 when unknown (an unlisted token that does not answer decimals())
 * @param listed  the token is in the registry; unlisted tokens are shown as unknown, never as safe or spam
 * @param usdValue value from an on-chain price feed, or null: unpriced (never guessed)
 * @param priceSource which feed priced it and why, or null
 * @param unpricedReason why a holding that has a price feed is unpriced ("stale price", ...); null when it is priced or
 *                       when no feed covers it
 */
public record Holding(String chain, String token, String symbol, String name, int decimals, BigInteger balanceRaw, String kind,
                      String protocol, String bridge, String originChain, String originAddress, String underlying,
                      boolean listed, BigDecimal usdValue, String priceSource, String unpricedReason) {
    public static final String NATIVE = "native";

    /** A holding without a price verdict yet (unpricedReason null). */
    public Holding(String chain, String token, String symbol, String name, int decimals, BigInteger balanceRaw, String kind,
                   String protocol, String bridge, String originChain, String originAddress, String underlying,
                   boolean listed, BigDecimal usdValue, String priceSource) {
        this(chain, token, symbol, name, decimals, balanceRaw, kind, protocol, bridge, originChain, originAddress, underlying, listed,
                usdValue, priceSource, null);
    }

    public BigDecimal balance() {
        if (decimals < 0) return null;
        return new BigDecimal(balanceRaw, decimals).stripTrailingZeros();
    }

    public Holding priced(BigDecimal usd, String source) {
        return new Holding(chain, token, symbol, name, decimals, balanceRaw, kind, protocol, bridge, originChain, originAddress, underlying,
                listed, usd, source, null);
    }

    /** The same holding, unpriced although a feed covers it, for the given reason. */
    public Holding unpriced(String reason) {
        return new Holding(chain, token, symbol, name, decimals, balanceRaw, kind, protocol, bridge, originChain, originAddress, underlying,
                listed, null, null, reason);
    }

    public boolean isNative() {
        return NATIVE.equals(token);
    }
}
