package dev.perimeter.web;

import dev.perimeter.stats.Change;
import dev.perimeter.stats.IncidentContext;
import dev.perimeter.stats.PeriodStats;
import dev.perimeter.stats.ProtocolDetail;
import dev.perimeter.stats.ProtocolSummary;
import dev.perimeter.stats.PublishedComparison;
import dev.perimeter.stats.StatsService;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * JSON shapes of /api/v1/stats and /api/v1/protocols: camelCase, money as decimal strings, unknown as null, dates
 * ISO-8601. Percentages (…Pct, 0..100) and ratios (meanToMedian, multiple…) are JSON numbers with 4 decimals.
 */
final class StatsJson {
    private StatsJson() {}

    static String money(BigDecimal x) {
        return IncidentJson.money(x);
    }

    static BigDecimal num(BigDecimal x) {
        return x == null ? null : x.setScale(4, RoundingMode.HALF_EVEN);
    }

    record SemesterRow(String semester, String from, String to, int incidents, int incidentsWithUsd, int excludedUnknownUsd,
                       String totalUsd, String meanUsd, String medianUsd, String p90Usd, String maxUsd, BigDecimal meanToMedian,
                       BigDecimal top2SharePct, BigDecimal infrastructureLossSharePct, String url, String apiUrl) {}

    /**
     * @param inclusionRule what counts as an incident and how (InclusionRule)
     * @param published     every report's figures beside ours, per semester it covers (never merged into ours)
     */
    record Semesters(List<SemesterRow> semesters, String p90Definition, List<YearRow> years, Inclusion inclusionRule,
                     List<Published> published) {}

    record Inclusion(String version, List<String> counted, List<String> notCounted, List<String> how, String url) {}

    /** One year: incidents and USD losses by vector with their shares, and how many incidents have no USD figure. */
    record YearRow(int year, int incidents, int incidentsWithUsd, int nullUsd, BigDecimal nullUsdSharePct, String totalUsd,
                   List<YearVector> vectors) {}

    record YearVector(String vector, int incidents, BigDecimal incidentSharePct, String lossUsd, BigDecimal lossSharePct) {}

    record Named(String id, String date, Protocol protocol, String lossUsd, String vector, String url) {}

    record Protocol(String slug, String name, String url) {}

    record Concentration(int top, int incidentsCounted, String lossUsd, BigDecimal sharePct, List<Named> incidents) {}

    record VectorShare(String vector, String label, int incidents, BigDecimal incidentSharePct, int incidentsWithUsd,
                       String lossUsd, BigDecimal lossSharePct) {}

    record ChainShare(String chain, int incidents, int incidentsWithUsd, String lossUsd) {}

    record Actor(String actor, int incidents, String lossUsd, BigDecimal lossSharePct) {}

    record Attribution(int incidents, String lossUsd, BigDecimal lossSharePct, List<Actor> actors, String rule) {}

    record Bucket(String fromUsd, String toUsd, int incidents, String lossUsd) {}

    record Ranked(int rank, Named incident, BigDecimal sharePct, BigDecimal multipleOfMedian) {}

    record Delta(BigDecimal from, BigDecimal to, BigDecimal diff, BigDecimal changePct, BigDecimal multiple) {}

    record MoneyDelta(String from, String to, String diff, BigDecimal changePct, BigDecimal multiple) {}

    record ChangeJ(String against, String url, Delta incidents, MoneyDelta totalUsd, MoneyDelta medianUsd) {}

    record Changes(ChangeJ vsYearEarlier, ChangeJ vsPreviousSemester) {}

    record PublishedRow(String metric, String label, String unit, boolean approx, String published, String ours,
                        BigDecimal coveragePct, BigDecimal differencePoints) {}

    /** source as the data names it; sourceTitle and sourceUrl as people can follow it. */
    record Published(String report, String period, String source, String sourceTitle, String sourceUrl, BigDecimal incidentCoveragePct,
                     BigDecimal lossCoveragePct, List<PublishedRow> rows) {}

    record Period(String period, String semester, String from, String to, int incidents, int incidentsWithUsd,
                  int excludedUnknownUsd, String totalUsd, String meanUsd, String medianUsd, String p90Usd, String maxUsd,
                  BigDecimal meanToMedian, List<Concentration> concentration, List<VectorShare> vectors, List<ChainShare> chains,
                  Attribution attribution, int incidentsWithReturns, String fundsReturnedUsd, String netLossUsd,
                  List<Bucket> distribution, List<Ranked> largest, Changes change, List<Published> published, External defiLlama,
                  String url, String p90Definition) {}

    /** Another list's own figures for the semester (see ExternalComparison); counts null when the list does not cover it. */
    record External(String source, boolean covered, String coverageFrom, String coverageTo, Integer listed, Integer withAmount,
                    String totalUsd, Integer inDatabase, Integer incidents, Integer alsoNamedByAnotherSource, String sentence, String definition) {}

