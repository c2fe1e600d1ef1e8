package dev.perimeter.incident;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a USD loss out of loss text only where the text says it is dollars. Anything else stays unknown (null): never
 * guessed. Rules (issue 12):
 * <ul>
 *   <li>A figure is USD when a dollar sign stands before the number ({@code $12K}, {@code ~$ 285.7K}, {@code $~182K USD})
 *       or "USD" / "US$" after it ({@code 62,661.57 USD}, {@code ~152M US$}), including a parenthetical estimate beside
 *       a token amount ({@code 153,037 ETH (~$30M)}). The first such figure in the text is the loss.</li>
 *   <li>A number followed by a token name is a token amount, even with a dollar sign in front ({@code ~$280ETH},
 *       {@code ~$ 827 USDC}, {@code ~5 $ETH}): never read as dollars.</li>
 *   <li>A bare number ({@code ~104M}, {@code 350K}) names no currency: unknown.</li>
 *   <li>A decimal comma before a suffix ({@code ~$1,6M}) is ambiguous to this reader: unknown.</li>
 * </ul>
 */
public final class LossParser {
    /** How a text was read: a USD figure, or why there is none. */
    public record Loss(BigDecimal usd, String basis) {}

    public static final String STATED_USD = "stated_usd";
    public static final String TOKEN_DENOMINATED = "unknown:token_denominated";
    public static final String NO_CURRENCY = "unknown:no_currency";
    public static final String NOT_STATED = "unknown:not_stated";
    public static final String DECIMAL_COMMA = "unknown:ambiguous_decimal_comma";
    public static final String UNREADABLE = "unknown:unreadable";

