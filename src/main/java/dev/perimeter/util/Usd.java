package dev.perimeter.util;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * The one way Perimeter writes a USD amount for people — in finding messages, pages and statistics. Display only: the
 * stored and JSON figures stay exact BigDecimals.
 */
public final class Usd {
    private static final BigDecimal THOUSAND = new BigDecimal("1000");
    private static final BigDecimal MILLION = new BigDecimal("1000000");
    private static final BigDecimal BILLION = new BigDecimal("1000000000");

    private Usd() {}

    /** $950 ; $21.5K ; $292M ; $1.46B (3 significant digits at most) ; "unknown" for null. */
    public static String compact(BigDecimal x) {
        if (x == null) return "unknown";
        String sign = x.signum() < 0 ? "-" : "";
        BigDecimal a = x.abs();
        if (a.compareTo(THOUSAND) < 0) {
            BigDecimal whole = a.setScale(0, RoundingMode.HALF_UP);
            if (whole.compareTo(THOUSAND) < 0) return sign + "$" + whole.toPlainString();
        }
        String[] units = {"K", "M", "B"};
        BigDecimal[] sizes = {THOUSAND, MILLION, BILLION};
        for (int u = 0; u < units.length; u++) {
            BigDecimal scaled = a.divide(sizes[u], 12, RoundingMode.HALF_UP);
            int decimals = scaled.compareTo(BigDecimal.TEN) < 0 ? 2 : scaled.compareTo(new BigDecimal("100")) < 0 ? 1 : 0;
            BigDecimal shown = scaled.setScale(decimals, RoundingMode.HALF_UP);
            if (shown.compareTo(THOUSAND) < 0 || u == units.length - 1) {
                return sign + "$" + shown.stripTrailingZeros().toPlainString() + units[u];
            }
        }
        throw new AssertionError("unreachable");
    }

    /** "~$21.5K" for a figure that is an estimate; "an unknown amount" for null. For sentences. */
    public static String approx(BigDecimal x) {
        return x == null ? "an unknown amount" : "~" + compact(x);
    }

    /** Full precision with thousands separators: $292,000,000 ; $1,234.56 ; "unknown" for null. */
    public static String exact(BigDecimal x) {
        if (x == null) return "unknown";
        String sign = x.signum() < 0 ? "-" : "";
        BigDecimal a = x.abs();
        BigDecimal cents = a.setScale(2, RoundingMode.HALF_UP);
        if (cents.stripTrailingZeros().scale() <= 0) return sign + "$" + String.format(Locale.ENGLISH, "%,d", cents.toBigInteger());
        return sign + "$" + String.format(Locale.ENGLISH, "%,.2f", cents);
    }
}