    static final String EXTERNAL_DEFINITION = "listed: the list's rows dated in the semester; inDatabase: those whose incident here is"
            + " dated in the same semester; alsoNamedByAnotherSource: of those, the ones whose incident another dataset names too";

    static External external(dev.perimeter.stats.ExternalComparison e) {
        if (e == null) return null;
        boolean c = e.covered();
        return new External(e.source(), c, e.coverageFrom() == null ? null : e.coverageFrom().toString(),
                e.coverageTo() == null ? null : e.coverageTo().toString(), c ? e.rows() : null, c ? e.withAmount() : null,
                c ? money(e.totalUsd()) : null, c ? e.inDatabase() : null, c ? e.incidents() : null, c ? e.alsoElsewhere() : null,
                e.sentence(), EXTERNAL_DEFINITION);
    }

    static final String P90 = "nearest-rank: the known loss at 1-based rank ceil(0.9 × n) in ascending order";

    static SemesterRow row(PeriodStats s) {
        PeriodStats.Concentration top2 = s.top(2);
        PeriodStats.VectorShare infra = s.vector(dev.perimeter.incident.Vector.INFRASTRUCTURE);
        String label = s.period().label();
        return new SemesterRow(label, s.period().from().toString(), s.period().to().toString(), s.incidents(), s.incidentsWithUsd(),
                s.excludedUnknownUsd(), money(s.totalUsd()), money(s.meanUsd()), money(s.medianUsd()), money(s.p90Usd()),
                money(s.maxUsd()), num(s.meanToMedian()), top2 == null ? null : num(top2.sharePct()),
                infra == null ? null : num(infra.lossSharePct()), "/stats/" + label, "/api/v1/stats/semesters/" + label);
    }

    static Inclusion inclusion() {
        return new Inclusion(dev.perimeter.stats.InclusionRule.VERSION, dev.perimeter.stats.InclusionRule.IN,
                dev.perimeter.stats.InclusionRule.OUT, dev.perimeter.stats.InclusionRule.COUNTED, "/stats#what-is-counted");
    }

    static Semesters semesters(StatsService.Overview o, List<PublishedComparison> published) {
        List<YearRow> years = o.years().stream().map(y -> new YearRow(y.year(), y.incidents(), y.incidentsWithUsd(), y.nullUsd(),
                num(y.nullUsdSharePct()), money(y.totalUsd()), y.vectors().stream().map(v -> new YearVector(v.vector().code,
                        v.incidents(), num(v.incidentSharePct()), money(v.lossUsd()), num(v.lossSharePct()))).toList())).toList();
        return new Semesters(o.semesters().stream().map(StatsJson::row).toList(), P90, years, inclusion(),
                published.stream().map(StatsJson::published).toList());
    }

    static Named named(PeriodStats.Named n) {
        return new Named(n.id(), n.date().toString(), new Protocol(n.protocolSlug(), n.protocolName(), "/protocols/" + n.protocolSlug()),
                money(n.lossUsd()), n.vector().code, "/incidents/" + n.id());
    }

    static Period period(PeriodStats s, StatsService.SemesterReport report) {
        List<Concentration> conc = s.concentration().stream().map(c -> new Concentration(c.top(), c.incidents().size(),
                money(c.lossUsd()), num(c.sharePct()), c.incidents().stream().map(StatsJson::named).toList())).toList();
        List<VectorShare> vectors = s.vectors().stream().map(v -> new VectorShare(v.vector().code, v.vector().label, v.incidents(),
                num(v.incidentSharePct()), v.incidentsWithUsd(), money(v.lossUsd()), num(v.lossSharePct()))).toList();
        List<ChainShare> chains = s.chains().stream().map(c -> new ChainShare(c.chain(), c.incidents(), c.incidentsWithUsd(),
                money(c.lossUsd()))).toList();
        PeriodStats.Attribution a = s.attribution();
        Attribution attribution = new Attribution(a.incidents(), money(a.lossUsd()), num(a.lossSharePct()),
                a.actors().stream().map(x -> new Actor(x.actor(), x.incidents(), money(x.lossUsd()), num(x.lossSharePct()))).toList(),
                "only incidents whose attribution names a source count as attributed");
        List<Bucket> buckets = s.distribution().stream().map(b -> new Bucket(money(b.fromUsd()), money(b.toUsd()), b.incidents(),
                money(b.lossUsd()))).toList();
        List<Ranked> largest = s.largest().stream().map(r -> new Ranked(r.rank(), named(r.incident()), num(r.sharePct()),
                num(r.multipleOfMedian()))).toList();
        Changes changes = null;
        List<Published> published = null;
        External defiLlama = null;
        if (report != null) {
            changes = new Changes(change(report.vsYearEarlier()), change(report.vsPrevious()));
            published = report.published().stream().map(StatsJson::published).toList();
            defiLlama = external(report.defiLlama());
        }
        String semester = s.period().asSemester().map(Object::toString).orElse(null);
        return new Period(s.period().label(), semester, s.period().from().toString(), s.period().to().toString(), s.incidents(),
                s.incidentsWithUsd(), s.excludedUnknownUsd(), money(s.totalUsd()), money(s.meanUsd()), money(s.medianUsd()),
                money(s.p90Usd()), money(s.maxUsd()), num(s.meanToMedian()), conc, vectors, chains, attribution,
                s.returns().incidentsWithReturns(), money(s.returns().fundsReturnedUsd()), money(s.returns().netLossUsd()),
                buckets, largest, changes, published, defiLlama, semester == null ? null : "/stats/" + semester, P90);
    }

