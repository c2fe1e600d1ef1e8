package dev.perimeter.stats;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/** Words and numbers for sentences about statistics. Display only: the figures themselves stay exact. */
public final class Format {
    private Format() {}

    /** 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 102nd ... */
    public static String ordinal(int n) {
        int mod100 = n % 100, mod10 = n % 10;
        String suffix = mod100 >= 11 && mod100 <= 13 ? "th" : mod10 == 1 ? "st" : mod10 == 2 ? "nd" : mod10 == 3 ? "rd" : "th";
        return n + suffix;
    }

    /** 29.8% ; 0.4% ; 100% — one decimal, trailing zero dropped; "—" for null. */
    public static String pct(BigDecimal p) {
        if (p == null) return "—";
        return p.setScale(1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + "%";
    }

    /** Signed percent change: +149.4% / −58.3% / ±0%. */
    public static String change(BigDecimal p) {
        if (p == null) return "—";
        BigDecimal r = p.setScale(1, RoundingMode.HALF_UP);
        String body = r.abs().stripTrailingZeros().toPlainString() + "%";
        return r.signum() > 0 ? "+" + body : r.signum() < 0 ? "−" + body : "±0%";
    }

    /** 0.35× ; 2.5× ; 133× ; 1,333× — more decimals for small multiples, none for large ones. */
    public static String multiple(BigDecimal m) {
        if (m == null) return "—";
        BigDecimal a = m.abs();
        if (a.compareTo(BigDecimal.ONE) < 0) return m.setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + "×";
        if (a.compareTo(BigDecimal.TEN) < 0) return m.setScale(1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + "×";
        return String.format(Locale.ENGLISH, "%,d", m.setScale(0, RoundingMode.HALF_UP).toBigInteger()) + "×";
    }

    static String contextSentence(PeriodStats.Position p, String label) {
        StringBuilder sb = new StringBuilder();
        if (p.tied() > 1) sb.append("tied ");
        sb.append(p.rank() == 1 && p.tied() == 1 ? "largest" : ordinal(p.rank()) + " largest")
                .append(" of ").append(p.rankedOf()).append(" incidents with a known loss in ").append(label);
        if (p.sharePct() != null) sb.append(", ").append(pct(p.sharePct())).append(" of the semester's losses");
        if (p.multipleOfMedian() != null) sb.append(", ").append(multiple(p.multipleOfMedian())).append(" the semester median");
        return sb.toString();
    }
}
