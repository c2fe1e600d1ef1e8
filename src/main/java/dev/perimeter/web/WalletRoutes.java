package dev.perimeter.web;

import dev.perimeter.exposure.ExposureReport;
import dev.perimeter.exposure.ExposureService;
import dev.perimeter.util.Chains;
import dev.perimeter.wallet.WalletInput;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** /wallet/{addressOrEns}, /wallets?addresses=…, the exposure API and dismissals. Parse, call the exposure service, render. */
final class WalletRoutes {
    private final ExposureService exposure;
    private final RateLimiter limiter;
    private final ClientAddress clientIp;

    /**
     * Spends one unit of the client's scan budget; 429 with Retry-After when it is used up. Called only for work that
     * reaches the RPC endpoints (an ENS lookup, a scan that is not cached): cached reports cost nothing.
     */
    void charge(Context ctx) {
        charge(ctx, "wallet scans");
    }

    /** The same budget, for another kind of request (named in the 429's sentence). */
    void charge(Context ctx, String what) {
        if (limiter == null) return;
        long wait = limiter.acquire(clientIp.of(ctx));
        if (wait > 0) {
            ctx.header("Retry-After", String.valueOf(wait));
            throw new HttpError(429, "Too many " + what + " from your address; try again in " + wait + " s.", null);
        }
    }

    /** Rendered wallet pages, kept while their scans are cached (keyed by scans, data version and the viewer's dismissals). */
    private final PageCache pages;

    /** What data/infrastructure says beside a control reading (null: nothing shown beside it). */
    private final dev.perimeter.control.ContractControl control;

    WalletRoutes(ExposureService exposure, RateLimiter limiter, ClientAddress clientIp, PageCache pages) {
        this(exposure, limiter, clientIp, pages, null);
    }

    WalletRoutes(ExposureService exposure, RateLimiter limiter, ClientAddress clientIp, PageCache pages,
                 dev.perimeter.control.ContractControl control) {
        this.exposure = exposure;
        this.limiter = limiter;
        this.clientIp = clientIp;
        this.pages = pages;
        this.control = control;
    }

    /** The comparison of a control reading with data/infrastructure (pure over the loaded catalog). */
    private WalletJson.Compare compare() {
        return control == null ? WalletJson.Compare.NONE : control::compared;
    }

    /** The ?chains= list: every name must be a chain this instance scans; default all of them. */
    List<String> chains(Context ctx) {
        return chains(ctx.queryParam("chains"));
    }

    /** A comma list of chains (null or blank: every chain this instance scans), validated as ?chains= is. */
    List<String> chains(String raw) {
        if (raw == null || raw.isBlank()) return exposure.chains();
        if (raw.length() > 200) throw HttpError.badRequest("chains", "chains is too long.");
        List<String> out = new ArrayList<>();
        for (String part : raw.split(",")) {
            String c = part.trim().toLowerCase(Locale.ROOT);
            if (c.isEmpty()) continue;
            if (Chains.bySlug(c).isEmpty()) {
                // Echo the name only when it could be one: the JSON error and the progress stream are not HTML-escaped.
                String name = part.trim();
                throw HttpError.badRequest("chains", "Unknown chain" + (name.matches("[A-Za-z0-9_.-]{1,40}") ? " '" + name + "'" : "")
                        + ". Known chains: " + String.join(", ", Chains.slugs()) + ".");
            }
            if (!exposure.chains().contains(c)) throw HttpError.badRequest("chains", "This instance does not scan " + c + ".");
            if (!out.contains(c)) out.add(c);
        }
        if (out.isEmpty()) throw HttpError.badRequest("chains", "chains names no chain.");
        return out;
    }

    /**
     * The chains to scan for one address: those named (every one of the address's family, else 400 saying which), or
     * every chain of its family this instance scans.
     */
    List<String> familyChains(String address, String raw) {
        List<String> chains = chains(raw);
        if (raw != null && !raw.isBlank()) {
            String wrong = WalletInput.familyError(address, chains);
            if (wrong != null) throw HttpError.badRequest("chains", wrong);
            return chains;
        }
        List<String> mine = WalletInput.ofFamily(address, chains);
        if (mine.isEmpty()) throw HttpError.badRequest("address", WalletInput.isSolana(address)
                ? "This instance does not scan solana, and this is a Solana address." : "This instance scans no EVM chain, and this is an EVM address.");
        return mine;
    }

    /** Validates and resolves one input to a lowercase address; fills ens when it was a name. */
    String resolve(Context ctx, String raw, Map<String, String> ensOut, String field) {
        WalletInput in = WalletInput.parse(raw);
        if (!in.ok()) throw HttpError.badRequest(field, in.error());
        if (in.address() != null) return in.address();
        charge(ctx);
        String resolved;
        try {
            resolved = exposure.resolveEns(in.ens()).orElseThrow(() ->
                    new HttpError(404, "The ENS name " + in.ens() + " has no address set.", field));
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw HttpError.badRequest(field, e.getMessage());
        } catch (dev.perimeter.chain.RpcException e) {
            throw new HttpError(502, "The ENS name could not be resolved: " + e.getMessage(), field);
        }
        ensOut.put(resolved, in.ens());
        return resolved;
    }