    static ChangeJ change(Change c) {
        if (c == null) return null;
        Change.Delta i = c.incidents();
        return new ChangeJ(c.against(), "/api/v1/stats/semesters/" + c.against(),
                new Delta(i.from(), i.to(), i.diff(), num(i.changePct()), num(i.multiple())),
                moneyDelta(c.totalUsd()), moneyDelta(c.medianUsd()));
    }

    static MoneyDelta moneyDelta(Change.Delta d) {
        return new MoneyDelta(money(d.from()), money(d.to()), money(d.diff()), num(d.changePct()), num(d.multiple()));
    }

    static Published published(PublishedComparison p) {
        dev.perimeter.util.SourceRefs.Link l = dev.perimeter.util.SourceRefs.of(p.source());
        return new Published(p.report(), p.period(), p.source(), l.text(), l.url(), num(p.incidentCoveragePct()), num(p.lossCoveragePct()),
                p.rows().stream().map(r -> new PublishedRow(r.metric(), r.label(), r.unit(), r.approx(),
                        r.published().stripTrailingZeros().toPlainString(), r.ours() == null ? null : plain(r.ours(), r.unit()),
                        num(r.coveragePct()), num(r.differencePoints()))).toList());
    }

    private static String plain(BigDecimal x, String unit) {
        return "usd".equals(unit) ? money(x) : "percent".equals(unit) ? num(x).toPlainString() : x.stripTrailingZeros().toPlainString();
    }

    // ---- protocols and context ----------------------------------------------------------------------------------

    record ProtocolRow(String slug, String name, int incidents, int incidentsWithUsd, String totalUsd, String fundsReturnedUsd,
                       String netLossUsd, String firstDate, String lastDate, String lastIncidentId, String url, String apiUrl) {}

    record ProtocolList(List<ProtocolRow> items, int total, int limit, int offset) {}

    record Context(String incidentId, String semester, String lossUsd, String vector, Integer rank, int tied, int rankedOf,
                   int semesterIncidents, BigDecimal sharePct, BigDecimal multipleOfMedian, String semesterTotalUsd,
                   String semesterMedianUsd, String sentence, String semesterUrl) {}

    record Source(String dataset, String name, String date, List<String> urls) {}

    record ProtocolIncident(String id, String date, String semester, String title, String lossUsd, String vector,
                            List<String> chains, String attribution, String fundsReturnedUsd, String url, Context context,
                            List<Source> sources) {}

    record Tracked(String kind, String name, String chain, String address, String note) {}

    record ProtocolDetailJ(ProtocolRow protocol, List<ProtocolIncident> incidents, List<Tracked> tracked) {}

    static ProtocolRow protocol(ProtocolSummary p) {
        return new ProtocolRow(p.slug(), p.name(), p.incidents(), p.incidentsWithUsd(), money(p.totalUsd()),
                money(p.fundsReturnedUsd()), money(p.netLossUsd()), p.firstDate().toString(), p.lastDate().toString(),
                p.lastIncidentId(), "/protocols/" + p.slug(), "/api/v1/protocols/" + p.slug());
    }

    static Context context(IncidentContext c) {
        return new Context(c.incidentId(), c.semester(), money(c.lossUsd()), c.vector().code, c.rank(), c.tied(), c.rankedOf(),
                c.semesterIncidents(), num(c.sharePct()), num(c.multipleOfMedian()), money(c.semesterTotalUsd()),
                money(c.semesterMedianUsd()), c.sentence(), "/stats/" + c.semester());
    }

    static ProtocolDetailJ protocolDetail(ProtocolDetail d) {
        List<ProtocolIncident> items = d.incidents().stream().map(e -> new ProtocolIncident(e.incident().id(),
                e.incident().date().toString(), e.context().semester(), e.incident().title(), money(e.incident().lossUsd()),
                e.incident().vector().code, e.incident().chains(), e.incident().attribution(), money(e.incident().fundsReturnedUsd()),
                "/incidents/" + e.incident().id(), context(e.context()),
                e.sources().stream().map(s -> new Source(s.dataset(), s.name(), s.date().toString(), s.urls())).toList())).toList();
        return new ProtocolDetailJ(protocol(d.summary()), items,
                d.tracked().stream().map(t -> new Tracked(t.kind(), t.name(), t.chain(), t.address(), t.note())).toList());
    }
}
