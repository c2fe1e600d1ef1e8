package dev.perimeter.position;

import dev.perimeter.token.PriceBook;
import dev.perimeter.token.Token;
import dev.perimeter.util.ChainAddress;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

/**
 * One balance of a wallet on one chain: the token held, how much, its price verdict and what it rests on. Amounts are
 * raw integers plus the token's decimals; {@link #balance()} is exact.
 * @param asset   what is held: the registry's token, the chain's native coin, an unlisted token as it describes itself,
 *                or for a position its id (e.g. "uniswap-v3#12345") with kind {@code position}
 * @param price   the price verdict: usd from an on-chain price feed and which feed priced it and why, or null usd
 *                (unpriced, never guessed) with the reason when a feed covers it but could not price it
 * @param edges   what this holding rests on as read for it (on-chain reads of ERC-4626 asset(), pool coins, …; a position's
 *                underlying tokens), each with its source; empty when nothing was read. The exposure walk follows the
 *                data's edges of a registry token first and these where the data has none.
 * @param position for a holding of kind {@code position}: its amounts and underlyings; null for tokens
 */
public record Holding(Token asset, BigInteger balanceRaw, PriceBook.Valuation price, List<Edge> edges, Position position) {
    public static final String NATIVE = Token.NATIVE;

    public Holding {
        if (asset == null || balanceRaw == null) throw new IllegalArgumentException("a holding needs a token and an amount");
        price = price == null ? PriceBook.Valuation.NONE : price;
        edges = edges == null ? List.of() : List.copyOf(edges);
    }

    /** A balance of a token, without a price verdict yet and without edges read for it. */
    public static Holding of(Token token, BigInteger balanceRaw) {
        return new Holding(token, balanceRaw, PriceBook.Valuation.NONE, List.of(), null);
    }

    /** A position that is not a token: kind {@code position}, unpriced, resting on its underlyings through these edges. */
    public static Holding ofPosition(String chain, String protocolSlug, String symbol, String name, Position p, List<Edge> edges) {
        BigInteger main = p.amounts().values().stream().filter(v -> v.signum() != 0).findFirst().orElse(BigInteger.ZERO);
        Token t = new Token(chain, p.id(), symbol, name, -1, Position.KIND, protocolSlug, null, null, null, null, null, true);
        return new Holding(t, main, PriceBook.Valuation.NONE, edges, p);
    }

    public String chain() {
        return asset.chain();
    }

    /** The chain and token (or position id) of this holding: the key reports and the walk look it up by. */
    public ChainAddress at() {
        return asset.at();
    }

    /** Lowercase contract address, "native" for the chain's own coin, or a position's id. */
    public String token() {
        return asset.address();
    }

    public String symbol() {
        return asset.symbol();
    }

    public String name() {
        return asset.name();
    }

    /** -1 when unknown (an unlisted token that does not answer decimals()). */
    public int decimals() {
        return asset.decimals();
    }

    public String kind() {
        return asset.kind();
    }

    public String protocol() {
        return asset.protocol();
    }

    public String bridge() {
        return asset.bridge();
    }

    public String originChain() {
        return asset.originChain();
    }

    public String originAddress() {
        return asset.originAddress();
    }

    public String underlying() {
        return asset.underlying();
    }

    /** The token is in the registry; unlisted tokens are shown as unknown, never as safe or spam. */
    public boolean listed() {
        return asset.listed();
    }

    /** Value from an on-chain price feed, or null: unpriced (never guessed). */
    public BigDecimal usdValue() {
        return price.usd();
    }

    /** Which feed priced it and why, or null. */
    public String priceSource() {
        return price.source();
    }

    /** Why a holding that has a price feed is unpriced ("stale price", ...); null when priced or when no feed covers it. */
    public String unpricedReason() {
        return price.unpricedReason();
    }

    public boolean isPosition() {
        return position != null;
    }

    public boolean isNative() {
        return asset.isNative();
    }

    public BigDecimal balance() {
        if (decimals() < 0) return null;
        return new BigDecimal(balanceRaw, decimals()).stripTrailingZeros();
    }

    /** The same holding with this price verdict: priced when it has a USD value, else unpriced for its reason. */
    public Holding valued(PriceBook.Valuation v) {
        return v.usd() != null ? priced(v.usd(), v.source()) : unpriced(v.unpricedReason());
    }

    public Holding priced(BigDecimal usd, String source) {
        return new Holding(asset, balanceRaw, PriceBook.Valuation.priced(usd, source), edges, position);
    }

    /** The same holding, unpriced although a feed covers it, for the given reason. */
    public Holding unpriced(String reason) {
        return new Holding(asset, balanceRaw, PriceBook.Valuation.unpriced(reason), edges, position);
    }

    /** The same holding with these edges read for it. */
    public Holding withEdges(List<Edge> e) {
        return new Holding(asset, balanceRaw, price, e, position);
    }
}
