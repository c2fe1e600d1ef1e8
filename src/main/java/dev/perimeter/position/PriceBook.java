package dev.perimeter.position;

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
 * read with latestAnswer()). Which feed prices a holding:
 * the token's own feed; an Aave aToken through its underlying's feed (aTokens are redeemable 1:1); the native coin
 * through the feed of its wrapped token (WETH, WBNB, WAVAX, WPOL/WMATIC) on the same chain. Anything else is unpriced.
 */
public final class PriceBook {
    public static final String FILE = "prices/feeds.csv";

    public record Feed(String chain, String asset, String feed, int decimals, String source) {}

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
            out.add(new Feed(r.get("chain"), r.get("asset"), r.get("feed"), d, r.get("source")));
        }
        return new PriceBook(out);
    }

    /** Feed addresses of a chain: read in the balance batch. */
    public List<String> feeds(String chain) {
        Map<String, Feed> m = byChain.get(chain);
        return m == null ? List.of() : m.values().stream().map(Feed::feed).distinct().sorted().toList();
    }

    public Optional<Route> route(Holding h, TokenRegistry registry, String nativeSymbol) {
        Map<String, Feed> m = byChain.get(h.chain());
        if (m == null) return Optional.empty();
        if (h.isNative()) {
            String wrapped = "W" + nativeSymbol.toUpperCase(Locale.ROOT);
            for (Feed f : m.values()) {
                Optional<Token> t = registry.find(h.chain(), f.asset());
                if (t.isPresent() && (t.get().symbol().equalsIgnoreCase(wrapped)
                        || (nativeSymbol.equals("POL") && t.get().symbol().equalsIgnoreCase("WMATIC")))) {
                    return Optional.of(new Route(f, "native " + nativeSymbol + " priced with the feed of " + t.get().symbol()));
                }
            }
            return Optional.empty();
        }
        Feed own = m.get(h.token());
        if (own != null) return Optional.of(new Route(own, "the token's own feed"));
        if (h.underlying() != null && "receipt".equals(h.kind())) {
            Optional<Token> t = registry.find(h.chain(), h.token());
            if (t.isPresent() && t.get().source().contains(".A_TOKEN") && m.containsKey(h.underlying())) {
                return Optional.of(new Route(m.get(h.underlying()), "an Aave aToken, redeemable 1:1 for its underlying, priced with the underlying's feed"));
            }
        }
        return Optional.empty();
    }

    /** balance × answer ÷ 10^(decimals + feedDecimals), rounded to cents; null for a non-positive answer. */
    public static BigDecimal usd(BigInteger balanceRaw, int tokenDecimals, BigInteger answer, int feedDecimals) {
        if (answer == null || answer.signum() <= 0 || tokenDecimals < 0) return null;
        return new BigDecimal(balanceRaw.multiply(answer)).movePointLeft(tokenDecimals + feedDecimals).setScale(2, RoundingMode.HALF_UP);
    }
}
