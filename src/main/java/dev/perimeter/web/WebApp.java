package dev.perimeter.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.perimeter.incident.IncidentService;
import dev.perimeter.util.Addresses;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/** HTTP: routes, error pages, headers. Handlers only translate HTTP; services do the work. */
public final class WebApp {
    private static final Logger log = LoggerFactory.getLogger(WebApp.class);
    static final long MAX_REQUEST_BYTES = 64 * 1024;

    /** What the web layer needs from the rest of the app. */
    public record Services(IncidentService incidents, dev.perimeter.stats.StatsService stats,
                           dev.perimeter.exposure.ExposureService exposure,
                           dev.perimeter.infrastructure.InfrastructureService infrastructure,
                           dev.perimeter.health.HealthService health, dev.perimeter.contract.ContractLookup contracts,
                           RateLimiter scanLimiter, ClientAddress clientIp,
                           java.time.Duration pageCacheTtl, java.time.Clock clock,
                           dev.perimeter.watch.WatchService watches, java.net.URI publicUrl,
                           RateLimiter watchQuota, dev.perimeter.control.ContractControl control) {}

    private WebApp() {}

    public static ObjectMapper objectMapper() {
        return new ObjectMapper()
                .findAndRegisterModules()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .setSerializationInclusion(JsonInclude.Include.ALWAYS);
    }

    public static Javalin create(Services s) {
        Views views = new Views();
        Templates templates = new Templates(views);
        PageCache pages = new PageCache(s.pageCacheTtl().toMillis(), 32L * 1024 * 1024, s.clock(),
                () -> s.incidents().version() * 1_000_003L + s.exposure().snapshot().version());
        List<Routes.Route> table = Routes.table(s);
        return Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.http.maxRequestSize = MAX_REQUEST_BYTES;
            cfg.router.ignoreTrailingSlashes = true;
            // Requests Jetty refuses before any route runs (bad escapes, over-long URIs) get its own error page: give it
            // our security headers and never a stack trace.
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new SafeErrorHandler()));
            cfg.fileRenderer(templates);
            cfg.jsonMapper(new JavalinJackson(objectMapper(), false));
            cfg.staticFiles.add(sf -> {
                sf.hostedPath = "/static";
                sf.directory = "/static";
                sf.location = Location.CLASSPATH;
                sf.headers = Map.of("Cache-Control", "public, max-age=3600");
            });

            cfg.routes.before(ctx -> securityHeaders(ctx));
            for (Routes.Route r : table) {
                cfg.routes.addHttpHandler(r.method(), r.path(), r.cached() ? pages.wrap(r.handler()) : r.handler());
            }

            cfg.routes.exception(dev.perimeter.exposure.ExposureService.BusyException.class, (e, ctx) -> {
                ctx.header("Retry-After", "5");
                error(ctx, 503, e.getMessage(), null);
            });
            cfg.routes.exception(dev.perimeter.util.LimitReached.class, (e, ctx) -> {
                ctx.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
                error(ctx, 429, e.getMessage(), null);
            });
            cfg.routes.exception(HttpError.class, (e, ctx) -> error(ctx, e.status(), e.getMessage(), e.field()));
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                // The route pattern, not the request path (a path can hold a wallet address); details at debug level.
                log.error("unhandled error on {} {}: {}", ctx.method(), ctx.endpoint() == null ? "?" : ctx.endpoint().path,
                        e.getClass().getName());
                log.debug("unhandled error", e);
                error(ctx, 500, "Something went wrong on our side. The error was logged.", null);
            });
            cfg.routes.error(404, ctx -> {
                if (ctx.attribute("perimeter.error") == null) error(ctx, 404, "There is no page at this address.", null);
            });
            cfg.routes.error(413, ctx -> error(ctx, 413, "The request is too large.", null));
            cfg.routes.error(405, ctx -> error(ctx, 405, "This method is not allowed here.", null));
        });
    }


    static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
            + " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    static final class SafeErrorHandler extends org.eclipse.jetty.server.handler.ErrorHandler {
        SafeErrorHandler() {
            setShowStacks(false);
            setShowMessageInTitle(false);
        }

        @Override
        protected void generateResponse(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response, int code,
                                        String message, Throwable cause, org.eclipse.jetty.util.Callback callback) throws java.io.IOException {
            org.eclipse.jetty.http.HttpFields.Mutable h = response.getHeaders();
            h.put("Content-Security-Policy", CSP);
            h.put("X-Content-Type-Options", "nosniff");
            h.put("Referrer-Policy", "no-referrer");
            h.put("X-Frame-Options", "DENY");
            String accept = request.getHeaders().get("Accept");
            if (accept != null && accept.contains("text/html")) {
                super.generateResponse(request, response, code, message, null, callback);
                return;
            }
            // Jetty may no longer know the path (an unparsable or over-long URI), so API clients and tools get the API's
            // error shape: {"error": "...", "field": null}.
            String sentence = code == 414 ? "The request URI is too long."
                    : code == 431 ? "The request headers are too large."
                    : "The request is malformed (bad escape or character in the URI).";
            h.put("Content-Type", "application/json");
            byte[] body = ("{\"error\":\"" + sentence + "\",\"field\":null}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            response.write(true, java.nio.ByteBuffer.wrap(body), callback);
        }
    }

    static void securityHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        // same-origin, not no-referrer: under no-referrer browsers send "Origin: null" on this site's own form posts, and
        // the same-origin check of the dismiss forms refuses them. Other sites still get no Referer (nor do links: noreferrer).
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
        if (!ctx.path().startsWith("/static/")) ctx.header("Cache-Control", "no-store");
    }

    static boolean isApi(Context ctx) {
        return ctx.path().startsWith("/api/");
    }

    static void error(Context ctx, int status, String message, String field) {
        ctx.attribute("perimeter.error", Boolean.TRUE);
        ctx.status(status);
        if (isApi(ctx)) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", message);
            body.put("field", field);
            ctx.json(body);
        } else {
            Map<String, Object> m = new HashMap<>();
            m.put("title", status == 404 ? "Not found" : status == 429 ? "Too many requests" : status >= 500 ? "Error" : "Bad request");
            m.put("status", status);
            m.put("message", message);
            m.put("field", field);
            ctx.render("error", m);
        }
    }
}
