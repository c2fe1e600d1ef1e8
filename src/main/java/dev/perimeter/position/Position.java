package dev.perimeter.position;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A position that is not a token (a Uniswap V3 liquidity NFT, a Morpho Blue market position, EigenLayer restaking), as
 * the holding of kind {@code position} carries it. Amounts are raw integers as the contract stores them, never doubles.
 * @param protocol    what kind of position: "uniswap-v3", "morpho-blue" or "eigenlayer"
 * @param id          its stable id: "uniswap-v3#12345", "morpho-blue#0x<market id>", "eigenlayer#0x<strategy>",
 *                    "eigenlayer#beacon-eth"
 * @param contract    the contract holding it (lowercase)
 * @param amounts     raw amounts by name (liquidity, fee, tokensOwed0/1; supplyShares, borrowShares, collateral;
 *                    depositShares), in a stable order
 * @param underlyings the tokens it rests on, with how and (where known) how much
 * @param source      what was read and at which block
 */
public record Position(String protocol, String id, String contract, Map<String, BigInteger> amounts, List<Underlying> underlyings,
                       String source) {
    public static final String KIND = "position";

    public Position {
        amounts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(amounts));
        underlyings = List.copyOf(underlyings);
    }

    /**
     * One token a position rests on.
     * @param token    lowercase address, or "native" for the chain's own coin
     * @param symbol   the registry's symbol, or null when the token is not in the registry
     * @param role     token0 | token1 | supplied | borrowed | collateral | lent-against | restaked
     * @param relation the role in words, as the dependency path shows it
     * @param amountRaw raw units of the token, or null when not known (a Uniswap V3 position's split needs its pool's price)
     * @param decimals the token's decimals when known (registry, or 18 for the native coin), else null
     */
    public record Underlying(String token, String symbol, String role, String relation, BigInteger amountRaw, Integer decimals) {
        public BigDecimal amount() {
            return amountRaw == null || decimals == null ? null : new BigDecimal(amountRaw, decimals).stripTrailingZeros();
        }
    }
}
