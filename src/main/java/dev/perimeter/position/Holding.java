package dev.perimeter.position;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * One balance of a wallet on one chain. Amounts are raw integers plus decimals; {@link #balance()} is exact.
 * @param token   lowercase contract address, or "native" for the chain's own coin
 * @param decimals -1 when unknown (an unlisted token that does not answer decimals())
 * @param listed  the token is in the registry; unlisted tokens are shown as unknown, never as safe or spam
 */
public record Holding(String chain, String token, String symbol, String name, int decimals, BigInteger balanceRaw, String kind,
                      String protocol, String bridge, String originChain, String originAddress, String underlying,
                      boolean listed) {
    public static final String NATIVE = "native";

    public BigDecimal balance() {
        if (decimals < 0) return null;
        return new BigDecimal(balanceRaw, decimals).stripTrailingZeros();
    }

    public boolean isNative() {
        return NATIVE.equals(token);
    }
}
