package dev.perimeter.web;

import dev.perimeter.incident.Vector;
import dev.perimeter.stats.PeriodStats;
import dev.perimeter.stats.ProtocolDetail;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Inline SVG charts as plain view models (rectangles, lines, texts, dots) that templates/stats-charts.html draws with
 * th: attributes — no markup is built as a string and nothing needs JavaScript. Bar lengths and positions that show a
 * value are computed from the BigDecimal value and only then formatted; doubles are used for pixel geometry alone
 * (slot widths, and the logarithm that places a value on a log axis). Every chart has a title and a description, and
 * the page shows a table with the same figures beside it.
 */
public final class StatsCharts {
    static final int W = 720, H = 240;
    static final int LEFT = 70, RIGHT = 14, TOP = 14, BOTTOM = 42;
    private static final Views VIEWS = new Views();

    private StatsCharts() {}

    public record Rect(String x, String y, String w, String h, String cls, String tip) {}

    public record Line(String x1, String y1, String x2, String y2, String cls) {}

    public record Text(String x, String y, String text, String anchor, String cls) {}

    public record Poly(String points, String cls) {}

    public record Dot(String cx, String cy, String r, String cls, String tip) {}

    public record Key(String label, String cls) {}

    public record Chart(String id, int width, int height, String title, String desc, List<Rect> rects, List<Line> lines,
                 List<Text> texts, List<Poly> polylines, List<Dot> dots, List<Key> legend) {
        public String viewBox() {
            return "0 0 " + width + " " + height;
        }
    }

    private static final class Builder {
        final List<Rect> rects = new ArrayList<>();
        final List<Line> lines = new ArrayList<>();
        final List<Text> texts = new ArrayList<>();
        final List<Poly> polys = new ArrayList<>();
        final List<Dot> dots = new ArrayList<>();
        final List<Key> legend = new ArrayList<>();

        Chart build(String id, int w, int h, String title, String desc) {
            return new Chart(id, w, h, title, desc, List.copyOf(rects), List.copyOf(lines), List.copyOf(texts),
                    List.copyOf(polys), List.copyOf(dots), List.copyOf(legend));
        }
    }

    // ---- /stats -------------------------------------------------------------------------------------------------

    static Chart incidentsPerSemester(List<PeriodStats> semesters) {
        List<BigDecimal> values = new ArrayList<>();
        for (PeriodStats s : semesters) values.add(BigDecimal.valueOf(s.incidents()));
        return bars("chart-incidents", "Incidents per semester",
                "Bar chart of the number of incidents recorded in each semester; the table below lists the same counts.",
                semesters, values, false, "bar-count");
    }

    static Chart lossesPerSemester(List<PeriodStats> semesters) {
        List<BigDecimal> values = new ArrayList<>();
        for (PeriodStats s : semesters) values.add(s.totalUsd() == null ? BigDecimal.ZERO : s.totalUsd());
        return bars("chart-losses", "Known losses per semester (USD)",
                "Bar chart of the total known USD loss of each semester; the table below lists the same totals.",
                semesters, values, true, "bar-loss");
    }

    private static Chart bars(String id, String title, String desc, List<PeriodStats> semesters, List<BigDecimal> values,
                              boolean usd, String cls) {
        Builder b = new Builder();
        BigDecimal max = niceCeil(values.stream().reduce(BigDecimal.ZERO, BigDecimal::max));
        double plotW = W - LEFT - RIGHT, plotH = H - TOP - BOTTOM;
        yAxisLinear(b, max, plotH, usd);
        int n = semesters.size();
        double slot = n == 0 ? plotW : plotW / n;
        for (int i = 0; i < n; i++) {
            BigDecimal v = values.get(i);
            String h = scale(v, max, plotH);
            double x = LEFT + i * slot + slot * 0.15;
            String label = semesters.get(i).period().label();
            b.rects.add(new Rect(d(x), sub(H - BOTTOM, h), d(slot * 0.7), h, cls,
                    label + ": " + (usd ? VIEWS.usd(v) : VIEWS.num(v.longValue()))));
        }
        xSemesterLabels(b, semesters, slot);
        return b.build(id, W, H, title, desc);
    }

