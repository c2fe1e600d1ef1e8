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

    /**
     * The remaining difference in words, from the figures themselves: how many incidents the report has that this database
     * lacks, how many here have no USD figure, whether the largest incidents are in both, and the infrastructure shares.
     */
    public String difference(dev.perimeter.stats.PublishedComparison p, PeriodStats s) {
        java.util.Map<String, BigDecimal> pub = new java.util.HashMap<>();
        for (var row : p.rows()) pub.put(row.metric(), row.published());
        java.util.List<String> parts = new java.util.ArrayList<>();
        BigDecimal count = pub.get("incidents");
        if (count != null) {
            long missing = count.longValue() - s.incidents();
            parts.add(missing > 0
                    ? "the report counts " + num(count.longValue()) + " incidents and this database " + num(s.incidents())
                        + ", so about " + num(missing) + " of the report's incidents are in none of the public lists behind it"
                    : "this database holds at least as many incidents as the report counts (" + num(s.incidents()) + " vs "
                        + num(count.longValue()) + ")");
        }
        if (s.excludedUnknownUsd() > 0) {
            parts.add(num(s.excludedUnknownUsd()) + " of the " + num(s.incidents()) + " incidents here have no USD figure (their loss is"
                    + " stated in tokens, or the sources disagree by more than 10×): they are counted as incidents but add nothing"
                    + " to the totals, the mean or the median");
        }
        BigDecimal top2 = pub.get("top2_loss_usd");
        PeriodStats.Concentration ours2 = s.top(2);
        if (top2 != null && ours2 != null && ours2.lossUsd() != null && s.totalUsd() != null) {
            BigDecimal pubTotal = pub.get("total_loss_usd");
            String names = ours2.incidents().stream().map(PeriodStats.Named::protocolName).collect(java.util.stream.Collectors.joining(" and "));
            BigDecimal restOurs = s.totalUsd().subtract(ours2.lossUsd());
            String rest = pubTotal == null ? "" : "; beyond them this database holds " + new Views().usd(restOurs)
                    + " of known losses against the report's " + new Views().usd(pubTotal.subtract(top2)) + ", so most of the gap in"
                    + " dollars is in the smaller incidents the lists miss or cannot price";
            parts.add("the two largest incidents here (" + names + ", " + new Views().usd(ours2.lossUsd()) + ") compare with the report's "
                    + new Views().usd(top2) + " for its two largest" + rest);
        }
        BigDecimal infraInc = pub.get("infrastructure_incident_share"), infraLoss = pub.get("infrastructure_loss_share");
        PeriodStats.VectorShare infra = s.vector(dev.perimeter.incident.Vector.INFRASTRUCTURE);
        if (infraInc != null && infraLoss != null && infra != null) {
            parts.add("the report puts " + Format.pct(infraInc) + " of incidents and " + Format.pct(infraLoss) + " of losses on"
                    + " infrastructure (keys, signers, operators); here it is " + Format.pct(infra.incidentSharePct()) + " of incidents and "
                    + Format.pct(infra.lossSharePct()) + " of known losses — the same lesson, drawn from fewer incidents");
        }
        if (parts.isEmpty()) return "";
        StringBuilder sb = new StringBuilder("The remaining difference, in figures: ");
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) sb.append(i == parts.size() - 1 ? "; and " : "; ");
            sb.append(parts.get(i));
        }
        return sb.append('.').toString();
    }

    private static String num(long n) {
        return String.format(java.util.Locale.ENGLISH, "%,d", n);
    }
}
