package dev.perimeter.token;

import dev.perimeter.util.Csv;
import dev.perimeter.util.DataFiles;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * On-chain USD price sources (data/prices/feeds.csv: the oracle source Aave v3 uses for each asset, USD with 8 decimals,
 * read with latestRoundData(), or latestAnswer() where a source has no rounds). Which feed prices a holding:
 * the token's own feed; an Aave aToken through its underlying's feed (aTokens are redeemable 1:1); the native coin
 * through the feed of its wrapped token (WETH, WBNB, WAVAX, WPOL/WMATIC) on the same chain. Anything else is unpriced.
 * A feed's answer prices a holding only when it is positive and, where the feed reports its update time, no older than
 * the feed's heartbeat at the scanned block ({@link #value}).
 */
public final class PriceBook {
    public static final String FILE = "prices/feeds.csv";
    /** A feed's heartbeat when feeds.csv gives none: 25 h (Chainlink's slowest common heartbeat is 24 h). */
    public static final long DEFAULT_HEARTBEAT_SECONDS = 90_000;
    /** Reason shown for a holding whose feed answered 0 or less, or last updated longer ago than its heartbeat. */
    public static final String STALE = "stale price";
    /** Reason shown for a holding whose feed did not answer (reverted, or no contract there). */
    public static final String UNREADABLE = "price feed could not be read";
    /** Reason shown when the feed's age could not be compared with the block's time (the timestamp was not read). */
    public static final String AGE_UNKNOWN = "price age could not be checked";

    /** @param heartbeatSeconds the longest a feed's answer may go without an update before it counts as stale */
    public record Feed(String chain, String asset, String feed, int decimals, String source, long heartbeatSeconds) {
        public Feed(String chain, String asset, String feed, int decimals, String source) {
            this(chain, asset, feed, decimals, source, DEFAULT_HEARTBEAT_SECONDS);
        }
    }

    /**
     * A holding's price verdict: usd and how it was priced, or why it is not.
     * @param usd            value from an on-chain price feed, or null: unpriced (never guessed)
     * @param source         which feed priced it and why, or null
     * @param unpricedReason why a holding that has a price feed is unpriced ("stale price", ...); null when it is priced
     *                       or when no feed covers it
     */
    public record Valuation(BigDecimal usd, String source, String unpricedReason) {
        /** No verdict: no feed covers the holding, or it has not been judged yet. */
        public static final Valuation NONE = new Valuation(null, null, null);

        public static Valuation priced(BigDecimal usd, String source) {
            return new Valuation(usd, source, null);
        }

        public static Valuation unpriced(String reason) {
            return new Valuation(null, null, reason);
        }
    }

    /** The feed to read for a holding, and why it applies. */
    public record Route(Feed feed, String why) {}

    private final Map<String, Map<String, Feed>> byChain;

    public PriceBook(List<Feed> feeds) {
        Map<String, Map<String, Feed>> m = new HashMap<>();
        for (Feed f : feeds) m.computeIfAbsent(f.chain(), k -> new LinkedHashMap<>()).put(f.asset(), f);
        Map<String, Map<String, Feed>> frozen = new HashMap<>();
        m.forEach((k, v) -> frozen.put(k, Map.copyOf(v)));
        byChain = Map.copyOf(frozen);
    }

    public static PriceBook empty() {
        return new PriceBook(List.of());
    }

    public static PriceBook load(DataFiles files) {
        List<Feed> out = new ArrayList<>();
        for (Csv.Row r : Csv.read(files.read(FILE), FILE, List.of("chain", "asset", "feed", "feed_decimals", "denomination", "source"))) {
            // heartbeat_seconds is optional (column absent or empty: the 25 h default)
            String where = FILE + ": line " + r.line() + ": ";
            if (!r.get("denomination").equals("USD")) throw new Csv.CsvException(where + "only USD feeds are supported", null);
            if (!r.get("asset").matches("0x[0-9a-f]{40}") || !r.get("feed").matches("0x[0-9a-f]{40}")) {
                throw new Csv.CsvException(where + "addresses must be lowercase 0x + 40 hex", null);
            }
            int d;
            try {
                d = Integer.parseInt(r.get("feed_decimals"));
            } catch (NumberFormatException e) {
                throw new Csv.CsvException(where + "feed_decimals is not a whole number", e);
            }
            if (r.get("source").isEmpty()) throw new Csv.CsvException(where + "a source is required", null);
            long heartbeat = DEFAULT_HEARTBEAT_SECONDS;
            if (!r.get("heartbeat_seconds").isEmpty()) {
                try {
                    heartbeat = Long.parseLong(r.get("heartbeat_seconds"));
                } catch (NumberFormatException e) {
                    throw new Csv.CsvException(where + "heartbeat_seconds is not a whole number", e);
                }
                if (heartbeat <= 0) throw new Csv.CsvException(where + "heartbeat_seconds must be positive", null);
            }
            out.add(new Feed(r.get("chain"), r.get("asset"), r.get("feed"), d, r.get("source"), heartbeat));
        }
        return new PriceBook(out);
    }

