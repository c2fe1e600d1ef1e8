package dev.perimeter.stats;

import dev.perimeter.incident.Vector;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The statistics of a period, as the seed article reads a semester: count, total, mean AND median, p90, max,
 * concentration in a few incidents, split by vector and by chain, attribution, funds returned, and change against
 * an earlier period. Pure: no I/O, no clock, no state; the same rows always give the same figures.
 *
 * <p>Definitions:
 * <ul>
 *   <li>USD figures use only incidents with a known USD loss ({@code lossUsd != null}); the others are counted
 *       in {@code incidents} and reported as excluded.</li>
 *   <li>mean = total ÷ (incidents with a known loss), rounded half-up to cents.</li>
 *   <li>median = the middle known loss; for an even count, the mean of the two middle values (exact).</li>
 *   <li>p90 = nearest-rank 90th percentile: sort the n known losses ascending and take the value at 1-based rank
 *       ⌈0.9 × n⌉ (n = 1 → the only value; n = 10 → the 9th; n = 11 → the 10th). It is always an observed loss.</li>
 *   <li>mean ÷ median = total ÷ (n × median), from exact values; null when the median is 0.</li>
 *   <li>shares are percentages 0..100 with 8 decimals (half-even), rounded only when displayed.</li>
 *   <li>top-k concentration: the k largest known losses (ties broken by earlier date, then id), their sum ÷ total.</li>
 *   <li>rank of a loss = 1 + the number of strictly larger known losses in the period (ties share the rank).</li>
 * </ul>
 */
public final class StatsEngine {
    public static final List<Integer> TOPS = List.of(1, 2, 5);
    public static final int LARGEST = 10;
    static final int PCT_SCALE = 8;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final BigDecimal TWO = BigDecimal.valueOf(2);
    /** Lower bounds of the loss distribution buckets: $0, $1K, $10K ... $1B. */
    static final List<BigDecimal> BUCKETS = List.of(BigDecimal.ZERO, new BigDecimal("1000"), new BigDecimal("10000"),
            new BigDecimal("100000"), new BigDecimal("1000000"), new BigDecimal("10000000"), new BigDecimal("100000000"),
            new BigDecimal("1000000000"));

    /** Largest first; equal losses by earlier date, then id: deterministic. */
    static final Comparator<IncidentRow> LARGEST_FIRST = Comparator.comparing(IncidentRow::lossUsd, Comparator.reverseOrder())
            .thenComparing(IncidentRow::date).thenComparing(IncidentRow::id);

    private StatsEngine() {}

