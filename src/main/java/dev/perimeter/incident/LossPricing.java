package dev.perimeter.incident;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Prices token-stated losses at the attack date (issue 19). A loss line that states no dollars but token amounts ("900
 * BNB", "205K USDT + 36 BNB") gets a USD loss when every part can be priced: an asset with a series at its close of the
 * record's date ({@link DailyPrices}; basis {@code historical_price:<source>:<date>}), a wrapper at the asset it wraps, a
 * USD stablecoin at par (basis {@code stablecoin_par}) unless the record's technique says the incident was a depeg. The
 * token amounts stay in the loss text, and the conversion is a figure of the record (so the consistency check compares
 * it with every other figure). A part that cannot be priced leaves the loss unknown with the reason — never a partial sum.
 * Pure.
 */
public final class LossPricing {
    public static final String HISTORICAL = "historical_price";
    public static final String PAR = "stablecoin_par";
    /** An asset with a price series, but no close of that date in the file or the database. */
    public static final String NO_PRICE = "unknown:no_price_on_date";
    /** A token without a price series (a protocol's own token, an NFT, …). */
    public static final String UNPRICED_TOKEN = "unknown:unpriced_token";
    /** The text says the amounts read are only part of the loss. */
    public static final String PARTLY = "unknown:partly_unpriced";
    /** A stablecoin amount of an incident that was that stablecoin's depeg: par would be wrong. */
    public static final String DEPEG = "unknown:stablecoin_depeg";
    /** Ends the label of a figure this class made. */
    public static final String FIGURE_LABEL = "at the attack date's prices";

    private static final Pattern DEPEG_WORDS = Pattern.compile("de-?peg", Pattern.CASE_INSENSITIVE);

    private LossPricing() {}

    /**
     * A priced loss, or why there is none.
     * @param usd   null when some part could not be priced
     * @param basis historical_price:&lt;source&gt;:&lt;date&gt;, stablecoin_par, or an unknown:… reason with the part named
     * @param note  how it was computed ("900 BNB × $530.12 (BNB close 2021-12-14, source) = $477,108.00")
     */
    public record Priced(BigDecimal usd, String basis, String note) {}

    /** Prices the token amounts of {@code text} at the close of {@code date}; null when the text states none. */
    public static Priced price(String text, LocalDate date, boolean depeg, DailyPrices prices) {
        TokenAmounts.Read read = TokenAmounts.read(text);
        if (read.amounts().isEmpty()) return null;
        BigDecimal total = BigDecimal.ZERO;
        Set<String> sources = new TreeSet<>();
        List<String> parts = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        String reason = null;
        boolean series = false;
        for (TokenAmounts.Amount a : read.amounts()) {
            var asset = prices.asset(a.symbol());
            if (asset.isEmpty()) {
                failed.add(a.symbol() + ": no price series");
                reason = reason == null ? UNPRICED_TOKEN : reason;
                continue;
            }
            DailyPrices.Asset x = asset.get();
            if (x.kind() == DailyPrices.Kind.STABLECOIN) {
                if (depeg) {
                    failed.add(a.symbol() + ": the incident was a depeg");
                    reason = reason == null ? DEPEG : reason;
                    continue;
                }
                total = total.add(a.amount());
                parts.add(plain(a.amount()) + " " + a.symbol() + " at par");
                continue;
            }
            var close = prices.close(x.pricedAs(), date);
            if (close.isEmpty()) {
                failed.add(x.pricedAs() + " close of " + date + " not known");
                reason = reason == null ? NO_PRICE : reason;
                continue;
            }
            series = true;
            DailyPrices.Price p = close.get();
            sources.add(p.sourceName());
            total = total.add(a.amount().multiply(p.close()));
            parts.add(plain(a.amount()) + " " + a.symbol() + " × $" + plain(p.close()) + " (" + x.pricedAs() + " close " + date + ", "
                    + p.source() + ")");
        }
        if (reason == null && read.partial()) {
            reason = PARTLY;
            failed.add("the text names more assets than it counts");
        }
        if (reason != null) {
            String basis = reason + " (" + String.join("; ", failed) + ")";
            return new Priced(null, basis.length() <= 120 ? basis : basis.substring(0, 119) + "…",
                    "not priced: " + String.join("; ", failed) + (parts.isEmpty() ? "" : "; priced parts: " + String.join(" + ", parts)));
        }
        BigDecimal usd = total.setScale(2, RoundingMode.HALF_UP);
        String basis = series ? HISTORICAL + ":" + String.join("+", sources) + ":" + date : PAR;
        return new Priced(usd, basis, String.join(" + ", parts) + " = $" + usd.toPlainString());
    }

    private static String plain(BigDecimal d) {
        return d.stripTrailingZeros().toPlainString();
    }

    /** True for a loss basis this class wrote for a priced loss. */
    public static boolean converted(String basis) {
        return basis != null && (basis.startsWith(HISTORICAL + ":") || basis.startsWith(PAR));
    }

    /** The incident note of a record whose loss this class priced (the figure that holds the computation), or null. */
    public static String noteOf(SourceRecord s) {
        if (!converted(s.lossBasis()) || s.lossUsd() == null) return null;
        for (LossFigure f : s.figures()) {
            if (f.label().endsWith(FIGURE_LABEL) && f.usd() != null && f.usd().compareTo(s.lossUsd()) == 0) {
                return "Priced at the attack date: " + f.raw();
            }
        }
        return null;
    }

    /**
     * The records with every token-stated DeFiHackLabs loss priced (other records are returned as they are, the same
     * objects). The README's loss line leads; the PoC's KeyInfo stands in when the README states no loss or no currency,
     * as for dollar figures. Both, when priced, become figures of the record.
     */
    public static List<SourceRecord> apply(List<SourceRecord> records, DailyPrices prices) {
        List<SourceRecord> out = new ArrayList<>(records.size());
        for (SourceRecord s : records) out.add(priced(s, prices));
        return out;
    }

    static SourceRecord priced(SourceRecord s, DailyPrices prices) {
        if (!s.dataset().equals("defihacklabs") || s.lossUsd() != null || !LossParser.TOKEN_DENOMINATED.equals(s.lossBasis())) return s;
        DatasetReaders.LossParts parts = DatasetReaders.defiHackLabsLossParts(s.lossRaw());
        String readme = parts.lossLine(), keyInfo = parts.keyInfo();
        boolean depeg = s.technique() != null && DEPEG_WORDS.matcher(s.technique()).find();
        boolean readmeTokens = LossParser.read(readme).basis().equals(LossParser.TOKEN_DENOMINATED);
        boolean keyTokens = LossParser.read(keyInfo).basis().equals(LossParser.TOKEN_DENOMINATED);
        Priced fromReadme = readmeTokens ? price(readme, s.date(), depeg, prices) : null;
        Priced fromKey = keyTokens ? price(keyInfo, s.date(), depeg, prices) : null;
        Priced lead = fromReadme != null ? fromReadme : fromKey;
        if (lead == null) return s;
        List<LossFigure> figures = new ArrayList<>(s.figures());
        if (fromReadme != null && fromReadme.usd() != null) {
            figures.add(new LossFigure("defihacklabs loss line " + FIGURE_LABEL, fromReadme.note(), fromReadme.usd()));
        }
        if (fromKey != null && fromKey.usd() != null) {
            figures.add(new LossFigure("defihacklabs PoC KeyInfo " + FIGURE_LABEL, fromKey.note(), fromKey.usd()));
        }
        return s.withLoss(lead.usd(), lead.basis(), figures);
    }

    /** An asset series and a date a token-stated loss needs a close for. */
    public record Need(String asset, LocalDate date, String defillamaCoin) {}

    /** The closes token-stated DeFiHackLabs losses need and neither the file nor the database has, by date then asset. */
    public static List<Need> missing(List<SourceRecord> records, DailyPrices prices) {
        Set<Need> out = new LinkedHashSet<>();
        for (SourceRecord s : records) {
            if (!s.dataset().equals("defihacklabs") || s.lossUsd() != null || s.lossRaw() == null) continue;
            for (String text : DatasetReaders.defiHackLabsLossParts(s.lossRaw()).both()) {
                if (!LossParser.read(text).basis().equals(LossParser.TOKEN_DENOMINATED)) continue;
                for (TokenAmounts.Amount a : TokenAmounts.read(text).amounts()) {
                    prices.asset(a.symbol()).filter(x -> x.kind() != DailyPrices.Kind.STABLECOIN)
                            .filter(x -> prices.close(x.pricedAs(), s.date()).isEmpty())
                            .ifPresent(x -> out.add(new Need(x.pricedAs(), s.date(), coinOf(prices, x.pricedAs()))));
                }
            }
        }
        List<Need> sorted = new ArrayList<>(out);
        sorted.sort(java.util.Comparator.comparing(Need::date).thenComparing(Need::asset));
        return sorted;
    }

    /** The DefiLlama coin id of a series (the row of the series' own symbol). */
    private static String coinOf(DailyPrices prices, String asset) {
        return prices.asset(asset).map(DailyPrices.Asset::defillamaCoin).orElse("");
    }
}
