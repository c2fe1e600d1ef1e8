package dev.perimeter.stats;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** How a period compares with an earlier one (the same semester a year before, or the previous semester). */
public record Change(String against, Delta incidents, Delta totalUsd, Delta medianUsd) {

    /**
     * from → to: diff = to − from, changePct = diff ÷ from × 100, multiple = to ÷ from (8 decimals).
     * Null where a value is unknown; changePct and multiple are null when {@code from} is 0.
     */
    public record Delta(BigDecimal from, BigDecimal to, BigDecimal diff, BigDecimal changePct, BigDecimal multiple) {
        public static Delta of(BigDecimal from, BigDecimal to) {
            if (from == null || to == null) return new Delta(from, to, null, null, null);
            BigDecimal diff = to.subtract(from);
            if (from.signum() == 0) return new Delta(from, to, diff, null, null);
            return new Delta(from, to, diff, StatsEngine.pct(diff, from),
                    to.divide(from, StatsEngine.PCT_SCALE, RoundingMode.HALF_EVEN));
        }
    }
}
