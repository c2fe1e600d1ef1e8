package dev.perimeter.web;

import dev.perimeter.stats.IncidentContext;
import dev.perimeter.stats.PeriodStats;
import dev.perimeter.stats.ProtocolDetail;
import dev.perimeter.stats.StatsService;
import dev.perimeter.util.Semester;
import io.javalin.http.Context;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** /stats, /protocols and their /api/v1 twins. Parse and validate, call the stats service, render. */
final class StatsRoutes {
    static final int PROTOCOL_PAGE = 100;
    static final int MAX_LIMIT = 500;
    /** Longest date range /api/v1/stats/range accepts, in days (a bit over 50 years). */
    static final int MAX_RANGE_DAYS = 20_000;
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,119}");

    private final StatsService stats;
    private final StatsViews sv = new StatsViews();

    StatsRoutes(StatsService stats) {
        this.stats = stats;
    }

    // ---- parsing ------------------------------------------------------------------------------------------------

    static Semester semester(Context ctx) {
        String raw = ctx.pathParam("semester");
        return Semester.parse(raw).orElseThrow(() -> HttpError.badRequest("semester",
                "semester must look like " + Semester.EXPECTED + " (H1 = January 1 to June 30, H2 = July 1 to December 31, UTC)."));
    }

    static String slug(Context ctx) {
        String s = ctx.pathParam("slug");
        if (!SLUG.matcher(s).matches()) {
            throw HttpError.badRequest("slug", "A protocol slug looks like poly-network (lowercase letters, digits and dashes).");
        }
        return s;
    }

    static StatsService.ProtocolSort sort(Context ctx) {
        String v = ctx.queryParam("sort");
        if (v == null || v.isBlank()) return StatsService.ProtocolSort.LOSS;
        return StatsService.ProtocolSort.parse(v.trim()).orElseThrow(() -> HttpError.badRequest("sort",
                "sort must be one of loss, last, count, name."));
    }

    static LocalDate date(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) throw HttpError.badRequest(name, name + " is required, as a date like 2026-01-31.");
        try {
            return LocalDate.parse(v.trim());
        } catch (DateTimeParseException e) {
            throw HttpError.badRequest(name, name + " must be a date like 2026-01-31 (YYYY-MM-DD).");
        }
    }

    // ---- pages --------------------------------------------------------------------------------------------------

    void overview(Context ctx) {
        StatsService.Overview o = stats.overview();
        List<PeriodStats> rows = o.semesters();
        Map<String, Object> m = model("Statistics by semester");
        m.put("rows", rows);
        m.put("newestFirst", reversed(rows));
        m.put("years", reversed(o.years()));
        m.put("vectors", dev.perimeter.incident.Vector.values());
        m.put("ruleIn", dev.perimeter.stats.InclusionRule.IN);
        m.put("ruleOut", dev.perimeter.stats.InclusionRule.OUT);
        m.put("ruleHow", dev.perimeter.stats.InclusionRule.COUNTED);
        m.put("published", stats.publishedComparisons());
        if (!rows.isEmpty()) {
            m.put("chartIncidents", StatsCharts.incidentsPerSemester(rows));
            m.put("chartLosses", StatsCharts.lossesPerSemester(rows));
            m.put("chartMeanMedian", StatsCharts.meanVsMedian(rows));
            m.put("chartVectors", StatsCharts.vectorLossShares(rows));
        }
        ctx.render("stats", m);
    }

    void semesterPage(Context ctx) {
        Semester s = semester(ctx);
        StatsService.SemesterReport r = stats.semester(s);
        PeriodStats st = r.stats();
        Map<String, Object> m = model(s + " — semester statistics");
        m.put("semester", s.toString());
        m.put("previous", neighbour(s, false));
        m.put("next", neighbour(s, true));
        m.put("r", r);
        m.put("s", st);
        m.put("infra", st.vector(dev.perimeter.incident.Vector.INFRASTRUCTURE));
        m.put("top2", st.top(2));
        if (!st.empty() && st.incidentsWithUsd() > 0) {
            m.put("chartDistribution", StatsCharts.distribution(st));
            m.put("chartConcentration", StatsCharts.concentration(st));
        }
        if (!st.empty()) m.put("chartVectors", StatsCharts.vectorSplit(st));
        ctx.render("stats-semester", m);
    }

    /** The protocol list's ?q, ?sort, ?limit and ?offset (page and API). */
    private record ProtocolQuery(String q, StatsService.ProtocolSort sort, int limit, int offset) {}

    private ProtocolQuery protocolQuery(Context ctx) {
        return new ProtocolQuery(Params.text(ctx, "q"), sort(ctx), Params.integer(ctx, "limit", PROTOCOL_PAGE, 1, MAX_LIMIT),
                Params.integer(ctx, "offset", 0, 0, 10_000_000));
    }

    private StatsService.ProtocolPage protocols(ProtocolQuery p) {
        return stats.protocols(p.q(), p.sort(), p.limit(), p.offset());
    }

    void protocolsPage(Context ctx) {
        ProtocolQuery p = protocolQuery(ctx);
        String q = p.q();
        StatsService.ProtocolSort sort = p.sort();
        int limit = p.limit(), offset = p.offset();
        StatsService.ProtocolPage page = protocols(p);
        Map<String, Object> m = model("Protocols");
        m.put("page", page);
        m.put("q", q);
        m.put("sort", sort.code());
        m.put("limit", limit);
        m.put("offset", offset);
        m.put("prevOffset", offset > 0 ? Math.max(0, offset - limit) : null);
        m.put("nextOffset", offset + limit < page.total() ? offset + limit : null);
        Views v = new Views();
        m.put("showing", v.num(page.total()) + (page.total() == 1 ? " protocol" : " protocols") + (page.items().isEmpty() ? ""
                : ", showing " + v.num(offset + 1L) + "–" + v.num(offset + (long) page.items().size())));
        m.put("filterQuery", (q == null ? "" : "&q=" + v.enc(q)) + "&sort=" + sort.code() + (limit != PROTOCOL_PAGE ? "&limit=" + limit : ""));
        ctx.render("protocols", m);
    }

    void protocolPage(Context ctx) {
        String slug = slug(ctx);
        ProtocolDetail d = stats.protocol(slug).orElseThrow(() -> HttpError.notFound("No protocol with incidents has the slug '" + slug + "'."));
        Map<String, Object> m = model(d.summary().name() + " — protocol");
        m.put("d", d);
        m.put("p", d.summary());
        m.put("newestFirst", reversed(d.incidents()));
        m.put("chartTimeline", StatsCharts.timeline(d.incidents()));
        ctx.render("protocol", m);
    }

    // ---- API ----------------------------------------------------------------------------------------------------

    void apiSemesters(Context ctx) {
        ctx.json(StatsJson.semesters(stats.overview(), stats.publishedComparisons()));
    }

    void apiSemester(Context ctx) {
        Semester s = semester(ctx);
        StatsService.SemesterReport r = stats.semester(s);
        ctx.json(StatsJson.period(r.stats(), r));
    }

    void apiRange(Context ctx) {
        LocalDate from = date(ctx, "from"), to = date(ctx, "to");
        if (to.isBefore(from)) throw HttpError.badRequest("to", "to must be on or after from.");
        if (to.toEpochDay() - from.toEpochDay() > MAX_RANGE_DAYS) {
            throw HttpError.badRequest("to", "the range may span at most " + MAX_RANGE_DAYS + " days.");
        }
        ctx.json(StatsJson.period(stats.range(from, to), null));
    }

    void apiProtocols(Context ctx) {
        ProtocolQuery p = protocolQuery(ctx);
        StatsService.ProtocolPage page = protocols(p);
        ctx.json(new StatsJson.ProtocolList(page.items().stream().map(StatsJson::protocol).toList(), page.total(), p.limit(), p.offset()));
    }

    void apiProtocol(Context ctx) {
        String slug = slug(ctx);
        ProtocolDetail d = stats.protocol(slug).orElseThrow(() -> HttpError.notFound("No protocol with incidents has the slug '" + slug + "'."));
        ctx.json(StatsJson.protocolDetail(d));
    }

    void apiContext(Context ctx) {
        String id = IncidentRoutes.id(ctx);
        IncidentContext c = stats.context(id).orElseThrow(() -> HttpError.notFound("No incident has the id '" + id + "'."));
        ctx.json(StatsJson.context(c));
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private Map<String, Object> model(String title) {
        Map<String, Object> m = new HashMap<>();
        m.put("title", title);
        m.put("sv", sv);
        return m;
    }

    /** The next or previous semester as text; null outside 1970..9999. */
    static String neighbour(Semester s, boolean next) {
        try {
            return (next ? s.next() : s.previous()).toString();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static <T> List<T> reversed(List<T> in) {
        List<T> out = new java.util.ArrayList<>(in);
        java.util.Collections.reverse(out);
        return out;
    }
}