    static Chart meanVsMedian(List<PeriodStats> semesters) {
        Builder b = new Builder();
        double plotW = W - LEFT - RIGHT, plotH = H - TOP - BOTTOM;
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
        for (PeriodStats s : semesters) {
            for (BigDecimal v : new BigDecimal[] {s.meanUsd(), s.medianUsd()}) {
                if (v == null || v.signum() <= 0) continue;
                lo = Math.min(lo, Math.floor(log10(v)));
                hi = Math.max(hi, Math.ceil(log10(v)));
            }
        }
        if (lo > hi) { lo = 3; hi = 6; }
        if (hi == lo) hi = lo + 1;
        for (int e = (int) lo; e <= (int) hi; e++) {
            double y = H - BOTTOM - (e - lo) / (hi - lo) * plotH;
            b.lines.add(new Line(d(LEFT), d(y), d(W - RIGHT), d(y), "grid"));
            b.texts.add(new Text(d(LEFT - 6), d(y + 4), VIEWS.usd(BigDecimal.TEN.pow(e)), "end", "axis"));
        }
        int n = semesters.size();
        double slot = n == 0 ? plotW : plotW / n;
        for (String which : new String[] {"mean", "median"}) {
            StringBuilder seg = new StringBuilder();
            for (int i = 0; i < n; i++) {
                PeriodStats s = semesters.get(i);
                BigDecimal v = which.equals("mean") ? s.meanUsd() : s.medianUsd();
                if (v == null || v.signum() <= 0) {
                    if (seg.length() > 0) b.polys.add(new Poly(seg.toString().trim(), "line-" + which));
                    seg.setLength(0);
                    continue;
                }
                double x = LEFT + i * slot + slot / 2;
                double y = H - BOTTOM - (log10(v) - lo) / (hi - lo) * plotH;
                seg.append(d(x)).append(',').append(d(y)).append(' ');
                b.dots.add(new Dot(d(x), d(y), "3", "dot-" + which, s.period().label() + " " + which + ": " + VIEWS.usd(v)));
            }
            if (seg.length() > 0) b.polys.add(new Poly(seg.toString().trim(), "line-" + which));
        }
        xSemesterLabels(b, semesters, slot);
        b.legend.add(new Key("mean loss", "key-mean"));
        b.legend.add(new Key("median loss", "key-median"));
        return b.build("chart-mean-median", W, H, "Mean vs median loss per semester (log scale)",
                "Two lines on a logarithmic USD axis: the mean and the median known loss of each semester. The gap between"
                        + " them shows how much a few large incidents pull the mean up; the table below lists both figures.");
    }

    static Chart vectorLossShares(List<PeriodStats> semesters) {
        Builder b = new Builder();
        double plotW = W - LEFT - RIGHT, plotH = H - TOP - BOTTOM;
        BigDecimal hundred = BigDecimal.valueOf(100);
        for (int p = 0; p <= 100; p += 25) {
            String y = sub(H - BOTTOM, scale(BigDecimal.valueOf(p), hundred, plotH));
            b.lines.add(new Line(d(LEFT), y, d(W - RIGHT), y, "grid"));
            b.texts.add(new Text(d(LEFT - 6), add(y, 4), p + "%", "end", "axis"));
        }
        int n = semesters.size();
        double slot = n == 0 ? plotW : plotW / n;
        for (int i = 0; i < n; i++) {
            PeriodStats s = semesters.get(i);
            double x = LEFT + i * slot + slot * 0.15;
            BigDecimal base = BigDecimal.ZERO;
            for (Vector v : Vector.values()) {
                PeriodStats.VectorShare vs = s.vector(v);
                if (vs == null || vs.lossSharePct() == null || vs.lossSharePct().signum() == 0) continue;
                String y = sub(H - BOTTOM, scale(base.add(vs.lossSharePct()), hundred, plotH));
                String h = scale(vs.lossSharePct(), hundred, plotH);
                b.rects.add(new Rect(d(x), y, d(slot * 0.7), h, "fill-" + v.code,
                        s.period().label() + " " + v.label + ": " + VIEWS.pct(vs.lossSharePct()) + " of known losses"));
                base = base.add(vs.lossSharePct());
            }
        }
        xSemesterLabels(b, semesters, slot);
        for (Vector v : Vector.values()) b.legend.add(new Key(v.label, "key-" + v.code));
        return b.build("chart-vectors", W, H, "Share of known losses by attack vector",
                "Stacked bars: for each semester, the share of its known USD losses from infrastructure / key compromises,"
                        + " smart-contract exploits and other vectors. The table below lists the infrastructure share.");
    }