    // A number: 1,234,567.89 (comma thousands), 1234.5 or .8; then an optional scale word.
    private static final String NUMBER = "(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d{1,3},\\d{1,2}(?!\\d)|\\d+(?:\\.\\d+)?|\\.\\d+)";
    private static final String SCALE = "(?:\\s*(thousand|million|billion|mn|bn|[kmb])(?![a-z]))?";
    /** One figure with what stands around it: an optional "$" / "US$" before, the number, a scale, then what follows. */
    private static final Pattern FIGURE = Pattern.compile(
            "(US\\s*\\$|\\$|\\bUSD\\s?)?\\s*[~≈～]?\\s*(?:(US\\s*\\$|\\$)\\s*)?[~≈～]?\\s*" + NUMBER + SCALE
                    + "\\+?(\\s*\\$(?![A-Za-z]))?\\s*([$]?\\s*[A-Za-z][A-Za-z0-9.]*\\$?)?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern NO_LOSS = Pattern.compile("(n/a|none|no loss|nil|unknown|unclear|0)(?![\\w.,])",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DECIMAL_COMMA_NUMBER = Pattern.compile("\\d{1,3},\\d{1,2}");
    private static final Pattern DECIMAL_COMMA_FIGURE = Pattern.compile("\\d,\\d{1,2}\\s*[KMBkmb](?![A-Za-z])");
    private static final Set<String> USD_WORDS = Set.of("usd", "us", "dollar", "dollars");
    /** Words that may follow a figure without naming a token ("~$8.2M cumulative", "$3M in ETH"). */
    private static final Set<String> PROSE = Set.of("and", "or", "of", "in", "on", "at", "to", "from", "for", "by", "with",
            "across", "the", "a", "an", "plus", "worth", "lost", "stolen", "drained", "taken", "cumulative", "total",
            "in_total", "reported", "recovered", "returned", "net", "gross", "approx", "approximately", "about", "over",
            "more", "less", "than", "value", "loss", "losses", "profit", "tx", "txs", "transactions", "days", "users",
            "victims", "wallets", "addresses", "contracts", "pools", "tokens", "multiple", "various", "including");

    private LossParser() {}

    /** The first USD figure the text states, or the reason there is none. Never null. */
    public static Loss read(String text) {
        if (text == null || text.isBlank()) return new Loss(null, NOT_STATED);
        String t = clean(text);
        // "N/A (purely educational; worst-case impact would have been ~$2M …)": a text that opens by saying there is
        // no loss states none, whatever hypothetical figure follows.
        if (NO_LOSS.matcher(t).lookingAt()) return new Loss(null, NOT_STATED);
        boolean tokenSeen = false, numberSeen = false;
        Matcher m = FIGURE.matcher(t);
        while (m.find()) {
            if (gluedToWord(t, m)) continue;
            numberSeen = true;
            Kind k = kind(m);
            if (k == Kind.TOKEN) {
                tokenSeen = true;
                continue;
            }
            if (k == Kind.BARE) continue;
            if (DECIMAL_COMMA_NUMBER.matcher(m.group(3)).matches()) return new Loss(null, DECIMAL_COMMA);
            BigDecimal usd = scaled(m.group(3), m.group(4));
            if (usd != null) return new Loss(usd, STATED_USD);
        }
        if (tokenSeen) return new Loss(null, TOKEN_DENOMINATED);
        if (numberSeen) return new Loss(null, hasDecimalComma(t) ? DECIMAL_COMMA : NO_CURRENCY);
        return new Loss(null, UNREADABLE);
    }

    private enum Kind { USD, TOKEN, BARE }

    /** Addresses and links carry digits that are no figures. */
    private static String clean(String text) {
        return text.replaceAll("https?://\\S+", " ").replaceAll("0x[0-9a-fA-F]{6,}", " ").trim();
    }

    /** A number glued to a letter or digit on its left ("ERC-20" is fine, "v2" or "x100" is not a figure). */
    private static boolean gluedToWord(String t, Matcher m) {
        int s = m.start(3);
        return s > 0 && Character.isLetter(t.charAt(s - 1));
    }

    private static Kind kind(Matcher m) {
        boolean dollarBefore = m.group(1) != null || m.group(2) != null;
        String after = m.group(6) == null ? null : m.group(6).replace("$", "").trim().toLowerCase(Locale.ROOT);
        if (m.group(5) != null || after != null && USD_WORDS.contains(after)) return Kind.USD;
        boolean prose = after == null || PROSE.contains(after);
        if (dollarBefore && (prose || m.group(4) != null)) return Kind.USD;
        if (!prose) return Kind.TOKEN;
        return dollarBefore ? Kind.USD : Kind.BARE;
    }

    /** The first number the text gives without any currency ("~104M" → 104000000), if that is all it gives. */
    public static Optional<BigDecimal> bareAmount(String text) {
        if (text == null || !read(text).basis().equals(NO_CURRENCY)) return Optional.empty();
        String t = clean(text);
        Matcher m = FIGURE.matcher(t);
        while (m.find()) {
            if (!gluedToWord(t, m) && kind(m) == Kind.BARE) return Optional.ofNullable(scaled(m.group(3), m.group(4)));
        }
        return Optional.empty();
    }

    /** The USD figure of the text, if it states one. */
    public static Optional<BigDecimal> usd(String text) {
        return Optional.ofNullable(read(text).usd());
    }

    /** True when the text names an amount of a token ("~280 ETH", "~$280ETH", "5 $BNB"). */
    public static boolean namesTokenAmount(String text) {
        if (text == null) return false;
        String t = clean(text);
        Matcher m = FIGURE.matcher(t);
        while (m.find()) {
            if (!gluedToWord(t, m) && kind(m) == Kind.TOKEN) return true;
        }
        return false;
    }

    public static boolean hasDecimalComma(String raw) {
        return raw != null && DECIMAL_COMMA_FIGURE.matcher(raw).find();
    }

    static BigDecimal scaled(String number, String scale) {
        BigDecimal n = scaledExact(number, scale);
        return n == null ? null : n.setScale(2, RoundingMode.HALF_UP);
    }

    /** "1,234.5" with a scale word ("k", "M", "million", …) as an exact decimal (token amounts keep every digit). */
    static BigDecimal scaledExact(String number, String scale) {
        try {
            BigDecimal n = new BigDecimal(number.replace(",", ""));
            if (scale != null) {
                switch (scale.toLowerCase(Locale.ROOT)) {
                    case "k", "thousand" -> n = n.movePointRight(3);
                    case "m", "mn", "million" -> n = n.movePointRight(6);
                    case "b", "bn", "billion" -> n = n.movePointRight(9);
                    default -> { }
                }
            }
            return n;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A plain decimal as written in our own CSV formats ("1234.5"); null when blank; throws when malformed. */
    public static BigDecimal plainDecimal(String s) {
        if (s == null || s.isBlank()) return null;
        String t = s.trim();
        if (!t.matches("\\d{1,18}(\\.\\d{1,8})?")) throw new NumberFormatException("not a plain non-negative decimal: '" + t + "'");
        return new BigDecimal(t).setScale(2, RoundingMode.HALF_UP);
    }
}