    ExposureReport one(Context ctx) {
        Map<String, String> ens = new HashMap<>();
        String address = resolve(ctx, ctx.pathParam("address"), ens, "address");
        List<String> chains = familyChains(address, ctx.queryParam("chains"));
        if (exposure.cachedScan(address, chains).isEmpty()) charge(ctx);
        return exposure.report(List.of(address), ens, chains, Viewer.of(ctx));
    }

    ExposureReport many(Context ctx) {
        String raw = ctx.queryParam("addresses");
        if (raw == null || raw.isBlank()) throw HttpError.badRequest("addresses", "Give up to " + ExposureService.MAX_WALLETS
                + " wallet addresses or ENS names, separated by commas.");
        if (raw.length() > 6_000) throw HttpError.badRequest("addresses", "addresses is too long.");
        String[] parts = raw.split("[,\\s]+");
        if (parts.length > ExposureService.MAX_WALLETS) {
            throw HttpError.badRequest("addresses", "At most " + ExposureService.MAX_WALLETS + " wallets per report (got " + parts.length + ").");
        }
        Map<String, String> ens = new HashMap<>();
        List<String> addresses = new ArrayList<>();
        for (String p : parts) {
            if (p.isBlank()) continue;
            String a = resolve(ctx, p, ens, "addresses");
            if (!addresses.contains(a)) addresses.add(a);
        }
        if (addresses.isEmpty()) throw HttpError.badRequest("addresses", "No wallet address given.");
        List<String> chains = chains(ctx);
        for (String a : addresses) if (exposure.cachedScan(a, chains).isEmpty()) charge(ctx);
        return exposure.report(addresses, ens, chains, Viewer.of(ctx));
    }

    void page(Context ctx) {
        // Fast path: a plain address whose scan is still cached, rendered before — serve the stored page without rebuilding.
        WalletInput in = WalletInput.parse(ctx.pathParam("address"));
        if (in.ok() && in.address() != null && pages != null) {
            List<String> chains = chains(ctx);
            var scan = exposure.cachedScan(in.address(), chains);
            if (scan.isPresent() && pages.serve(ctx, pageKey(ctx, List.of(scan.get())))) return;
        }
        render(ctx, one(ctx));
    }

    /** A rendered wallet page depends on the scans, the data version and the viewer's dismissals. */
    private String pageKey(Context ctx, List<dev.perimeter.wallet.WalletScan> scans) {
        String viewer = Viewer.of(ctx);
        java.util.Set<String> dismissed = exposure.dismissed(viewer);
        StringBuilder k = new StringBuilder("wallet-page|").append(exposure.snapshot().version()).append('|')
                .append(dismissed.isEmpty() ? "-" : viewer + ":" + dismissed.hashCode()).append('|').append(ctx.queryString());
        for (var w : scans) k.append('|').append(w.address()).append('@').append(w.scannedAt());
        return k.toString();
    }

    void pageMany(Context ctx) {
        render(ctx, many(ctx));
    }

    private void render(Context ctx, ExposureReport r) {
        // A report built from cached scans renders the same until a scan, a dismissal or the data changes: reuse the HTML.
        String key = pageKey(ctx, r.scans());
        if (r.cached() && pages != null && pages.serve(ctx, key)) return;
        renderFresh(ctx, r);
        if (pages != null) pages.store(ctx, key, 60_000);
    }

