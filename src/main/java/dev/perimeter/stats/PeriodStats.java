package dev.perimeter.stats;

import dev.perimeter.incident.Vector;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;

/**
 * Every figure of one period, as computed by {@link StatsEngine#compute}. Money is exact BigDecimal (the mean is
 * rounded to cents); percentages are 0..100 with 8 decimals and are rounded only for display. Every USD figure
 * uses only the incidents with a known USD loss; {@link #excludedUnknownUsd()} says how many were left out.
 * A figure that cannot be computed (no incident with a known loss, a zero denominator) is null, never zero.
 */
public record PeriodStats(
        Period period,
        int incidents,
        int incidentsWithUsd,
        BigDecimal totalUsd,
        BigDecimal meanUsd,
        BigDecimal medianUsd,
        BigDecimal p90Usd,
        BigDecimal maxUsd,
        BigDecimal meanToMedian,
        List<Concentration> concentration,
        List<VectorShare> vectors,
        List<ChainShare> chains,
        Attribution attribution,
        Returns returns,
        List<Bucket> distribution,
        List<Ranked> largest,
        List<BigDecimal> lossesAscending) {

    /** An incident named in a top list. */
    public record Named(String id, String protocolSlug, String protocolName, LocalDate date, BigDecimal lossUsd, Vector vector) {}

    /** The largest {@code top} incidents (fewer when fewer have a known loss) and their share of the total. */
    public record Concentration(int top, List<Named> incidents, BigDecimal lossUsd, BigDecimal sharePct) {}

    public record VectorShare(Vector vector, int incidents, BigDecimal incidentSharePct, int incidentsWithUsd,
                              BigDecimal lossUsd, BigDecimal lossSharePct) {}

    /** chain "unknown" collects incidents whose chain is not recorded. An incident on several chains counts in each. */
    public record ChainShare(String chain, int incidents, int incidentsWithUsd, BigDecimal lossUsd) {}

    public record Actor(String actor, int incidents, BigDecimal lossUsd, BigDecimal lossSharePct) {}

    /** Only incidents whose attribution carries a source count as attributed. */
    public record Attribution(int incidents, BigDecimal lossUsd, BigDecimal lossSharePct, List<Actor> actors) {}

    /** Funds returned (capped at each incident's loss) and the net loss, over incidents with a known loss. */
    public record Returns(int incidentsWithReturns, BigDecimal fundsReturnedUsd, BigDecimal netLossUsd) {}

    /** Incidents whose loss is in [fromUsd, toUsd); toUsd null = no upper bound. */
    public record Bucket(BigDecimal fromUsd, BigDecimal toUsd, int incidents, BigDecimal lossUsd) {}

    public record Ranked(int rank, Named incident, BigDecimal sharePct, BigDecimal multipleOfMedian) {}

    /**
     * Where a loss stands in this period: rank = 1 + the number of strictly larger losses (ties share a rank),
     * {@code tied} = how many incidents have exactly this loss (1 = no tie).
     */
    public record Position(int rank, int tied, int rankedOf, BigDecimal sharePct, BigDecimal multipleOfMedian) {}

    public PeriodStats {
        concentration = List.copyOf(concentration);
        vectors = List.copyOf(vectors);
        chains = List.copyOf(chains);
        distribution = List.copyOf(distribution);
        largest = List.copyOf(largest);
        lossesAscending = Collections.unmodifiableList(lossesAscending);
    }

    public int excludedUnknownUsd() {
        return incidents - incidentsWithUsd;
    }

    public boolean empty() {
        return incidents == 0;
    }

    public Concentration top(int k) {
        for (Concentration c : concentration) if (c.top() == k) return c;
        return null;
    }

    public VectorShare vector(Vector v) {
        for (VectorShare s : vectors) if (s.vector() == v) return s;
        return null;
    }

    /** The position of a known loss among this period's known losses; null for an unknown loss or an empty period. */
    public Position position(BigDecimal loss) {
        if (loss == null || lossesAscending.isEmpty()) return null;
        int lower = bound(loss, false);
        int upper = bound(loss, true);
        int greater = lossesAscending.size() - upper;
        return new Position(greater + 1, Math.max(1, upper - lower), lossesAscending.size(),
                StatsEngine.pct(loss, totalUsd), StatsEngine.ratio(loss, medianUsd));
    }

    /** First index whose value is >= loss (or > loss when strict). */
    private int bound(BigDecimal loss, boolean strict) {
        int lo = 0, hi = lossesAscending.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            int c = lossesAscending.get(mid).compareTo(loss);
            if (c < 0 || (strict && c == 0)) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
