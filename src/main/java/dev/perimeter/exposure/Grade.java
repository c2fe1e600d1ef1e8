package dev.perimeter.exposure;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The wallet grade, A to F, from a published and versioned formula over the listed findings — nothing hidden. Formula v2
 * (explained on /about/grade):
 * <ol>
 * <li>Only findings the viewer has not dismissed count, and only risks (info notes never do).</li>
 * <li>F when any finding is critical; D when any is high; C when any is medium, or when low findings cover at least half
 * of the priced value; B when any finding is low; A otherwise.</li>
 * <li>Recency is part of each finding's severity: an incident within the last 12 months raises it (see each kind's rule).</li>
 * <li>v2 (issue 21): {@code control_risk} findings — who can upgrade a holding or an approved spender, what verifies its
 * bridge, read on-chain under the rules of /about/control — count like any other finding of their severity, and the
 * summary says how many of the findings that set the grade are control risks.</li>
 * </ol>
 * The same findings and priced values always give the same grade.
 * @param because the keys of the findings that set the grade
 * @param summary one sentence: why this letter
 */
public record Grade(String letter, String formula, List<String> because, String summary) {
    public static final String FORMULA = "v2";
    /** Share of priced value that low findings must cover to make a C (formula v1). */
    public static final BigDecimal LOW_SHARE_FOR_C = new BigDecimal("50");

    public static Grade of(List<Finding> findings, BigDecimal exposedUsd, BigDecimal totalUsd) {
        List<Finding> live = findings.stream().filter(f -> !f.dismissed() && f.severity() != Severity.INFO).toList();
        for (Severity s : new Severity[] {Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM}) {
            List<String> keys = keysAt(live, s);
            if (!keys.isEmpty()) {
                String letter = s == Severity.CRITICAL ? "F" : s == Severity.HIGH ? "D" : "C";
                return new Grade(letter, FORMULA, keys, keys.size() + " " + s.code() + " finding" + (keys.size() == 1 ? "" : "s")
                        + " not dismissed" + control(live, s) + ": " + letter + ".");
            }
        }
        List<String> lows = keysAt(live, Severity.LOW);
        if (lows.isEmpty()) return new Grade("A", FORMULA, List.of(), "No risk finding is open (info notes do not count): A.");
        BigDecimal share = exposedUsd == null || totalUsd == null || totalUsd.signum() == 0 ? null
                : exposedUsd.multiply(BigDecimal.valueOf(100)).divide(totalUsd, 2, RoundingMode.HALF_UP);
        if (share != null && share.compareTo(LOW_SHARE_FOR_C) >= 0) {
            return new Grade("C", FORMULA, lows, "Only low findings" + control(live, Severity.LOW) + ", but they cover "
                    + share.stripTrailingZeros().toPlainString() + "% of the priced value (at least " + LOW_SHARE_FOR_C + "%): C.");
        }
        return new Grade("B", FORMULA, lows, lows.size() + " low finding" + (lows.size() == 1 ? "" : "s") + " not dismissed" + control(live, Severity.LOW)
                + (share == null ? "" : ", covering " + share.stripTrailingZeros().toPlainString() + "% of the priced value") + ": B.");
    }

    /** " (2 of them control risks: who can upgrade a holding or what verifies its bridge)" when any finding at s is one. */
    private static String control(List<Finding> live, Severity s) {
        long n = live.stream().filter(f -> f.severity() == s && f.kind() == FindingKind.CONTROL_RISK).count();
        if (n == 0) return "";
        return " (" + (n == 1 ? "1 of them a control risk" : n + " of them control risks")
                + ": who can upgrade a holding or what verifies its bridge, read on-chain)";
    }

    private static List<String> keysAt(List<Finding> live, Severity s) {
        List<String> out = new ArrayList<>();
        for (Finding f : live) if (f.severity() == s) out.add(f.key());
        return out;
    }
}