    private void renderFresh(Context ctx, ExposureReport r) {
        Map<String, Object> m = new HashMap<>();
        m.put("title", r.scans().size() == 1 ? "Wallet " + WalletJson.addr(r.scans().get(0).address()) : r.scans().size() + " wallets");
        m.put("r", r);
        m.put("back", ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString()));
        m.put("severities", dev.perimeter.exposure.Severity.values());
        m.put("ctl", new ControlBrief(r, compare()));
        ctx.render("wallet", m);
    }

    /**
     * Server-Sent Events for one wallet scan: an event "chain" as each chain completes, then "done" with the report's URL
     * (the scan is cached, so that page is served at once), or "failed" with a message. Enhances the form; never needed.
     */
    void progress(io.javalin.http.sse.SseClient client) {
        Context ctx = client.ctx();
        try {
            Map<String, String> ens = new HashMap<>();
            String address = resolve(ctx, ctx.pathParam("address"), ens, "address");
            List<String> chains = chains(ctx);
            if (exposure.cachedScan(address, chains).isEmpty()) charge(ctx);
            Map<String, Object> start = new LinkedHashMap<>();
            start.put("chains", chains);
            client.sendEvent("start", start);
            exposure.scanWithProgress(address, ens.get(address), chains, c -> {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("chain", c.chain());
                e.put("name", Chains.bySlug(c.chain()).map(Chains.Chain::name).orElse(c.chain()));
                e.put("status", c.status().code());
                e.put("block", c.block());
                e.put("millis", c.millis());
                e.put("holdings", c.holdings().size());
                e.put("error", c.error());
                synchronized (client) {
                    client.sendEvent("chain", e);
                }
            });
            Map<String, Object> done = new LinkedHashMap<>();
            done.put("url", "/wallet/" + WalletJson.addr(address) + (ctx.queryString() == null ? "" : "?" + ctx.queryString()));
            client.sendEvent("done", done);
        } catch (HttpError e) {
            client.sendEvent("failed", Map.of("error", e.getMessage()));
        } catch (ExposureService.BusyException e) {
            client.sendEvent("failed", Map.of("error", e.getMessage()));
        }
    }

    void api(Context ctx) {
        ExposureReport r = one(ctx);
        ctx.json(WalletJson.of(r, compare()));
    }

    void apiMany(Context ctx) {
        ExposureReport r = many(ctx);
        ctx.json(WalletJson.of(r, compare()));
    }

    /** The key as given, when it has the shape of a finding key (kind, chain and addresses checked); else 400. */
    static String findingKey(String raw) {
        java.util.Optional<String> problem = dev.perimeter.exposure.FindingKeys.problem(raw);
        if (problem.isPresent()) throw HttpError.badRequest("key", problem.get());
        return raw;
    }

    /**
     * A key to show again: the looser pattern every stored key has matched, so keys stored before shapes were checked can
     * still be undone (deleting writes nothing); anything else is 400.
     */
    static String storedKey(String raw) {
        if (raw == null || raw.isBlank()) throw HttpError.badRequest("key", "A finding key is required.");
        if (raw.length() > dev.perimeter.exposure.FindingKeys.MAX_LENGTH || !raw.matches("[a-z_]+:[a-z0-9-]+:[0-9a-z*#-]+:[a-z0-9x:-]*")) {
            throw HttpError.badRequest("key", "That is not a finding key.");
        }
        return raw;
    }

    static String back(Context ctx) {
        String b = ctx.formParam("back");
        return b != null && b.startsWith("/wallet") && !b.startsWith("//") && b.length() < 2000 && !b.contains("\r") && !b.contains("\n")
                ? b : "/";
    }

    /** A dismissal writes a row: the key is checked, then one unit of the client's budget is spent (429 beyond). */
    void dismissForm(Context ctx) {
        sameOrigin(ctx);
        String key = findingKey(ctx.formParam("key"));
        String viewer = Viewer.ensure(ctx);
        charge(ctx, "dismissals");
        exposure.dismiss(viewer, key, null);
        ctx.redirect(back(ctx), HttpStatus.SEE_OTHER);
    }

    void restoreForm(Context ctx) {
        sameOrigin(ctx);
        String viewer = Viewer.of(ctx);
        String key = storedKey(ctx.formParam("key"));
        if (viewer != null) exposure.restore(viewer, key);
        ctx.redirect(back(ctx), HttpStatus.SEE_OTHER);
    }

    void apiDismiss(Context ctx) {
        sameOrigin(ctx);
        String key = findingKey(ctx.pathParam("key"));
        String viewer = Viewer.ensure(ctx);
        charge(ctx, "dismissals");
        exposure.dismiss(viewer, key, null);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", ctx.pathParam("key"));
        out.put("dismissed", true);
        out.put("viewer", viewer);
        ctx.json(out);
    }

    void apiRestore(Context ctx) {
        sameOrigin(ctx);
        String key = storedKey(ctx.pathParam("key"));
        String viewer = Viewer.of(ctx);
        boolean existed = viewer != null && exposure.restore(viewer, key);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", ctx.pathParam("key"));
        out.put("dismissed", false);
        out.put("wasDismissed", existed);
        ctx.json(out);
    }

    /**
     * Writes come only from this instance's own pages, or from tools that send no browser headers (curl). Browsers say
     * where a request comes from in Sec-Fetch-Site; with Referrer-Policy no-referrer their form posts carry "Origin: null",
     * so Origin alone cannot tell our own form from another site's.
     */
    static void sameOrigin(Context ctx) {
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null) {
            if (site.equals("same-origin") || site.equals("none")) return;
            throw new HttpError(403, "Cross-site requests may not change this instance.", null);
        }
        String origin = ctx.header("Origin");
        if (origin == null) return;
        String host = ctx.header("Host");
        if (host == null || !(origin.equals("http://" + host) || origin.equals("https://" + host))) {
            throw new HttpError(403, "Cross-site requests may not change this instance.", null);
        }
    }
}
