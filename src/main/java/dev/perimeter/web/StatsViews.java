package dev.perimeter.web;

import dev.perimeter.stats.Format;
import dev.perimeter.stats.PeriodStats;

import java.math.BigDecimal;

/** Formatting helpers for the statistics and protocol templates (${sv.…}); stateless. Display only. */
public final class StatsViews {
    public String pct(BigDecimal p) {
        return Format.pct(p);
    }

    public String change(BigDecimal p) {
        return Format.change(p);
    }

    public String multiple(BigDecimal m) {
        return Format.multiple(m);
    }

    public String ordinal(int n) {
        return Format.ordinal(n);
    }

    public String bucket(PeriodStats.Bucket b) {
        return StatsCharts.bucketLabel(b);
    }

    /** A count or money delta with its sign: +124 / −1,328,000,000. */
    public String signedNum(BigDecimal x) {
        if (x == null) return "—";
        String body = String.format(java.util.Locale.ENGLISH, "%,d", x.abs().setScale(0, java.math.RoundingMode.HALF_UP).toBigInteger());
        return x.signum() > 0 ? "+" + body : x.signum() < 0 ? "−" + body : "0";
    }

    public String signedUsd(BigDecimal x) {
        if (x == null) return "—";
        String body = new Views().usd(x.abs());
        return x.signum() > 0 ? "+" + body : x.signum() < 0 ? "−" + body : "$0";
    }

    /** A published figure as it was published: ~$643M, 66%, 207. */
    public String figure(BigDecimal value, String unit, boolean approx) {
        if (value == null) return "—";
        String s = switch (unit) {
            case "usd" -> new Views().usd(value);
            case "percent" -> Format.pct(value);
            default -> value.stripTrailingZeros().toPlainString();
        };
        return (approx ? "~" : "") + s;
    }

    /** Our figure in the unit of a published one. */
    public String ours(BigDecimal value, String unit) {
        if (value == null) return "not computed";
        return switch (unit) {
            case "usd" -> new Views().usd(value);
            case "percent" -> Format.pct(value);
            default -> value.stripTrailingZeros().toPlainString();
        };
    }

    /** Percentage points with sign: +3.2 pp. */
    public String points(BigDecimal p) {
        if (p == null) return "—";
        BigDecimal r = p.setScale(1, java.math.RoundingMode.HALF_UP);
        String body = r.abs().stripTrailingZeros().toPlainString() + " pp";
        return r.signum() > 0 ? "+" + body : r.signum() < 0 ? "−" + body : "±0 pp";
    }

    /** The largest k incidents' share of the known losses, formatted. */
    public String topShare(PeriodStats s, int k) {
        PeriodStats.Concentration c = s.top(k);
        return c == null ? "—" : Format.pct(c.sharePct());
    }

    /** A vector's share of the known losses, formatted; code as in Vector (infrastructure, smart_contract, other). */
    public String vectorLossShare(PeriodStats s, String code) {
        return dev.perimeter.incident.Vector.parse(code).map(s::vector).map(v -> Format.pct(v.lossSharePct())).orElse("—");
    }

    /** One plain sentence on what the mean ÷ median ratio says. */
    public String reading(PeriodStats s) {
        if (s.meanToMedian() == null) return "";
        String m = Format.multiple(s.meanToMedian());
        if (s.meanToMedian().compareTo(BigDecimal.TEN) >= 0) {
            return "The mean loss is " + m + " the median: a few very large incidents pull the mean far above the typical"
                    + " incident, so read the two together.";
        }
        if (s.meanToMedian().compareTo(BigDecimal.valueOf(3)) >= 0) {
            return "The mean loss is " + m + " the median: larger incidents pull the mean well above the typical incident.";
        }
        return "The mean loss is " + m + " the median: losses are fairly even, no single incident dominates the mean.";
    }

    public record LabeledChange(String note, dev.perimeter.stats.Change change) {}

    /** The comparisons of a semester report that exist, labelled. */
    public java.util.List<LabeledChange> changes(dev.perimeter.stats.StatsService.SemesterReport r) {
        java.util.List<LabeledChange> out = new java.util.ArrayList<>();
        if (r.vsYearEarlier() != null) out.add(new LabeledChange("a year earlier", r.vsYearEarlier()));
        if (r.vsPrevious() != null) out.add(new LabeledChange("previous semester", r.vsPrevious()));
        return out;
    }

    /** "Coverage: this database holds 101 incidents for 2026-H1, 48.8% of the 207 the report counts, and 61% of its total losses." */
    public String coverage(dev.perimeter.stats.PublishedComparison p, PeriodStats s) {
        BigDecimal publishedCount = null, publishedTotal = null;
        for (var row : p.rows()) {
            if (row.metric().equals("incidents")) publishedCount = row.published();
            if (row.metric().equals("total_loss_usd")) publishedTotal = row.published();
        }
        StringBuilder sb = new StringBuilder("Coverage: this database holds ")
                .append(String.format(java.util.Locale.ENGLISH, "%,d", s.incidents())).append(" incident")
                .append(s.incidents() == 1 ? "" : "s").append(" for ").append(p.period());
        if (publishedCount != null) {
            sb.append(", ").append(Format.pct(p.incidentCoveragePct())).append(" of the ")
                    .append(publishedCount.stripTrailingZeros().toPlainString()).append(" the report counts");
        }
        if (publishedTotal != null) {
            sb.append(p.lossCoveragePct() == null ? ", and no known losses against the report's " + new Views().usd(publishedTotal)
                    : ", and " + new Views().usd(s.totalUsd()) + " of known losses, " + Format.pct(p.lossCoveragePct())
                    + " of the report's " + new Views().usd(publishedTotal));
        }
        return sb.append('.').toString();
    }
}