    // ---- /stats/{semester} --------------------------------------------------------------------------------------

    static Chart distribution(PeriodStats s) {
        Builder b = new Builder();
        int w = 520;
        double plotW = w - LEFT - RIGHT, plotH = H - TOP - BOTTOM;
        List<PeriodStats.Bucket> buckets = s.distribution();
        BigDecimal max = niceCeil(BigDecimal.valueOf(buckets.stream().mapToInt(PeriodStats.Bucket::incidents).max().orElse(0)));
        yAxisLinear(b, max, plotH, false, w);
        double slot = plotW / buckets.size();
        for (int i = 0; i < buckets.size(); i++) {
            PeriodStats.Bucket k = buckets.get(i);
            String h = scale(BigDecimal.valueOf(k.incidents()), max, plotH);
            double x = LEFT + i * slot + slot * 0.12;
            String label = bucketLabel(k);
            b.rects.add(new Rect(d(x), sub(H - BOTTOM, h), d(slot * 0.76), h, "bar-count",
                    label + ": " + k.incidents() + " incident(s), " + VIEWS.usd(k.lossUsd()) + " in total"));
            b.texts.add(new Text(d(LEFT + i * slot + slot / 2), d(H - BOTTOM + 16), shortBucket(k), "middle", "axis"));
        }
        b.texts.add(new Text(d(LEFT + plotW / 2), d(H - 6), "loss per incident (USD)", "middle", "axis"));
        return b.build("chart-distribution", w, H, "How big were the incidents? Count by loss size",
                "Histogram of the incidents with a known loss by order of magnitude of the loss, from under $1K to $1B and"
                        + " more; the table beside it lists each bucket's count and total.");
    }

    static Chart vectorSplit(PeriodStats s) {
        Builder b = new Builder();
        int w = 600, rowH = 22, h = TOP + Vector.values().length * (2 * rowH + 14);
        int left = 150;
        double plotW = w - left - 150; // room on the right for the value text
        BigDecimal hundred = BigDecimal.valueOf(100);
        int y = TOP;
        for (Vector v : Vector.values()) {
            PeriodStats.VectorShare vs = s.vector(v);
            b.texts.add(new Text(d(left - 8), d(y + rowH + 4), v.label, "end", "label"));
            List<Share> bars = List.of(new Share(vs.incidentSharePct(), "of incidents"), new Share(vs.lossSharePct(), "of known losses"));
            for (int j = 0; j < bars.size(); j++) {
                Share bar = bars.get(j);
                BigDecimal p = bar.pct() == null ? BigDecimal.ZERO : bar.pct();
                String len = scale(p, hundred, plotW);
                int ry = y + j * rowH;
                b.rects.add(new Rect(d(left), d(ry), len, d(rowH - 4), (j == 0 ? "bar-share-count " : "") + "fill-" + v.code,
                        v.label + ": " + VIEWS.pct(bar.pct()) + " " + bar.what()));
                b.texts.add(new Text(add(d(left), 0, len, 6), d(ry + rowH - 8),
                        VIEWS.pct(bar.pct()) + " " + bar.what(), "start", "value"));
            }
            y += 2 * rowH + 14;
        }
        b.legend.add(new Key("lighter bar: share of incidents", "key-count"));
        b.legend.add(new Key("darker bar: share of known losses", "key-loss"));
        return b.build("chart-vector-split", w, h, "Attack vectors: share of incidents vs share of losses",
                "For each vector class two bars: its share of the semester's incidents and its share of the known USD"
                        + " losses. The table beside it lists the same percentages.");
    }

    /** One bar of the vector split: a share in percent (null: unknown) and what it is a share of. */
    private record Share(BigDecimal pct, String what) {}

    /** One slice of the concentration bar, in the order of the semester's concentration rows. */
    private record Slice(String cssClass, String name) {}

    private static final List<Slice> CONCENTRATION_SLICES = List.of(new Slice("conc-1", "largest incident"),
            new Slice("conc-2", "2nd largest"), new Slice("conc-5", "3rd–5th largest"));

