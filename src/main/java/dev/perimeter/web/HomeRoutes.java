package dev.perimeter.web;

import dev.perimeter.health.HealthService;
import dev.perimeter.incident.IncidentService;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.util.HashMap;
import java.util.Map;

/** The home page, the wallet form's redirect and /health. */
final class HomeRoutes {
    private final IncidentService incidents;
    private final HealthService health;

    HomeRoutes(IncidentService incidents, HealthService health) {
        this.incidents = incidents;
        this.health = health;
    }

    void home(Context ctx) {
        Map<String, Object> m = new HashMap<>();
        m.put("title", "Perimeter");
        m.put("headline", incidents.headline());
        m.put("published", incidents.published(null));
        ctx.render("home", m);
    }

    /** The home form submits ?address=...; send the browser to the canonical /wallet/{address}. */
    static void walletForm(Context ctx) {
        String a = ctx.queryParam("address");
        if (a == null || a.isBlank()) throw HttpError.badRequest("address", "Paste a wallet address (0x…) or an ENS name.");
        if (a.length() > 200) throw HttpError.badRequest("address", "That is far too long to be an address or ENS name.");
        ctx.redirect("/wallet/" + new Views().enc(a.trim()), HttpStatus.SEE_OTHER);
    }

    void health(Context ctx) {
        HealthService.Health h = health.check();
        ctx.status(h.database() ? 200 : 503);
        ctx.json(h);
    }

    /** /about/control: what a control reading reads and the rules that turn it into a control_risk finding. */
    static void aboutControl(Context ctx) {
        Map<String, Object> m = new HashMap<>();
        m.put("title", "Who controls what you hold: how Perimeter reads it");
        m.put("safeDelayHours", dev.perimeter.exposure.ControlRisk.SAFE_DELAY_HOURS);
        m.put("rulesVersion", dev.perimeter.exposure.ControlRisk.RULES_VERSION);
        m.put("maxHops", dev.perimeter.chain.ControlReader.MAX_HOPS);
        ctx.render("about-control", m);
    }

    /** /about/grade: the wallet grade's formula in words. */
    static void aboutGrade(Context ctx) {
        Map<String, Object> m = new HashMap<>();
        m.put("title", "How the wallet grade is made");
        m.put("lowShare", dev.perimeter.exposure.Grade.LOW_SHARE_FOR_C.toPlainString());
        ctx.render("about-grade", m);
    }
}
