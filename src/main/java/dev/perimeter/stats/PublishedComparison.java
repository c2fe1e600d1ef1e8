package dev.perimeter.stats;

import dev.perimeter.incident.PublishedFigure;
import dev.perimeter.incident.Vector;
import dev.perimeter.util.Slugs;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A published report's figures for a period beside the same figures computed from this database. Pure.
 * For counts and USD amounts, {@code coveragePct} = ours ÷ published × 100; for percentages,
 * {@code differencePoints} = ours − published (percentage points).
 */
public record PublishedComparison(String report, String period, String source, List<Row> rows,
                                  BigDecimal incidentCoveragePct, BigDecimal lossCoveragePct) {

    public record Row(String metric, String label, String unit, boolean approx, BigDecimal published, BigDecimal ours,
                      BigDecimal coveragePct, BigDecimal differencePoints) {}

    /** The order rows are shown in; metrics not listed follow, alphabetically. */
    static final List<String> ORDER = List.of("incidents", "total_loss_usd", "mean_loss_usd", "median_loss_usd",
            "top1_loss_usd", "top1_share", "top2_loss_usd", "top2_share", "top5_loss_usd", "top5_share");

    /**
     * One comparison per report that published figures for this period; empty when none did.
     * {@code protocolLoss}: the largest known loss of a protocol (by slug) in the period, or null.
     */
    public static List<PublishedComparison> of(PeriodStats stats, List<PublishedFigure> figures,
                                               Function<String, BigDecimal> protocolLoss) {
        Map<String, List<PublishedFigure>> byReport = new LinkedHashMap<>();
        for (PublishedFigure f : figures) {
            if (f.period().equals(stats.period().label())) byReport.computeIfAbsent(f.report(), x -> new ArrayList<>()).add(f);
        }
        List<PublishedComparison> out = new ArrayList<>();
        for (var e : byReport.entrySet()) {
            List<PublishedFigure> fs = new ArrayList<>(e.getValue());
            fs.sort(Comparator.comparingInt((PublishedFigure f) -> {
                int i = ORDER.indexOf(f.metric());
                return i < 0 ? ORDER.size() : i;
            }).thenComparing(PublishedFigure::metric));
            List<Row> rows = new ArrayList<>();
            BigDecimal countCov = null, lossCov = null;
            for (PublishedFigure f : fs) {
                BigDecimal ours = ours(f.metric(), stats, protocolLoss);
                boolean percent = "percent".equals(f.unit());
                BigDecimal cov = percent ? null : StatsEngine.pct(ours, f.value());
                BigDecimal diff = percent && ours != null ? ours.subtract(f.value()) : null;
                rows.add(new Row(f.metric(), f.label(), f.unit(), f.approx(), f.value(), ours, cov, diff));
                if (f.metric().equals("incidents")) countCov = cov;
                if (f.metric().equals("total_loss_usd")) lossCov = cov;
            }
            out.add(new PublishedComparison(e.getKey(), stats.period().label(), fs.get(0).source(), rows, countCov, lossCov));
        }
        return out;
    }

    /**
     * Our figure for a published metric, or null when we cannot compute it. Understood metrics: incidents,
     * total/mean/median_loss_usd, top{k}_loss_usd, top{k}_share, {vector}_incidents, {vector}_incident_share,
     * {vector}_loss_usd, {vector}_loss_share, attributed_{actor}_usd, attributed_{actor}_share and
     * {protocol-slug}_loss_usd (the largest incident of that protocol in the period).
     */
    static BigDecimal ours(String metric, PeriodStats s, Function<String, BigDecimal> protocolLoss) {
        switch (metric) {
            case "incidents": return BigDecimal.valueOf(s.incidents());
            case "total_loss_usd": return s.totalUsd();
            case "mean_loss_usd": return s.meanUsd();
            case "median_loss_usd": return s.medianUsd();
            case "p90_loss_usd": return s.p90Usd();
            case "max_loss_usd": return s.maxUsd();
            default: break;
        }
        var top = java.util.regex.Pattern.compile("top(\\d+)_(loss_usd|share)").matcher(metric);
        if (top.matches()) {
            PeriodStats.Concentration c = s.top(Integer.parseInt(top.group(1)));
            if (c == null) return null;
            return top.group(2).equals("share") ? c.sharePct() : c.lossUsd();
        }
        for (Vector v : Vector.values()) {
            PeriodStats.VectorShare vs = s.vector(v);
            if (metric.equals(v.code + "_incidents")) return BigDecimal.valueOf(vs.incidents());
            if (metric.equals(v.code + "_incident_share")) return vs.incidentSharePct();
            if (metric.equals(v.code + "_loss_usd")) return vs.lossUsd();
            if (metric.equals(v.code + "_loss_share")) return vs.lossSharePct();
        }
        var attr = java.util.regex.Pattern.compile("attributed_([a-z0-9_]+)_(usd|share)").matcher(metric);
        if (attr.matches()) {
            String key = attr.group(1).replace('_', '-');
            BigDecimal loss = null;
            boolean found = false;
            for (PeriodStats.Actor a : s.attribution().actors()) {
                if (!Slugs.slug(a.actor()).contains(key)) continue;
                found = true;
                if (a.lossUsd() != null) loss = loss == null ? a.lossUsd() : loss.add(a.lossUsd());
            }
            if (!found) return s.totalUsd() == null ? null : attr.group(2).equals("usd") ? BigDecimal.ZERO : StatsEngine.pct(BigDecimal.ZERO, s.totalUsd());
            return attr.group(2).equals("usd") ? loss : StatsEngine.pct(loss, s.totalUsd());
        }
        if (metric.endsWith("_loss_usd")) {
            return protocolLoss.apply(metric.substring(0, metric.length() - "_loss_usd".length()).replace('_', '-'));
        }
        return null;
    }
}