    /** The statistics of {@code period} over those {@code rows} whose date lies in it (others are ignored). */
    public static PeriodStats compute(Period period, List<IncidentRow> rows) {
        List<IncidentRow> in = new ArrayList<>();
        for (IncidentRow r : rows) if (period.contains(r.date())) in.add(r);
        int n = in.size();

        List<IncidentRow> known = new ArrayList<>();
        for (IncidentRow r : in) if (r.hasUsd()) known.add(r);
        known.sort(LARGEST_FIRST);
        int k = known.size();
        List<BigDecimal> asc = new ArrayList<>(k);
        for (int i = k - 1; i >= 0; i--) asc.add(known.get(i).lossUsd());

        BigDecimal total = null, mean = null, median = null, p90 = null, max = null, meanToMedian = null;
        if (k > 0) {
            total = BigDecimal.ZERO;
            for (BigDecimal x : asc) total = total.add(x);
            mean = total.divide(BigDecimal.valueOf(k), 2, RoundingMode.HALF_UP);
            median = median(asc);
            p90 = nearestRank(asc, 90);
            max = asc.get(k - 1);
            meanToMedian = median.signum() == 0 ? null
                    : total.divide(median.multiply(BigDecimal.valueOf(k)), PCT_SCALE, RoundingMode.HALF_EVEN);
        }

        List<PeriodStats.Concentration> concentration = new ArrayList<>();
        for (int top : TOPS) {
            List<PeriodStats.Named> names = new ArrayList<>();
            BigDecimal sum = BigDecimal.ZERO;
            for (int i = 0; i < Math.min(top, k); i++) {
                names.add(named(known.get(i)));
                sum = sum.add(known.get(i).lossUsd());
            }
            concentration.add(new PeriodStats.Concentration(top, names, k == 0 ? null : sum, pct(k == 0 ? null : sum, total)));
        }

        List<PeriodStats.VectorShare> vectors = vectorShares(in, total);

        Map<String, PeriodStats.ChainShare> byChain = new LinkedHashMap<>();
        for (IncidentRow r : in) {
            List<String> cs = r.chains().isEmpty() ? List.of("unknown") : r.chains();
            for (String c : cs) {
                byChain.merge(c, new PeriodStats.ChainShare(c, 1, r.hasUsd() ? 1 : 0,
                        r.hasUsd() ? BigDecimal.ZERO.add(r.lossUsd()) : BigDecimal.ZERO), StatsEngine::plus);
            }
        }
        List<PeriodStats.ChainShare> chains = new ArrayList<>(byChain.values());
        chains.sort(Comparator.comparing(PeriodStats.ChainShare::lossUsd, Comparator.reverseOrder())
                .thenComparing(PeriodStats.ChainShare::incidents, Comparator.reverseOrder())
                .thenComparing(PeriodStats.ChainShare::chain));

        int attributed = 0;
        BigDecimal attributedLoss = BigDecimal.ZERO;
        Map<String, Tally> byActor = new LinkedHashMap<>();
        for (IncidentRow r : in) {
            if (!r.sourcedAttribution()) continue;
            attributed++;
            if (r.hasUsd()) attributedLoss = attributedLoss.add(r.lossUsd());
            byActor.merge(actor(r.attribution()), new Tally(1, r.hasUsd() ? BigDecimal.ZERO.add(r.lossUsd()) : BigDecimal.ZERO), Tally::plus);
        }
        List<PeriodStats.Actor> actors = new ArrayList<>();
        for (var e : byActor.entrySet()) {
            BigDecimal l = total == null ? null : e.getValue().lossUsd();
            actors.add(new PeriodStats.Actor(e.getKey(), e.getValue().incidents(), l, pct(l, total)));
        }
        actors.sort(Comparator.comparing((PeriodStats.Actor a) -> a.lossUsd() == null ? BigDecimal.ZERO : a.lossUsd(),
                Comparator.reverseOrder()).thenComparing(PeriodStats.Actor::actor));
        BigDecimal attrLoss = total == null ? null : attributedLoss;
        PeriodStats.Attribution attribution = new PeriodStats.Attribution(attributed, attrLoss, pct(attrLoss, total), actors);

        int withReturns = 0;
        BigDecimal returned = BigDecimal.ZERO;
        for (IncidentRow r : known) {
            BigDecimal back = r.returnedCapped();
            if (back != null && back.signum() > 0) {
                withReturns++;
                returned = returned.add(back);
            }
        }
        PeriodStats.Returns returns = new PeriodStats.Returns(withReturns, total == null ? null : returned,
                total == null ? null : total.subtract(returned));

        List<PeriodStats.Bucket> distribution = new ArrayList<>();
        for (int b = 0; b < BUCKETS.size(); b++) {
            BigDecimal lo = BUCKETS.get(b), hi = b + 1 < BUCKETS.size() ? BUCKETS.get(b + 1) : null;
            int count = 0;
            BigDecimal loss = BigDecimal.ZERO;
            for (BigDecimal x : asc) {
                if (x.compareTo(lo) >= 0 && (hi == null || x.compareTo(hi) < 0)) {
                    count++;
                    loss = loss.add(x);
                }
            }
            distribution.add(new PeriodStats.Bucket(lo, hi, count, loss));
        }

        List<PeriodStats.Ranked> largest = new ArrayList<>();
        for (int i = 0; i < Math.min(LARGEST, k); i++) {
            IncidentRow r = known.get(i);
            int rank = 1;
            while (rank - 1 < i && known.get(rank - 1).lossUsd().compareTo(r.lossUsd()) > 0) rank++;
            largest.add(new PeriodStats.Ranked(rank, named(r), pct(r.lossUsd(), total), ratio(r.lossUsd(), median)));
        }

        return new PeriodStats(period, n, k, total, mean, median, p90, max, meanToMedian, concentration, vectors, chains,
                attribution, returns, distribution, largest, asc);
    }

