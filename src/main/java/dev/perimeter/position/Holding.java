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
 */
public record Holding(String chain, String token, String symbol, String name, int decimals, BigInteger balanceRaw, String kind,
                      String protocol, String bridge, String originChain, String originAddress, String underlying,
                      boolean listed, BigDecimal usdValue, String priceSource) {
    public static final String NATIVE = "native";

    public BigDecimal balance() {
        if (decimals < 0) return null;
        return new BigDecimal(balanceRaw, decimals).stripTrailingZeros();
    }

    public Holding priced(BigDecimal usd, String source) {
        return new Holding(chain, token, symbol, name, decimals, balanceRaw, kind, protocol, bridge, originChain, originAddress, underlying,
                listed, usd, source);
    }

    public boolean isNative() {
        return NATIVE.equals(token);
    }
}
