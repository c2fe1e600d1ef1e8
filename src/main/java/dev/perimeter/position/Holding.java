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
 * @param edges   what this holding rests on as read for it (on-chain reads of ERC-4626 asset(), pool coins, …; a position's
 *                underlying tokens), each with its source; empty when nothing was read. The exposure walk follows the
 *                data's edges of a registry token first and these where the data has none.
 * @param position for a holding of kind {@code position} (token = the position's id, e.g. "uniswap-v3#12345"): its
 *                amounts and underlyings; null for tokens
 */
public record Holding(String chain, String token, String symbol, String name, int decimals, BigInteger balanceRaw, String kind,
                      String protocol, String bridge, String originChain, String originAddress, String underlying,
                      boolean listed, BigDecimal usdValue, String priceSource, String unpricedReason, java.util.List<Edge> edges,
                      Position position) {
    public static final String NATIVE = "native";

    public Holding {
        edges = edges == null ? java.util.List.of() : java.util.List.copyOf(edges);
    }

    public Holding(String chain, String token, String symbol, String name, int decimals, BigInteger balanceRaw, String kind,
                   String protocol, String bridge, String originChain, String originAddress, String underlying,
                   boolean listed, BigDecimal usdValue, String priceSource, String unpricedReason, java.util.List<Edge> edges) {
        this(chain, token, symbol, name, decimals, balanceRaw, kind, protocol, bridge, originChain, originAddress, underlying, listed,
                usdValue, priceSource, unpricedReason, edges, null);
    }

    /** A position that is not a token: kind {@code position}, unpriced, resting on its underlyings through these edges. */
    public static Holding of(String chain, String protocolSlug, String symbol, String name, Position p, java.util.List<Edge> edges) {
        BigInteger main = p.amounts().values().stream().filter(v -> v.signum() != 0).findFirst().orElse(BigInteger.ZERO);
        return new Holding(chain, p.id(), symbol, name, -1, main, Position.KIND, protocolSlug, null, null, null, null, true, null, null,
                null, edges, p);
    }

    public boolean isPosition() {
        return position != null;
    }

    /** A holding without edges read for it. */
    public Holding(String chain, String token, String symbol, String name, int decimals, BigInteger balanceRaw, String kind,
                   String protocol, String bridge, String originChain, String originAddress, String underlying,
                   boolean listed, BigDecimal usdValue, String priceSource, String unpricedReason) {
        this(chain, token, symbol, name, decimals, balanceRaw, kind, protocol, bridge, originChain, originAddress, underlying, listed,
                usdValue, priceSource, unpricedReason, java.util.List.of());
    }

    /** A holding without a price verdict yet (unpricedReason null). */
    public Holding(String chain, String token, String symbol, String name, int decimals, BigInteger balanceRaw, String kind,
                   String protocol, String bridge, String originChain, String originAddress, String underlying,
                   boolean listed, BigDecimal usdValue, String priceSource) {
        this(chain, token, symbol, name, decimals, balanceRaw, kind, protocol, bridge, originChain, originAddress, underlying, listed,
                usdValue, priceSource, null, java.util.List.of());
    }

    public BigDecimal balance() {
        if (decimals < 0) return null;
        return new BigDecimal(balanceRaw, decimals).stripTrailingZeros();
    }

    public Holding priced(BigDecimal usd, String source) {
        return new Holding(chain, token, symbol, name, decimals, balanceRaw, kind, protocol, bridge, originChain, originAddress, underlying,
                listed, usd, source, null, edges, position);
    }

    /** The same holding, unpriced although a feed covers it, for the given reason. */
    public Holding unpriced(String reason) {
        return new Holding(chain, token, symbol, name, decimals, balanceRaw, kind, protocol, bridge, originChain, originAddress, underlying,
                listed, null, null, reason, edges, position);
    }

    /** The same holding with these edges read for it. */
    public Holding withEdges(java.util.List<Edge> e) {
        return new Holding(chain, token, symbol, name, decimals, balanceRaw, kind, protocol, bridge, originChain, originAddress, underlying,
                listed, usdValue, priceSource, unpricedReason, e, position);
    }

    public boolean isNative() {
        return NATIVE.equals(token);
    }
}
