package dev.perimeter.web;

import dev.perimeter.incident.Incident;
import dev.perimeter.incident.IncidentPage;
import dev.perimeter.incident.IncidentQuery;
import dev.perimeter.incident.IncidentService;
import dev.perimeter.incident.Vector;
import io.javalin.http.Context;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** /incidents pages and /api/v1/incidents. Parse, call the incident service, render. */
final class IncidentRoutes {
    static final int PAGE_SIZE = 50;
    static final int MAX_LIMIT = 500;
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,159}");

    private final IncidentService incidents;
    private final dev.perimeter.stats.StatsService stats;

    IncidentRoutes(IncidentService incidents, dev.perimeter.stats.StatsService stats) {
        this.incidents = incidents;
        this.stats = stats;
    }

    private IncidentQuery query(Context ctx, int defaultLimit) {
        return new IncidentQuery(Params.text(ctx, "q"), Params.chain(ctx, "chain"), Params.semester(ctx, "semester"),
                Params.vector(ctx, "vector"), Params.bool(ctx, "verified"), protocol(ctx),
                Params.integer(ctx, "limit", defaultLimit, 1, MAX_LIMIT), Params.integer(ctx, "offset", 0, 0, 10_000_000));
    }

    private static String protocol(Context ctx) {
        String p = ctx.queryParam("protocol");
        if (p == null || p.isBlank()) return null;
        if (!ID.matcher(p).matches()) throw HttpError.badRequest("protocol", "protocol must be a protocol slug like poly-network.");
        return p;
    }

    static String id(Context ctx) {
        String id = ctx.pathParam("id");
        if (!ID.matcher(id).matches()) {
            throw HttpError.badRequest("id", "An incident id looks like 2026-04-18-kelpdao (lowercase letters, digits and dashes).");
        }
        return id;
    }

    void page(Context ctx) {
        IncidentQuery q = query(ctx, PAGE_SIZE);
        IncidentPage page = incidents.find(q);
        Map<String, Object> m = new HashMap<>();
        m.put("title", "Incidents");
        m.put("page", page);
        m.put("q", q);
        m.put("vectors", Vector.values());
        m.put("semesters", incidents.semesters());
        m.put("chains", incidents.chains());
        m.put("prevOffset", q.offset() > 0 ? Math.max(0, q.offset() - q.limit()) : null);
        m.put("nextOffset", q.offset() + q.limit() < page.total() ? q.offset() + q.limit() : null);
        m.put("filterQuery", filterQuery(q));
        ctx.render("incidents", m);
    }

    /** The current filters as a query string (without offset), for paging links. */
    static String filterQuery(IncidentQuery q) {
        StringBuilder sb = new StringBuilder();
        Views v = new Views();
        if (q.text() != null) sb.append("&q=").append(v.enc(q.text()));
        if (q.chain() != null) sb.append("&chain=").append(v.enc(q.chain()));
        if (q.semester() != null) sb.append("&semester=").append(v.enc(q.semester()));
        if (q.vector() != null) sb.append("&vector=").append(q.vector().code);
        if (q.verified() != null) sb.append("&verified=").append(q.verified());
        if (q.protocol() != null) sb.append("&protocol=").append(v.enc(q.protocol()));
        if (q.limit() != PAGE_SIZE) sb.append("&limit=").append(q.limit());
        return sb.toString();
    }

    void detail(Context ctx) {
        Incident i = incidents.get(id(ctx)).orElseThrow(() -> HttpError.notFound("No incident has the id '" + ctx.pathParam("id") + "'."));
        Map<String, Object> m = new HashMap<>();
        m.put("title", i.protocolName() + " — " + i.date());
        m.put("i", i);
        m.put("contracts", i.contracts().stream().map(IncidentJson::contract).toList());
        m.put("assets", i.affectedAssets().stream().map(IncidentJson::asset).toList());
        m.put("context", stats.context(i.id()).orElse(null));
        ctx.render("incident", m);
    }

    void apiList(Context ctx) {
        IncidentQuery q = query(ctx, 100);
        IncidentPage page = incidents.find(q);
        List<IncidentJson.Item> items = page.items().stream().map(i -> IncidentJson.of(i, false)).toList();
        ctx.json(new IncidentJson.Page(items, page.total(), q.limit(), q.offset()));
    }

    void apiDetail(Context ctx) {
        Incident i = incidents.get(id(ctx)).orElseThrow(() -> HttpError.notFound("No incident has the id '" + ctx.pathParam("id") + "'."));
        ctx.json(IncidentJson.of(i, true));
    }
}
