package dev.perimeter.incident;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a USD loss out of loss text only where it is unambiguous. Anything else stays unknown (null): never guessed.
 */
public final class LossParser {
    public record Loss(BigDecimal usd, String basis) {}

    // A number: 1,234,567.89 (comma thousands) or 1234.5 ; optional K/M/B suffix.
    private static final String NUM = "(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?)\\s*(?:([KMB])(?![A-Za-z]))?";
    private static final Pattern STABLE_ONLY = Pattern.compile(
            "^[~～≈]?\\s*\\$?\\s*[~～]?\\s*" + NUM + "\\s*\\$?(USDT|USDC|DAI|BUSD|FDUSD|TUSD|USDP|BUSDT|PYUSD)\\s*$",
            Pattern.CASE_INSENSITIVE);
    /** "1,6M" / "4,5M": a decimal comma before a suffix. Derived parsers read these as 16M / 45M. */
    private static final Pattern DECIMAL_COMMA = Pattern.compile("\\d,\\d{1,2}\\s*[KMBkmb]\\b");

    private LossParser() {}

    /** Loss text that is a single amount of one USD stablecoin, read at par. */
    public static Loss stablecoinPar(String raw) {
        if (raw == null) return null;
        Matcher m = STABLE_ONLY.matcher(raw.trim());
        if (!m.matches()) return null;
        BigDecimal n = scaled(m.group(1), m.group(2));
        return n == null ? null : new Loss(n, "stablecoin_par:" + m.group(3).toUpperCase(Locale.ROOT));
    }

    public static boolean hasDecimalComma(String raw) {
        return raw != null && DECIMAL_COMMA.matcher(raw).find();
    }

    static BigDecimal scaled(String number, String suffix) {
        try {
            BigDecimal n = new BigDecimal(number.replace(",", ""));
            if (suffix != null) {
                switch (suffix.toUpperCase(Locale.ROOT)) {
                    case "K" -> n = n.movePointRight(3);
                    case "M" -> n = n.movePointRight(6);
                    case "B" -> n = n.movePointRight(9);
                    default -> { }
                }
            }
            return n.setScale(2, java.math.RoundingMode.HALF_UP);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A plain decimal as written in our own CSV formats ("1234.5"); null when blank; throws when malformed. */
    public static BigDecimal plainDecimal(String s) {
        if (s == null || s.isBlank()) return null;
        String t = s.trim();
        if (!t.matches("\\d{1,18}(\\.\\d{1,8})?")) throw new NumberFormatException("not a plain non-negative decimal: '" + t + "'");
        return new BigDecimal(t).setScale(2, java.math.RoundingMode.HALF_UP);
    }
}