    static Chart concentration(PeriodStats s) {
        Builder b = new Builder();
        int w = 520, h = 70;
        double plotW = w - 20;
        BigDecimal hundred = BigDecimal.valueOf(100);
        BigDecimal prev = BigDecimal.ZERO;
        int i = 0;
        for (PeriodStats.Concentration c : s.concentration()) {
            BigDecimal share = c.sharePct() == null ? BigDecimal.ZERO : c.sharePct();
            BigDecimal part = share.subtract(prev).max(BigDecimal.ZERO);
            Slice slice = CONCENTRATION_SLICES.get(i);
            b.rects.add(new Rect(scaleFrom(10, prev, hundred, plotW), "10", scale(part, hundred, plotW), "30", slice.cssClass(),
                    slice.name() + ": " + VIEWS.pct(part) + " of known losses"));
            prev = prev.max(share);
            i++;
        }
        BigDecimal rest = hundred.subtract(prev).max(BigDecimal.ZERO);
        b.rects.add(new Rect(scaleFrom(10, prev, hundred, plotW), "10", scale(rest, hundred, plotW), "30", "conc-rest",
                "all other incidents: " + VIEWS.pct(rest) + " of known losses"));
        b.texts.add(new Text("10", "60", "0%", "start", "axis"));
        b.texts.add(new Text(d(10 + plotW), "60", "100% of known losses", "end", "axis"));
        b.legend.add(new Key("largest", "key-conc-1"));
        b.legend.add(new Key("2nd", "key-conc-2"));
        b.legend.add(new Key("3rd–5th", "key-conc-5"));
        b.legend.add(new Key("all others", "key-conc-rest"));
        return b.build("chart-concentration", w, h, "Concentration: the largest incidents' share of the losses",
                "One bar for all known losses of the semester, split into the largest incident, the second largest, the"
                        + " third to fifth, and all the others; the table beside it names them.");
    }

    // ---- /protocols/{slug} --------------------------------------------------------------------------------------

