package dev.perimeter.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perimeter.exposure.Severity;
import dev.perimeter.util.Chains;
import dev.perimeter.watch.WatchDiff;
import dev.perimeter.watch.WatchService;
import dev.perimeter.watch.WatchStore;
import dev.perimeter.watch.WatchedFinding;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Watches: create (form and API), read, delete, the watch page and its Atom feed. Parse, call the watch service, render. */
final class WatchRoutes {
    private final WatchService watches;
    private final WalletRoutes wallets;
    private final java.net.URI publicUrl;
    private final RateLimiter quota;
    private final ClientAddress clientIp;
    private final ObjectMapper json = WebApp.objectMapper();

    /**
     * @param publicUrl PERIMETER_PUBLIC_URL (no trailing slash), or null: feeds then take the request's scheme and Host
     * @param quota     watches one client address may create per day (PERIMETER_WATCHES_PER_CLIENT); null: no quota
     */
    WatchRoutes(WatchService watches, WalletRoutes wallets, java.net.URI publicUrl, RateLimiter quota, ClientAddress clientIp) {
        this.watches = watches;
        this.wallets = wallets;
        this.publicUrl = publicUrl;
        this.quota = quota;
        this.clientIp = clientIp;
    }

    private record Input(String address, String chains, String label) {}

    /**
     * Validates, resolves and creates; the first scan spends one unit of the client's scan budget (an ENS name another),
     * the watch one of the client's daily watch quota (429 with Retry-After beyond; other clients keep theirs).
     */
    private WatchStore.Watch create(Context ctx, Input in) {
        if (in.address() == null || in.address().isBlank()) throw HttpError.badRequest("address", "A wallet address or ENS name is required.");
        if (in.address().length() > 300) throw HttpError.badRequest("address", "address is too long.");
        String label = label(in.label());
        List<String> chains = wallets.chains(in.chains());
        Map<String, String> ens = new HashMap<>();
        String address = wallets.resolve(ctx, in.address().trim(), ens, "address");
        wallets.charge(ctx);
        if (quota != null) {
            long wait = quota.acquire(clientIp.of(ctx));
            if (wait > 0) {
                ctx.header("Retry-After", String.valueOf(wait));
                throw new HttpError(429, "Your address has created as many watches as it may in a day; the next one can be created in "
                        + wait + " s.", null);
            }
        }
        return watches.create(address, ens.get(address), chains, label);
    }

