package dev.perimeter.stats;

import dev.perimeter.incident.PublishedFigure;
import dev.perimeter.util.Semester;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Semester statistics, protocol pages and per-incident context, served from memory.
 *
 * <p>Cache: everything computed is kept in a {@link Snapshot} tagged with the data version
 * ({@link StatsStore#version()}: the shipped-data checksum plus the incident count). Each call reads the version
 * (two index-only reads) and, when it changed, starts a new empty snapshot; a semester's statistics are then
 * computed once from that semester's rows (a date-index range read) and reused, and the whole-table views
 * (the semester overview, protocols, date ranges) are built once per version from a single read of all rows.
 * No request scans the incident table while the data is unchanged.
 */
public final class StatsService {
    /** The overview starts here (or earlier, if the database holds older incidents). */
    public static final Semester OVERVIEW_START = new Semester(2016, 1);

    private final StatsStore store;
    private final Function<String, List<PublishedFigure>> published;
    private final ProtocolTracking tracking;
    private final AtomicReference<Snapshot> current = new AtomicReference<>();

    /**
     * @param published the published report figures of a period (IncidentService::published)
     * @param tracking  what Perimeter tracks per protocol, for the protocol page ({@link ProtocolTracking#none()} for nothing)
     */
    public StatsService(StatsStore store, Function<String, List<PublishedFigure>> published, ProtocolTracking tracking) {
        this.store = store;
        this.published = published;
        this.tracking = tracking;
    }

    /** One semester in full: its statistics, the change from a year earlier and from the previous semester, published figures. */
    public record SemesterReport(PeriodStats stats, Change vsYearEarlier, Change vsPrevious, List<PublishedComparison> published,
                                 ExternalComparison defiLlama) {}

    /** The dataset whose own figures the semester page shows beside this database's. */
    public static final String DEFILLAMA = "defillama";

    /** The semester overview: one PeriodStats per semester, oldest first, from 2016-H1 (or earlier data) to the latest with data. */
    /**
     * @param semesters one PeriodStats per semester, oldest first
     * @param years     per calendar year: incidents and losses by vector with their shares, and the null-USD share
     */
    public record Overview(List<PeriodStats> semesters, List<VectorShares.Year> years) {}

    public record ProtocolPage(List<ProtocolSummary> items, int total) {}

    private record SemesterEntry(PeriodStats stats, Map<String, BigDecimal> maxLossByProtocol) {}

    /** Everything at once, built from one read of all rows. */
    private record Whole(List<IncidentRow> rows, Map<String, IncidentRow> byId, Map<String, List<IncidentRow>> byProtocol,
                         List<ProtocolSummary> protocols, Map<String, ProtocolSummary> protocolBySlug, Overview overview) {}

    private static final class Snapshot {
        final String version;
        final ConcurrentHashMap<Semester, SemesterEntry> semesters = new ConcurrentHashMap<>();
        volatile Whole whole;
        volatile List<PublishedFigure> published;
        volatile List<ExternalComparison.Row> defiLlama;

        Snapshot(String version) {
            this.version = version;
        }
    }

    // ---- public API -----------------------------------------------------------------------------------------

    public SemesterReport semester(Semester s) {
        Snapshot snap = snapshot();
        PeriodStats stats = entry(snap, s).stats();
        Semester yearEarlier = shifted(s, true), previous = shifted(s, false);
        Change vsYear = yearEarlier == null ? null : StatsEngine.change(stats, entry(snap, yearEarlier).stats());
        Change vsPrev = previous == null ? null : StatsEngine.change(stats, entry(snap, previous).stats());
        List<PublishedFigure> figures = publishedFigures(snap);
        SemesterEntry e = entry(snap, s);
        List<PublishedComparison> comparisons = PublishedComparison.of(stats, figures, e.maxLossByProtocol()::get);
        return new SemesterReport(stats, vsYear, vsPrev, comparisons, ExternalComparison.of("DefiLlama", s, defiLlamaRows(snap)));
    }

    /**
     * Every semester a report published figures for, each report's figures beside this database's for the same semester
     * (under {@link InclusionRule}), oldest semester first. Published figures are shown with their source, never merged.
     */
    public List<PublishedComparison> publishedComparisons() {
        Snapshot snap = snapshot();
        List<PublishedFigure> figures = publishedFigures(snap);
        java.util.TreeSet<Semester> periods = new java.util.TreeSet<>();
        for (PublishedFigure f : figures) Semester.parse(f.period()).ifPresent(periods::add);
        List<PublishedComparison> out = new java.util.ArrayList<>();
        for (Semester s : periods) {
            SemesterEntry e = entry(snap, s);
            out.addAll(PublishedComparison.of(e.stats(), figures, e.maxLossByProtocol()::get));
        }
        return List.copyOf(out);
    }

    /** Statistics of only this semester (cached), e.g. for a chart; no comparisons. */
    public PeriodStats semesterStats(Semester s) {
        return entry(snapshot(), s).stats();
    }

    public Overview overview() {
        return whole(snapshot()).overview();
    }

    /** Statistics of any from..to range of UTC dates (inclusive), from the cached rows of this data version. */
    public PeriodStats range(LocalDate from, LocalDate to) {
        Period p = Period.range(from, to);
        List<IncidentRow> rows = whole(snapshot()).rows();
        int lo = firstOnOrAfter(rows, from), hi = firstOnOrAfter(rows, to.plusDays(1));
        return StatsEngine.compute(p, rows.subList(lo, hi));
    }

    /** The semester context of an incident (rank, share of the semester's losses, multiple of its median); cheap. */
    public Optional<IncidentContext> context(String incidentId) {
        return Optional.ofNullable(contexts(List.of(incidentId)).get(incidentId));
    }

    /** Contexts of several incidents at once (one version read, at most one row read); unknown ids are left out. */
    public Map<String, IncidentContext> contexts(Collection<String> incidentIds) {
        Snapshot snap = snapshot();
        Whole whole = snap.whole;
        List<IncidentRow> rows = new ArrayList<>();
        if (whole != null) {
            for (String id : incidentIds) {
                IncidentRow r = whole.byId().get(id);
                if (r != null) rows.add(r);
            }
        } else {
            rows.addAll(store.rowsByIds(incidentIds));
        }
        Map<String, IncidentContext> out = new LinkedHashMap<>();
        for (IncidentRow r : rows) out.put(r.id(), IncidentContext.of(r, entry(snap, Semester.of(r.date())).stats()));
        return out;
    }

    /** Protocols with incidents whose name or slug contains q (null = all), sorted, one page of them. */
    public ProtocolPage protocols(String q, ProtocolSort sort, int limit, int offset) {
        List<ProtocolSummary> all = whole(snapshot()).protocols();
        List<ProtocolSummary> hits = new ArrayList<>();
        for (ProtocolSummary p : all) if (p.matches(q)) hits.add(p);
        hits.sort(sort.comparator);
        int from = Math.min(offset, hits.size()), to = Math.min(hits.size(), from + limit);
        return new ProtocolPage(List.copyOf(hits.subList(from, to)), hits.size());
    }

    public enum ProtocolSort {
        LOSS(Comparator.comparing((ProtocolSummary p) -> p.totalUsd() == null ? BigDecimal.valueOf(-1) : p.totalUsd(),
                Comparator.reverseOrder())),
        LAST(Comparator.comparing(ProtocolSummary::lastDate, Comparator.reverseOrder())),
        COUNT(Comparator.comparing(ProtocolSummary::incidents, Comparator.reverseOrder())),
        NAME(Comparator.comparing((ProtocolSummary p) -> p.name().toLowerCase(java.util.Locale.ROOT)));

        final Comparator<ProtocolSummary> comparator;

        ProtocolSort(Comparator<ProtocolSummary> c) {
            this.comparator = c.thenComparing(ProtocolSummary::slug);
        }

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Optional<ProtocolSort> parse(String s) {
            for (ProtocolSort p : values()) if (p.code().equals(s)) return Optional.of(p);
            return Optional.empty();
        }
    }

    /** A protocol's page: every incident in its semester's context, with sources. Empty for an unknown slug. */
    public Optional<ProtocolDetail> protocol(String slug) {
        Snapshot snap = snapshot();
        Whole whole = whole(snap);
        List<IncidentRow> rows = whole.byProtocol().get(slug);
        if (rows == null) return Optional.empty();
        Map<String, List<ProtocolDetail.SourceLink>> sources = store.sourcesOfProtocol(slug);
        List<ProtocolDetail.Entry> entries = new ArrayList<>();
        for (IncidentRow r : rows) {
            entries.add(new ProtocolDetail.Entry(r, IncidentContext.of(r, entry(snap, Semester.of(r.date())).stats()),
                    sources.getOrDefault(r.id(), List.of())));
        }
        return Optional.of(new ProtocolDetail(whole.protocolBySlug().get(slug), entries, tracking.tracked(slug)));
    }

    // ---- cache ----------------------------------------------------------------------------------------------

    private Snapshot snapshot() {
        String version = store.version();
        Snapshot s = current.get();
        if (s != null && s.version.equals(version)) return s;
        Snapshot fresh = new Snapshot(version);
        return current.compareAndSet(s, fresh) ? fresh : snapshotAfterRace(fresh);
    }

    private Snapshot snapshotAfterRace(Snapshot mine) {
        Snapshot s = current.get();
        return s != null && s.version.equals(mine.version) ? s : mine;
    }

    private SemesterEntry entry(Snapshot snap, Semester s) {
        SemesterEntry e = snap.semesters.get(s);
        if (e != null) return e;
        Whole whole = snap.whole;
        List<IncidentRow> rows;
        if (whole != null) {
            int lo = firstOnOrAfter(whole.rows(), s.start()), hi = firstOnOrAfter(whole.rows(), s.end().plusDays(1));
            rows = whole.rows().subList(lo, hi);
        } else {
            rows = store.rowsBetween(s.start(), s.end());
        }
        e = entryOf(Period.of(s), rows);
        SemesterEntry raced = snap.semesters.putIfAbsent(s, e);
        return raced != null ? raced : e;
    }

    private static SemesterEntry entryOf(Period p, List<IncidentRow> rows) {
        Map<String, BigDecimal> maxByProtocol = new HashMap<>();
        for (IncidentRow r : rows) {
            if (r.hasUsd() && p.contains(r.date())) maxByProtocol.merge(r.protocolSlug(), r.lossUsd(), BigDecimal::max);
        }
        return new SemesterEntry(StatsEngine.compute(p, rows), Map.copyOf(maxByProtocol));
    }

    private List<PublishedFigure> publishedFigures(Snapshot snap) {
        List<PublishedFigure> f = snap.published;
        if (f == null) {
            f = List.copyOf(published.apply(null));
            snap.published = f;
        }
        return f;
    }

    private List<ExternalComparison.Row> defiLlamaRows(Snapshot snap) {
        List<ExternalComparison.Row> r = snap.defiLlama;
        if (r == null) {
            r = List.copyOf(store.datasetRows(DEFILLAMA));
            snap.defiLlama = r;
        }
        return r;
    }

    private Whole whole(Snapshot snap) {
        Whole w = snap.whole;
        if (w != null) return w;
        synchronized (snap) {
            if (snap.whole != null) return snap.whole;
            List<IncidentRow> rows = List.copyOf(store.allRows());
            Map<String, IncidentRow> byId = new HashMap<>(rows.size() * 2);
            Map<String, List<IncidentRow>> byProtocol = new HashMap<>();
            Map<Semester, List<IncidentRow>> bySemester = new HashMap<>();
            for (IncidentRow r : rows) {
                byId.put(r.id(), r);
                byProtocol.computeIfAbsent(r.protocolSlug(), k -> new ArrayList<>()).add(r);
                bySemester.computeIfAbsent(Semester.of(r.date()), k -> new ArrayList<>()).add(r);
            }
            List<ProtocolSummary> protocols = new ArrayList<>();
            Map<String, ProtocolSummary> bySlug = new HashMap<>();
            for (var e : byProtocol.entrySet()) {
                ProtocolSummary p = ProtocolSummary.of(e.getValue());
                protocols.add(p);
                bySlug.put(e.getKey(), p);
                e.setValue(List.copyOf(e.getValue()));
            }
            List<PeriodStats> overview = new ArrayList<>();
            if (!rows.isEmpty()) {
                Semester first = Semester.of(rows.get(0).date()), last = Semester.of(rows.get(rows.size() - 1).date());
                if (first.compareTo(OVERVIEW_START) > 0) first = OVERVIEW_START;
                for (Semester s = first; s.compareTo(last) <= 0; s = s.next()) {
                    SemesterEntry e = snap.semesters.computeIfAbsent(s,
                            k -> entryOf(Period.of(k), bySemester.getOrDefault(k, List.of())));
                    overview.add(e.stats());
                }
            }
            w = new Whole(rows, byId, Map.copyOf(byProtocol), List.copyOf(protocols), bySlug, new Overview(List.copyOf(overview), VectorShares.byYear(rows)));
            snap.whole = w;
            return w;
        }
    }

    /** Index of the first row dated on or after d (rows are sorted by date). */
    private static int firstOnOrAfter(List<IncidentRow> rows, LocalDate d) {
        int lo = 0, hi = rows.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (rows.get(mid).date().isBefore(d)) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** A year earlier, or the previous semester; null before 1970 (outside what Semester can hold). */
    static Semester shifted(Semester s, boolean yearEarlier) {
        try {
            return yearEarlier ? s.yearEarlier() : s.previous();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