    /** Feed addresses of a chain: read in the balance batch. */
    public List<String> feeds(String chain) {
        Map<String, Feed> m = byChain.get(chain);
        return m == null ? List.of() : m.values().stream().map(Feed::feed).distinct().sorted().toList();
    }

    /** The feed that prices a balance of this token (the chain's native coin: {@link Token#nativeCoin}), if any. */
    public Optional<Route> route(Token token, TokenRegistry registry, String nativeSymbol) {
        Map<String, Feed> m = byChain.get(token.chain());
        if (m == null) return Optional.empty();
        if (token.isNative()) {
            String wrapped = "W" + nativeSymbol.toUpperCase(Locale.ROOT);
            for (Feed f : m.values()) {
                Optional<Token> t = registry.find(token.chain(), f.asset());
                if (t.isPresent() && (t.get().symbol().equalsIgnoreCase(wrapped)
                        || (nativeSymbol.equals("POL") && t.get().symbol().equalsIgnoreCase("WMATIC")))) {
                    return Optional.of(new Route(f, "native " + nativeSymbol + " priced with the feed of " + t.get().symbol()));
                }
            }
            return Optional.empty();
        }
        Feed own = m.get(token.address());
        if (own != null) return Optional.of(new Route(own, "the token's own feed"));
        if (token.underlying() != null && "receipt".equals(token.kind())) {
            Optional<Token> t = registry.find(token.chain(), token.address());
            if (t.isPresent() && t.get().source().contains(".A_TOKEN") && m.containsKey(token.underlying())) {
                return Optional.of(new Route(m.get(token.underlying()), "an Aave aToken, redeemable 1:1 for its underlying, priced with the underlying's feed"));
            }
        }
        return Optional.empty();
    }

    /**
     * Judges what a feed said at the scanned block for one holding.
     * @param balanceRaw     the holding's raw amount
     * @param decimals       the token's decimals (-1 when unknown: no amount to price)
     * @param answer         the feed's answer, or null when the feed did not answer
     * @param updatedAt      latestRoundData()'s updatedAt (s), or null when the feed has no rounds (answer from latestAnswer())
     * @param blockTimestamp the scanned block's timestamp (s), or null when unread
     * @param block          the scanned block, for the source note
     */
    public static Valuation value(BigInteger balanceRaw, int decimals, Route route, BigInteger answer, Long updatedAt, Long blockTimestamp, long block) {
        Feed f = route.feed();
        if (answer == null) return new Valuation(null, null, UNREADABLE);
        if (answer.signum() <= 0) return new Valuation(null, null, STALE);
        String read;
        if (updatedAt != null) {
            if (blockTimestamp == null) return new Valuation(null, null, AGE_UNKNOWN);
            if (blockTimestamp - updatedAt > f.heartbeatSeconds()) return new Valuation(null, null, STALE);
            read = "latestRoundData at block " + block + ", updated " + Math.max(0, blockTimestamp - updatedAt) + " s before it";
        } else {
            read = "latestAnswer at block " + block + "; this source reports no update time, so its age is not checked";
        }
        BigDecimal usd = usd(balanceRaw, decimals, answer, f.decimals());
        if (usd == null) return new Valuation(null, null, null); // unknown token decimals: no amount to price
        return new Valuation(usd, route.why() + " (" + f.feed() + ", " + read + ")", null);
    }

    /** balance × answer ÷ 10^(decimals + feedDecimals), rounded to cents; null for a non-positive answer. */
    public static BigDecimal usd(BigInteger balanceRaw, int tokenDecimals, BigInteger answer, int feedDecimals) {
        if (answer == null || answer.signum() <= 0 || tokenDecimals < 0) return null;
        return new BigDecimal(balanceRaw.multiply(answer)).movePointLeft(tokenDecimals + feedDecimals).setScale(2, RoundingMode.HALF_UP);
    }
}
