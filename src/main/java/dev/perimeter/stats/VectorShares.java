package dev.perimeter.stats;

import dev.perimeter.incident.Vector;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Per calendar year (UTC): incidents and USD losses by vector with their shares, and the share of incidents whose USD
 * loss is unknown — the lesson of the statistics pages (few infrastructure incidents, most of the losses) and how much
 * of it the data can show. Pure: the same rows always give the same table. Shares follow {@link StatsEngine}: 0..100,
 * 8 decimals, half-even; a loss share is over the incidents with a known loss only, null when no loss is known.
 */
public final class VectorShares {
    /**
     * One year.
     * @param nullUsd         incidents without a known USD loss
     * @param nullUsdSharePct nullUsd ÷ incidents × 100 (null when there are no incidents)
     * @param totalUsd        the known losses summed (null when none is known)
     * @param vectors         one row per vector, in {@link Vector} order, zeros included
     */
    public record Year(int year, int incidents, int incidentsWithUsd, int nullUsd, BigDecimal nullUsdSharePct, BigDecimal totalUsd,
                       List<PeriodStats.VectorShare> vectors) {
        public PeriodStats.VectorShare vector(Vector v) {
            return vectors.stream().filter(s -> s.vector() == v).findFirst().orElseThrow();
        }
    }

    private VectorShares() {}

    /** Every year that has an incident, oldest first. */
    public static List<Year> byYear(List<IncidentRow> rows) {
        TreeMap<Integer, List<IncidentRow>> years = new TreeMap<>();
        for (IncidentRow r : rows) years.computeIfAbsent(r.date().getYear(), y -> new ArrayList<>()).add(r);
        List<Year> out = new ArrayList<>();
        years.forEach((y, l) -> out.add(of(y, l)));
        return List.copyOf(out);
    }

    /** The figures of {@code rows}, labelled {@code year} (rows are not filtered by it). */
    public static Year of(int year, List<IncidentRow> rows) {
        int n = rows.size(), known = 0;
        BigDecimal total = null;
        for (IncidentRow r : rows) {
            if (!r.hasUsd()) continue;
            known++;
            total = total == null ? r.lossUsd() : total.add(r.lossUsd());
        }
        List<PeriodStats.VectorShare> vectors = StatsEngine.vectorShares(rows, total);
        return new Year(year, n, known, n - known, StatsEngine.pct(BigDecimal.valueOf(n - known), BigDecimal.valueOf(n)), total,
                List.copyOf(vectors));
    }
}
