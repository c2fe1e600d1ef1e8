package dev.perimeter.incident;

import dev.perimeter.util.Csv;
import dev.perimeter.util.DataFiles;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Daily USD closes of the assets incident losses are stated in ({@code data/prices/daily-usd.csv}, each row with its
 * source; rows fetched by {@code update-data} are stored in the database and fill dates the file lacks, never replacing a
 * shipped row) and how a symbol written in a loss line is priced ({@code data/prices/assets.csv}: an asset with a price
 * series, a 1:1 wrapper of one, or a USD stablecoin taken at par). Immutable.
 */
public final class DailyPrices {
    public static final String FILE = "prices/daily-usd.csv";
    public static final String ASSETS = "prices/assets.csv";

    /** How a symbol is priced. */
    public enum Kind {
        /** its own series of daily closes */
        PRICE,
        /** a 1:1 wrapper of an asset with a series (WETH → ETH) */
        WRAPPED,
        /** a USD stablecoin, at par unless the incident was its depeg */
        STABLECOIN;

        static Optional<Kind> parse(String s) {
            for (Kind k : values()) if (k.name().equalsIgnoreCase(s)) return Optional.of(k);
            return Optional.empty();
        }
    }

    /** One daily close: the USD price at the end of {@code date} (UTC), and where it was read (repo:path@commit or URL). */
    public record Price(LocalDate date, String asset, BigDecimal close, String source) {
        /** The short name of the source in a loss basis: coinmetrics, defillama, … */
        public String sourceName() {
            return sourceName(source);
        }

        public static String sourceName(String source) {
            if (source == null) return "unknown";
            String s = source.trim();
            if (s.startsWith("http://") || s.startsWith("https://")) {
                String host = java.net.URI.create(s.split("\\s+")[0]).getHost();
                if (host == null) return "unknown";
                if (host.endsWith("llama.fi")) return "defillama";
                if (host.matches("[0-9.]+|\\[[0-9a-fA-F:]+\\]")) return host;
                String[] parts = host.split("\\.");
                return parts.length >= 2 ? parts[parts.length - 2] : host;
            }
            int slash = s.indexOf('/');
            return slash > 0 ? s.substring(0, slash).toLowerCase(Locale.ROOT) : s.toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A symbol as loss lines write it.
     * @param pricedAs      the asset whose series prices it (itself for a series, the wrapped asset for a wrapper; empty for a stablecoin)
     * @param defillamaCoin the coin id DefiLlama's coins API knows the series by (e.g. coingecko:ethereum); empty when none
     */
    public record Asset(String symbol, String pricedAs, Kind kind, String defillamaCoin, String source) {}

    public static final DailyPrices NONE = new DailyPrices(Map.of(), Map.of());

    private final Map<String, Price> closes;     // ASSET|date -> price
    private final Map<String, Asset> assets;     // SYMBOL (upper case) -> asset

    private DailyPrices(Map<String, Price> closes, Map<String, Asset> assets) {
        this.closes = closes;
        this.assets = assets;
    }

    /** The shipped files (absent files: nothing) with stored rows filling the dates the file lacks. */
    public static DailyPrices load(DataFiles files, Collection<Price> stored) {
        List<Price> shipped = files.exists(FILE) ? parsePrices(files.read(FILE), FILE) : List.of();
        List<Asset> assets = files.exists(ASSETS) ? parseAssets(files.read(ASSETS), ASSETS) : List.of();
        return of(shipped, stored, assets);
    }

    public static DailyPrices of(Collection<Price> shipped, Collection<Price> stored, Collection<Asset> assetRows) {
        Map<String, Price> closes = new HashMap<>();
        for (Price p : stored) closes.put(key(p.asset(), p.date()), p);
        for (Price p : shipped) closes.put(key(p.asset(), p.date()), p); // a shipped row always wins
        Map<String, Asset> assets = new HashMap<>();
        for (Asset a : assetRows) assets.put(a.symbol().toUpperCase(Locale.ROOT), a);
        return new DailyPrices(Map.copyOf(closes), Map.copyOf(assets));
    }

    private static String key(String asset, LocalDate date) {
        return asset.toUpperCase(Locale.ROOT) + "|" + date;
    }

    /** The close of {@code asset} (a series, e.g. ETH) on {@code date}; no nearby day stands in for it. */
    public Optional<Price> close(String asset, LocalDate date) {
        return Optional.ofNullable(closes.get(key(asset, date)));
    }

    /** How {@code symbol} (any case, a leading $ ignored) is priced, if it is known. */
    public Optional<Asset> asset(String symbol) {
        if (symbol == null) return Optional.empty();
        return Optional.ofNullable(assets.get(symbol.replace("$", "").trim().toUpperCase(Locale.ROOT)));
    }

    public Collection<Asset> assets() {
        return assets.values();
    }

    public int size() {
        return closes.size();
    }

    public static List<Price> parsePrices(byte[] csv, String file) {
        List<Price> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Csv.Row r : Csv.read(csv, file, List.of("date", "asset", "close", "source"))) {
            String at = file + ": line " + r.line() + ": ";
            LocalDate d;
            try {
                d = LocalDate.parse(r.get("date"));
            } catch (DateTimeParseException e) {
                throw new Csv.CsvException(at + "bad date '" + r.get("date") + "'", e);
            }
            String asset = r.get("asset").trim().toUpperCase(Locale.ROOT);
            if (!asset.matches("[A-Z0-9.\\-]{1,20}")) throw new Csv.CsvException(at + "bad asset '" + r.get("asset") + "'", null);
            BigDecimal close;
            try {
                close = new BigDecimal(r.get("close"));
            } catch (NumberFormatException e) {
                throw new Csv.CsvException(at + "close is not a number", e);
            }
            if (close.signum() <= 0) throw new Csv.CsvException(at + "close must be positive", null);
            if (r.get("source").isBlank()) throw new Csv.CsvException(at + "a source is required", null);
            if (!seen.add(key(asset, d))) throw new Csv.CsvException(at + "a second close of " + asset + " on " + d, null);
            out.add(new Price(d, asset, close, r.get("source").trim()));
        }
        return out;
    }

    public static List<Asset> parseAssets(byte[] csv, String file) {
        List<Asset> out = new ArrayList<>();
        for (Csv.Row r : Csv.read(csv, file, List.of("symbol", "priced_as", "kind", "defillama_coin", "source"))) {
            String at = file + ": line " + r.line() + ": ";
            Kind kind = Kind.parse(r.get("kind")).orElseThrow(() -> new Csv.CsvException(at + "kind must be price, wrapped or stablecoin", null));
            String pricedAs = r.get("priced_as").trim().toUpperCase(Locale.ROOT);
            if (kind != Kind.STABLECOIN && pricedAs.isEmpty()) throw new Csv.CsvException(at + "priced_as is required", null);
            if (r.get("source").isBlank()) throw new Csv.CsvException(at + "a source is required", null);
            out.add(new Asset(r.get("symbol").trim(), pricedAs, kind, r.get("defillama_coin").trim(), r.get("source").trim()));
        }
        return out;
    }
}
