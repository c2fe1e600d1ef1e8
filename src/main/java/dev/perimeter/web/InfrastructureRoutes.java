package dev.perimeter.web;

import dev.perimeter.infrastructure.Infrastructure;
import dev.perimeter.infrastructure.InfrastructureService;
import dev.perimeter.infrastructure.LinkedIncident;
import dev.perimeter.token.Token;
import dev.perimeter.util.Addresses;
import dev.perimeter.util.Chains;
import io.javalin.http.Context;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** /infrastructure pages and /api/v1/infrastructure. Parse, call the infrastructure service, render. */
final class InfrastructureRoutes {
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");

    private final InfrastructureService infrastructure;

    InfrastructureRoutes(InfrastructureService infrastructure) {
        this.infrastructure = infrastructure;
    }

    // ---- parameters -----------------------------------------------------------------------------------------

    private static InfrastructureService.Sort sort(Context ctx) {
        String v = ctx.queryParam("sort");
        if (v == null || v.isBlank()) return InfrastructureService.Sort.NAME;
        return InfrastructureService.Sort.parse(v)
                .orElseThrow(() -> HttpError.badRequest("sort", "sort must be one of name, kind, incidents, lost, risk."));
    }

    private static boolean descending(Context ctx, InfrastructureService.Sort sort) {
        String v = ctx.queryParam("dir");
        if (v == null || v.isBlank()) return sort.defaultDescending();
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "asc" -> false;
            case "desc" -> true;
            default -> throw HttpError.badRequest("dir", "dir must be asc or desc.");
        };
    }

    private InfrastructureService.Detail detail(Context ctx) {
        String slug = ctx.pathParam("slug");
        if (!SLUG.matcher(slug).matches()) {
            throw HttpError.badRequest("slug", "An infrastructure slug looks like ronin-bridge (lowercase letters, digits and dashes).");
        }
        return infrastructure.detail(slug).orElseThrow(() -> HttpError.notFound("No infrastructure row has the slug '" + slug + "'."));
    }

    // ---- pages ----------------------------------------------------------------------------------------------

    /** A column header: its label, the link that sorts by it, and whether (and how) the table is sorted by it now. */
    public record Header(String label, String href, boolean active, boolean descending) {
        public String ariaSort() {
            return active ? (descending ? "descending" : "ascending") : "none";
        }

        public String arrow() {
            return active ? (descending ? " ▼" : " ▲") : "";
        }
    }

    /** A sortable column of /infrastructure: its sort code and its heading. */
    private record Column(String sort, String label) {}

    private static final List<Column> COLUMNS = List.of(new Column("name", "Name"), new Column("kind", "Kind"), new Column("risk", "Risk"),
            new Column("incidents", "Incidents"), new Column("lost", "Lost (USD)"));

    static Map<String, Header> headers(InfrastructureService.Sort current, boolean descending) {
        Map<String, Header> out = new LinkedHashMap<>();
        for (Column c : COLUMNS) {
            InfrastructureService.Sort s = InfrastructureService.Sort.parse(c.sort()).orElseThrow();
            boolean active = s == current;
            boolean nextDesc = active ? !descending : s.defaultDescending();
            out.put(c.sort(), new Header(c.label(), "/infrastructure?sort=" + s.code() + "&dir=" + (nextDesc ? "desc" : "asc"), active, descending));
        }
        return out;
    }

    void page(Context ctx) {
        InfrastructureService.Sort sort = sort(ctx);
        boolean desc = descending(ctx, sort);
        List<InfrastructureService.Row> rows = infrastructure.rows(sort, desc);
        Map<String, Object> m = new HashMap<>();
        m.put("title", "Infrastructure");
        m.put("rows", rows);
        m.put("headers", headers(sort, desc));
        m.put("sortLabel", sort.code() + (desc ? ", descending" : ", ascending"));
        m.put("exploited", rows.stream().filter(r -> r.infrastructure().exploited()).count());
        m.put("verified", rows.stream().filter(r -> r.infrastructure().verified()).count());
        ctx.render("infrastructure", m);
    }

    void detailPage(Context ctx) {
        InfrastructureService.Detail d = detail(ctx);
        Infrastructure i = d.infrastructure();
        Map<String, Object> m = new HashMap<>();
        m.put("title", i.name());
        m.put("d", d);
        m.put("i", i);
        m.put("risks", List.of(new RiskRow("Who validates transfers", i.validatedBy()),
                new RiskRow("Source upgradeability", i.sourceUpgradeability()),
                new RiskRow("Destination token", i.destinationToken())));
        m.put("sources", i.sources().stream().map(InfrastructureRoutes::sourceLink).toList());
        m.put("contracts", i.contracts().stream().map(InfrastructureRoutes::contract).toList());
        m.put("tokens", d.tokens().stream().map(InfrastructureRoutes::token).toList());
        ctx.render("infrastructure-detail", m);
    }

    public record RiskRow(String dimension, Infrastructure.Risk risk) {}

    /** A source as written, with a URL when it is one or names a repository file at a commit. */
    public record SourceLink(String text, String url) {}

    static SourceLink sourceLink(String s) {
        dev.perimeter.util.SourceRefs.Link l = dev.perimeter.util.SourceRefs.of(s);
        return new SourceLink(l.text(), l.url());
    }

    // ---- JSON -----------------------------------------------------------------------------------------------

    public record RiskJson(String level, String reason) {}

    public record Risks(RiskJson validatedBy, RiskJson sourceUpgradeability, RiskJson destinationToken) {}

    public record ContractJson(String chain, String address, String role, String explorerUrl, String source) {}

    public record LinkedIncidentJson(String id, String date, String protocolName, String title, String lossUsd, String url) {}

    public record TokenJson(String chain, String address, String symbol, String name, String kind, String explorerUrl, String rule,
                     String reason, String via) {}

    public record Item(String slug, String name, String kind, List<String> chains, String validation, String signerThreshold,
                String upgradeability, List<String> status, boolean exploited, boolean paused, boolean archived, Risks risk,
                String operator, String website, List<String> sources, boolean verified, int incidentCount, String lostUsd,
                int incidentsWithUnknownLoss, String url, List<ContractJson> contracts, List<LinkedIncidentJson> incidents,
                List<TokenJson> tokens) {}

    public record Page(List<Item> items, int total, String sort, String dir) {}

    private static RiskJson risk(Infrastructure.Risk r) {
        return new RiskJson(r.level() == null ? null : r.level().code(), r.reason());
    }

    static ContractJson contract(Infrastructure.Contract c) {
        String shown = Addresses.isHex40(c.address()) ? Addresses.checksum(c.address()) : c.address();
        return new ContractJson(c.chain(), shown, c.role(), Chains.explorerAddressUrl(c.chain(), shown), c.source());
    }

    static TokenJson token(InfrastructureService.DependentToken d) {
        Token t = d.token();
        String shown = Addresses.isHex40(t.address()) ? Addresses.checksum(t.address()) : t.address();
        return new TokenJson(t.chain(), shown, blankToNull(t.symbol()), blankToNull(t.name()), t.kind(),
                Chains.explorerAddressUrl(t.chain(), shown), d.link().rule().id(), d.link().rule().reason(),
                d.link().direct() ? null : d.link().via());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    static Item item(Infrastructure i, InfrastructureService.Totals t, InfrastructureService.Detail d) {
        return new Item(i.slug(), i.name(), i.kind(), i.chains(), i.validation(), i.signerThreshold(), i.upgradeability(), i.status(),
                i.exploited(), i.paused(), i.archived(),
                new Risks(risk(i.validatedBy()), risk(i.sourceUpgradeability()), risk(i.destinationToken())),
                i.operator(), i.website(), i.sources(), i.verified(), t.incidents(), IncidentJson.money(t.lossUsd()), t.unknownLoss(),
                "/infrastructure/" + i.slug(),
                d == null ? null : i.contracts().stream().map(InfrastructureRoutes::contract).toList(),
                d == null ? null : d.incidents().stream().map(InfrastructureRoutes::incident).toList(),
                d == null ? null : d.tokens().stream().map(InfrastructureRoutes::token).toList());
    }

    private static LinkedIncidentJson incident(LinkedIncident x) {
        return new LinkedIncidentJson(x.id(), x.date().toString(), x.protocolName(), x.title(), IncidentJson.money(x.lossUsd()),
                "/incidents/" + x.id());
    }

    void apiList(Context ctx) {
        InfrastructureService.Sort sort = sort(ctx);
        boolean desc = descending(ctx, sort);
        List<Item> items = infrastructure.rows(sort, desc).stream().map(r -> item(r.infrastructure(), r.totals(), null)).toList();
        ctx.json(new Page(items, items.size(), sort.code(), desc ? "desc" : "asc"));
    }

    void apiDetail(Context ctx) {
        InfrastructureService.Detail d = detail(ctx);
        ctx.json(item(d.infrastructure(), d.totals(), d));
    }
}