    /** Median of an ascending list: the middle value, or the exact mean of the two middle values. */
    static BigDecimal median(List<BigDecimal> asc) {
        int k = asc.size();
        if (k == 0) return null;
        if (k % 2 == 1) return asc.get(k / 2);
        return asc.get(k / 2 - 1).add(asc.get(k / 2)).divide(TWO);
    }

    /** Nearest-rank percentile of an ascending list: the value at 1-based rank ⌈p/100 × n⌉. */
    static BigDecimal nearestRank(List<BigDecimal> asc, int p) {
        int n = asc.size();
        if (n == 0) return null;
        int rank = (p * n + 99) / 100; // ceil(p*n/100) in integers
        return asc.get(Math.max(1, rank) - 1);
    }

    /** part ÷ whole × 100, 8 decimals; null when either is null or whole is 0. */
    public static BigDecimal pct(BigDecimal part, BigDecimal whole) {
        if (part == null || whole == null || whole.signum() == 0) return null;
        return part.multiply(HUNDRED).divide(whole, PCT_SCALE, RoundingMode.HALF_EVEN);
    }

    /** a ÷ b, 8 decimals; null when either is null or b is 0. */
    public static BigDecimal ratio(BigDecimal a, BigDecimal b) {
        if (a == null || b == null || b.signum() == 0) return null;
        return a.divide(b, PCT_SCALE, RoundingMode.HALF_EVEN);
    }

    /**
     * The actor of an attribution text: the words before the first comma or semicolon, e.g.
     * "North Korea (Lazarus-linked actors), attributed by TRM Labs; denied by North Korea" → "North Korea (Lazarus-linked actors)".
     */
    public static String actor(String attribution) {
        String a = attribution.trim();
        int cut = a.length();
        for (char c : new char[] {',', ';'}) {
            int i = a.indexOf(c);
            if (i > 0 && i < cut) cut = i;
        }
        return a.substring(0, cut).trim();
    }

    /** Change from {@code earlier} to {@code current}: count, total and median, as difference, % and ×. */
    public static Change change(PeriodStats current, PeriodStats earlier) {
        return new Change(earlier.period().label(),
                Change.Delta.of(BigDecimal.valueOf(earlier.incidents()), BigDecimal.valueOf(current.incidents())),
                Change.Delta.of(earlier.totalUsd(), current.totalUsd()),
                Change.Delta.of(earlier.medianUsd(), current.medianUsd()));
    }

    static PeriodStats.Named named(IncidentRow r) {
        return new PeriodStats.Named(r.id(), r.protocolSlug(), r.protocolName(), r.date(), r.lossUsd(), r.vector());
    }


    /**
     * One row per vector, in {@link Vector} order, zeros included: incidents and their share of all rows, and the known
     * losses and their share of {@code total} (null when no loss is known).
     */
    static List<PeriodStats.VectorShare> vectorShares(List<IncidentRow> rows, BigDecimal total) {
        int n = rows.size();
        List<PeriodStats.VectorShare> vectors = new ArrayList<>();
        for (Vector v : Vector.values()) {
            int count = 0, withUsd = 0;
            BigDecimal loss = BigDecimal.ZERO;
            for (IncidentRow r : rows) {
                if (r.vector() != v) continue;
                count++;
                if (r.hasUsd()) {
                    withUsd++;
                    loss = loss.add(r.lossUsd());
                }
            }
            BigDecimal vLoss = total == null ? null : loss;
            vectors.add(new PeriodStats.VectorShare(v, count, n == 0 ? null : pct(BigDecimal.valueOf(count), BigDecimal.valueOf(n)),
                    withUsd, vLoss, pct(vLoss, total)));
        }
        return vectors;
    }

    /** Incidents and their summed known loss (what one actor's row counts). */
    private record Tally(int incidents, BigDecimal lossUsd) {
        Tally plus(Tally o) {
            return new Tally(incidents + o.incidents, lossUsd.add(o.lossUsd));
        }
    }

    private static PeriodStats.ChainShare plus(PeriodStats.ChainShare a, PeriodStats.ChainShare b) {
        return new PeriodStats.ChainShare(a.chain(), a.incidents() + b.incidents(), a.incidentsWithUsd() + b.incidentsWithUsd(),
                a.lossUsd().add(b.lossUsd()));
    }
}