    static String label(String raw) {
        if (raw == null || raw.isBlank()) return null;
        String t = raw.strip();
        if (t.length() > 100) throw HttpError.badRequest("label", "label is at most 100 characters.");
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (Character.isISOControl(c) || Character.isSurrogate(c) && !validSurrogate(t, i) || c == '\ufffe' || c == '\uffff'
                    || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')) {
                throw HttpError.badRequest("label", "label may not contain control or direction-override characters.");
            }
        }
        return t;
    }

    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    void createForm(Context ctx) {
        WalletRoutes.sameOrigin(ctx);
        WatchStore.Watch w = create(ctx, new Input(ctx.formParam("address"), ctx.formParam("chains"), ctx.formParam("label")));
        ctx.redirect("/watch/" + w.id(), HttpStatus.SEE_OTHER);
    }

    /** JSON {"address", "chains": [...] or "a,b", "label"}; a form-encoded body with the same fields is read too. */
    void apiCreate(Context ctx) {
        WalletRoutes.sameOrigin(ctx);
        Input in;
        String type = ctx.contentType() == null ? "" : ctx.contentType();
        if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data")) {
            in = new Input(ctx.formParam("address"), ctx.formParam("chains"), ctx.formParam("label"));
        } else {
            JsonNode body;
            try {
                body = json.readTree(ctx.body());
            } catch (Exception e) {
                throw HttpError.badRequest(null, "The body must be JSON: {\"address\": \"0x…\", \"chains\": [\"ethereum\"], \"label\": \"…\"}.");
            }
            if (body == null || !body.isObject()) throw HttpError.badRequest(null, "The body must be a JSON object with an address.");
            JsonNode a = body.get("address"), c = body.get("chains"), l = body.get("label");
            if (a != null && !a.isTextual()) throw HttpError.badRequest("address", "address must be a string.");
            if (l != null && !l.isNull() && !l.isTextual()) throw HttpError.badRequest("label", "label must be a string.");
            String chains = null;
            if (c != null && !c.isNull()) {
                if (c.isTextual()) chains = c.asText();
                else if (c.isArray()) {
                    List<String> parts = new ArrayList<>();
                    for (JsonNode x : c) {
                        if (!x.isTextual()) throw HttpError.badRequest("chains", "chains must be a list of chain names.");
                        parts.add(x.asText());
                    }
                    if (parts.isEmpty()) throw HttpError.badRequest("chains", "chains names no chain.");
                    chains = String.join(",", parts);
                } else throw HttpError.badRequest("chains", "chains must be a list of chain names.");
            }
            in = new Input(a == null ? null : a.asText(), chains, l == null || l.isNull() ? null : l.asText());
        }
        WatchStore.Watch w = create(ctx, in);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", w.id());
        out.put("page", "/watch/" + w.id());
        out.put("feed", "/watch/" + w.id() + "/feed.atom");
        ctx.status(201);
        ctx.json(out);
    }

    private WatchService.View view(Context ctx) {
        return watches.view(ctx.pathParam("id")).orElseThrow(() -> HttpError.notFound("There is no watch with this id (it may have been deleted)."));
    }

    void apiGet(Context ctx) {
        ctx.json(json(view(ctx)));
    }

    void apiDelete(Context ctx) {
        WalletRoutes.sameOrigin(ctx);
        String id = ctx.pathParam("id");
        if (!watches.delete(id)) throw HttpError.notFound("There is no watch with this id (it may have been deleted).");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("deleted", true);
        ctx.json(out);
    }

    void deleteForm(Context ctx) {
        WalletRoutes.sameOrigin(ctx);
        if (!watches.delete(ctx.pathParam("id"))) throw HttpError.notFound("There is no watch with this id (it may have been deleted).");
        Map<String, Object> m = new HashMap<>();
        m.put("title", "Watch deleted");
        m.put("status", 200);
        m.put("message", "The watch and everything stored for it were deleted.");
        m.put("field", null);
        ctx.render("error", m);
    }

    void page(Context ctx) {
        WatchService.View v = view(ctx);
        Map<String, Object> m = new HashMap<>();
        m.put("title", v.watch().label() != null ? "Watch: " + v.watch().label() : "Watch");
        m.put("w", v.watch());
        m.put("chains", v.chains());
        m.put("findings", v.findings().stream().sorted(java.util.Comparator.comparing(WatchedFinding::severity)).toList());
        m.put("changes", v.changes().stream().map(WatchRoutes::entry).toList());
        m.put("walletLink", "/wallet/" + WalletJson.addr(v.watch().address()) + "?chains=" + String.join(",", v.watch().chains()));
        m.put("expiresAt", v.expiresAt());
        m.put("ttlDays", watches.ttl().toDays());
        m.put("ttlText", ttlText(watches.ttl()));
        ctx.render("watch", m);
    }

    /** "90 days", "12 hours": how long an unread watch is kept, in words. */
    static String ttlText(java.time.Duration ttl) {
        if (ttl.toHours() % 24 == 0) return ttl.toDays() + (ttl.toDays() == 1 ? " day" : " days");
        return ttl.toHours() + (ttl.toHours() == 1 ? " hour" : " hours");
    }

    void feed(Context ctx) {
        WatchService.View v = view(ctx);
        String base;
        if (publicUrl != null) {
            base = publicUrl.toString();
        } else {
            String host = ctx.host();
            base = (ctx.scheme() == null ? "http" : ctx.scheme()) + "://" + (host == null || host.isBlank() ? "localhost" : host);
        }
        ctx.contentType("application/atom+xml; charset=utf-8");
        ctx.result(AtomFeed.write(v, base, ttlText(watches.ttl())));
    }

    /** A change as the timeline and the feed show it. */
    record Entry(String entryId, String anchor, java.time.Instant createdAt, String kind, String title, String severity,
                 String previousSeverity, String message, List<String> incidentIds, String evidence, String contractLink,
                 WatchedFinding finding) {
        public List<String> evidenceLines() {
            return evidence == null ? List.of() : List.of(evidence.split("\n"));
        }
    }

    static Entry entry(WatchStore.ChangeEntry e) {
        WatchedFinding f = e.finding();
        String what = f.kind().code() + " — " + (f.assetSymbol() != null ? f.assetSymbol() : f.asset() == null ? "?" : f.asset())
                + " on " + Chains.bySlug(f.chain()).map(Chains.Chain::name).orElse(f.chain());
        String title = switch (e.kind()) {
            case NEW -> "New " + f.severity().code() + " finding: " + what;
            case RAISED -> "Severity raised " + sev(e.previousSeverity()) + " → " + f.severity().code() + ": " + what;
            case LOWERED -> "Severity lowered " + sev(e.previousSeverity()) + " → " + f.severity().code() + ": " + what;
            case RESOLVED -> "Resolved: " + what;
        };
        String contract = f.spender() != null && f.spender().matches("0x[0-9a-f]{40}") ? "/contracts/" + f.chain() + "/" + f.spender() : null;
        return new Entry(e.entryId(), "change-" + e.entryId(), e.createdAt(), e.kind().code(), title, f.severity().code(),
                e.previousSeverity() == null ? null : e.previousSeverity().code(), f.message(), f.incidentIds(), f.evidence(), contract, f);
    }

    private static String sev(Severity s) {
        return s == null ? "?" : s.code();
    }

    static Map<String, Object> json(WatchService.View v) {
        WatchStore.Watch w = v.watch();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", w.id());
        out.put("address", WalletJson.addr(w.address()));
        out.put("ens", w.ens());
        out.put("chains", w.chains());
        out.put("label", w.label());
        out.put("createdAt", w.createdAt().toString());
        out.put("lastScanAt", w.lastScanAt() == null ? null : w.lastScanAt().toString());
        out.put("nextScanAt", w.nextScanAt().toString());
        out.put("lastReadAt", w.lastReadAt().toString());
        out.put("expiresAt", v.expiresAt().toString());
        out.put("page", "/watch/" + w.id());
        out.put("feed", "/watch/" + w.id() + "/feed.atom");
        List<Map<String, Object>> chains = new ArrayList<>();
        for (WatchStore.ChainState c : v.chains()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("chain", c.chain());
            m.put("status", c.status().code());
            m.put("block", c.block());
            m.put("scannedAt", c.scannedAt().toString());
            chains.add(m);
        }
        out.put("chainStatus", chains);
        List<Map<String, Object>> findings = new ArrayList<>();
        for (WatchedFinding f : v.findings()) findings.add(finding(f));
        out.put("findings", findings);
        List<Map<String, Object>> changes = new ArrayList<>();
        for (WatchStore.ChangeEntry e : v.changes()) {
            Entry x = entry(e);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", e.entryId());
            m.put("createdAt", e.createdAt().toString());
            m.put("change", e.kind().code());
            m.put("title", x.title());
            m.put("previousSeverity", x.previousSeverity());
            m.put("finding", finding(e.finding()));
            m.put("evidence", e.finding().evidence());
            changes.add(m);
        }
        out.put("changes", changes);
        return out;
    }

    private static Map<String, Object> finding(WatchedFinding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", f.key());
        m.put("kind", f.kind().code());
        m.put("chain", f.chain());
        m.put("severity", f.severity().code());
        m.put("asset", f.asset() != null && f.asset().matches("0x[0-9a-f]{40}") ? WalletJson.addr(f.asset()) : f.asset());
        m.put("assetSymbol", f.assetSymbol());
        m.put("spender", f.spender() != null && f.spender().matches("0x[0-9a-f]{40}") ? WalletJson.addr(f.spender()) : f.spender());
        m.put("protocol", f.protocol());
        m.put("infrastructure", f.infrastructure());
        m.put("incidentIds", f.incidentIds());
        m.put("message", f.message());
        return m;
    }

    static boolean isResolved(Entry e) {
        return e.kind().equals(WatchDiff.ChangeKind.RESOLVED.code());
    }
}