    static Chart timeline(List<ProtocolDetail.Entry> entries) {
        Builder b = new Builder();
        int h = 120;
        double plotW = W - 40 - 40;
        LocalDate first = entries.get(0).incident().date(), last = entries.get(entries.size() - 1).incident().date();
        LocalDate from = LocalDate.of(first.getYear(), 1, 1), to = LocalDate.of(last.getYear() + 1, 1, 1);
        long span = Math.max(1, to.toEpochDay() - from.toEpochDay());
        double axisY = 80;
        b.lines.add(new Line("40", d(axisY), d(40 + plotW), d(axisY), "axis-line"));
        int years = to.getYear() - from.getYear();
        int every = years > 12 ? 2 : 1;
        for (int yr = from.getYear(); yr <= to.getYear(); yr += every) {
            double x = 40 + (LocalDate.of(yr, 1, 1).toEpochDay() - from.toEpochDay()) * plotW / span;
            b.lines.add(new Line(d(x), d(axisY), d(x), d(axisY + 5), "axis-line"));
            b.texts.add(new Text(d(x), d(axisY + 20), String.valueOf(yr), "middle", "axis"));
        }
        for (ProtocolDetail.Entry e : entries) {
            double x = 40 + (e.incident().date().toEpochDay() - from.toEpochDay()) * plotW / span;
            BigDecimal loss = e.incident().lossUsd();
            double r = loss == null || loss.signum() <= 0 ? 5 : Math.max(4, Math.min(26, 4 + 3 * (log10(loss) - 3)));
            b.dots.add(new Dot(d(x), d(axisY - 4 - r), d(r), loss == null ? "dot-unknown" : "dot-" + e.incident().vector().code,
                    e.incident().date() + ": " + e.incident().title() + " — " + VIEWS.usd(loss)));
        }
        for (Vector v : Vector.values()) b.legend.add(new Key(v.label, "key-" + v.code));
        b.legend.add(new Key("loss unknown", "key-unknown"));
        return b.build("chart-timeline", W, h, "Incidents on a timeline",
                "Each circle is an incident at its date; larger circles are larger known losses (log scale), the colour is"
                        + " the attack vector, a hollow circle is an unknown loss. The table below lists every incident.");
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    static String bucketLabel(PeriodStats.Bucket k) {
        if (k.fromUsd().signum() == 0) return "under " + VIEWS.usd(k.toUsd());
        if (k.toUsd() == null) return VIEWS.usd(k.fromUsd()) + " or more";
        return VIEWS.usd(k.fromUsd()) + " to under " + VIEWS.usd(k.toUsd());
    }

    private static String shortBucket(PeriodStats.Bucket k) {
        if (k.fromUsd().signum() == 0) return "<" + VIEWS.usd(k.toUsd());
        if (k.toUsd() == null) return "≥" + VIEWS.usd(k.fromUsd());
        return VIEWS.usd(k.fromUsd()) + "+";
    }

    private static void yAxisLinear(Builder b, BigDecimal max, double plotH, boolean usd) {
        yAxisLinear(b, max, plotH, usd, W);
    }

    private static void yAxisLinear(Builder b, BigDecimal max, double plotH, boolean usd, int width) {
        for (int i = 0; i <= 4; i++) {
            BigDecimal v = max.multiply(BigDecimal.valueOf(i)).divide(BigDecimal.valueOf(4), 4, RoundingMode.HALF_UP);
            String y = sub(H - BOTTOM, scale(v, max, plotH));
            b.lines.add(new Line(d(LEFT), y, d(width - RIGHT), y, "grid"));
            b.texts.add(new Text(d(LEFT - 6), add(y, 4), usd ? VIEWS.usd(v) : v.stripTrailingZeros().toPlainString(), "end", "axis"));
        }
    }

    /** Semester labels under the bars: all when few, else the year under each H1. */
    private static void xSemesterLabels(Builder b, List<PeriodStats> semesters, double slot) {
        int n = semesters.size();
        boolean all = n <= 8;
        int yearStep = n > 30 ? 2 : 1;
        for (int i = 0; i < n; i++) {
            var sem = semesters.get(i).period().asSemester().orElse(null);
            if (sem == null) continue;
            double x = LEFT + i * slot + slot / 2;
            if (all) {
                b.texts.add(new Text(d(x), d(H - BOTTOM + 16), sem.toString(), "middle", "axis"));
            } else if (sem.half() == 1 && sem.year() % yearStep == 0) {
                b.texts.add(new Text(d(x + slot / 2), d(H - BOTTOM + 16), String.valueOf(sem.year()), "middle", "axis"));
            }
        }
    }

    /** A "nice" axis maximum ≥ max: 1, 2, 4, 5 or 8 × a power of ten (1 for max ≤ 0). */
    static BigDecimal niceCeil(BigDecimal max) {
        if (max == null || max.signum() <= 0) return BigDecimal.ONE;
        int exp = max.precision() - max.scale() - 1;
        BigDecimal base = BigDecimal.ONE.scaleByPowerOfTen(exp);
        for (int m : new int[] {1, 2, 4, 5, 8, 10}) {
            BigDecimal c = base.multiply(BigDecimal.valueOf(m));
            if (c.compareTo(max) >= 0) return c.stripTrailingZeros();
        }
        return base.multiply(BigDecimal.TEN);
    }

    /** value ÷ max × length pixels, computed in BigDecimal, one decimal. */
    static String scale(BigDecimal value, BigDecimal max, double length) {
        if (value == null || max == null || max.signum() <= 0) return "0.0";
        BigDecimal v = value.max(BigDecimal.ZERO).min(max);
        return v.multiply(BigDecimal.valueOf(length)).divide(max, 1, RoundingMode.HALF_UP).toPlainString();
    }

    private static String scaleFrom(double origin, BigDecimal value, BigDecimal max, double length) {
        return new BigDecimal(scale(value, max, length)).add(BigDecimal.valueOf(origin)).setScale(1, RoundingMode.HALF_UP).toPlainString();
    }

    /** log10 of a positive BigDecimal: exact exponent + log10 of the mantissa (pixel geometry only). */
    static double log10(BigDecimal x) {
        int exp = x.precision() - x.scale() - 1;
        return exp + Math.log10(x.movePointLeft(exp).doubleValue());
    }

    private static String sub(double from, String px) {
        return BigDecimal.valueOf(from).subtract(new BigDecimal(px)).setScale(1, RoundingMode.HALF_UP).toPlainString();
    }

    private static String add(String px, double plus) {
        return new BigDecimal(px).add(BigDecimal.valueOf(plus)).setScale(1, RoundingMode.HALF_UP).toPlainString();
    }

    private static String add(String a, double plus, String b, double plus2) {
        return new BigDecimal(a).add(new BigDecimal(b)).add(BigDecimal.valueOf(plus + plus2)).setScale(1, RoundingMode.HALF_UP).toPlainString();
    }

    static String d(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
