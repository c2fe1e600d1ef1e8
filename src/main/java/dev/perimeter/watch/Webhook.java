package dev.perimeter.watch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perimeter.util.Addresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator's webhook (PERIMETER_WEBHOOK_URL, never a URL from a request): one JSON POST per watch change, signed with
 * {@code X-Perimeter-Signature: sha256=<hex HMAC-SHA256 of the body with PERIMETER_WEBHOOK_SECRET>} and carrying the
 * change's id as {@code Idempotency-Key}. Deliveries wait in the database (written with the change), so scans never wait
 * for the webhook and a restart keeps them; one background thread sends them, retrying failures with exponential backoff.
 */
public final class Webhook {
    private static final Logger log = LoggerFactory.getLogger(Webhook.class);

    /**
     * @param firstRetry wait after the first failure; doubled after each further one, up to maxRetry
     * @param maxAttempts attempts before a delivery is given up (kept, marked gave_up)
     * @param publicUrl  PERIMETER_PUBLIC_URL without its trailing slash: the body's links are absolute under it; null: paths
     */
    public record Settings(URI url, byte[] secret, Duration timeout, Duration firstRetry, Duration maxRetry, int maxAttempts,
                           URI publicUrl) {}

    private final WatchStore store;
    private final HttpClient http;
    private final Settings settings;
    private final Clock clock;
    private final ObjectMapper json;
    private final LoopSignal signal = new LoopSignal();

    public Webhook(WatchStore store, HttpClient http, Settings settings, Clock clock, ObjectMapper json) {
        this.store = store;
        this.http = http;
        this.settings = settings;
        this.clock = clock;
        this.json = json;
    }

    /** "sha256=" and the hex HMAC-SHA256 of body under secret. */
    public static String signature(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** The JSON body of a change's delivery (built once, stored, and sent byte for byte on every attempt). */
    public String body(WatchStore.Watch w, WatchStore.ChangeEntry e) {
        WatchedFinding f = e.finding();
        Map<String, Object> watch = new LinkedHashMap<>();
        watch.put("id", w.id());
        watch.put("label", w.label());
        watch.put("address", Addresses.checksum(w.address()));
        watch.put("ens", w.ens());
        watch.put("chains", w.chains());
        String base = settings.publicUrl() == null ? "" : settings.publicUrl().toString();
        watch.put("page", base + "/watch/" + w.id());
        watch.put("feed", base + "/watch/" + w.id() + "/feed.atom");
        Map<String, Object> finding = new LinkedHashMap<>();
        finding.put("key", f.key());
        finding.put("kind", f.kind().code());
        finding.put("chain", f.chain());
        finding.put("severity", f.severity().code());
        finding.put("previousSeverity", e.previousSeverity() == null ? null : e.previousSeverity().code());
        finding.put("asset", f.asset() == null || !f.asset().startsWith("0x") ? f.asset() : Addresses.checksum(f.asset()));
        finding.put("assetSymbol", f.assetSymbol());
        finding.put("spender", f.spender() == null ? null : Addresses.checksum(f.spender()));
        finding.put("protocol", f.protocol());
        finding.put("infrastructure", f.infrastructure());
        finding.put("incidentIds", f.incidentIds());
        List<String> links = new ArrayList<>();
        for (String id : f.incidentIds()) links.add(base + "/incidents/" + id);
        finding.put("incidents", links);
        finding.put("message", f.message());
        finding.put("evidence", f.evidence());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", e.entryId());
        out.put("type", "watch.change");
        out.put("change", e.kind().code());
        out.put("createdAt", e.createdAt().toString());
        out.put("watch", watch);
        out.put("finding", finding);
        try {
            return json.writeValueAsString(out);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Waits before attempt n+1 after n failed attempts: firstRetry × 2^(n-1), at most maxRetry. */
    Duration backoff(int failedAttempts) {
        Duration d = settings.firstRetry();
        for (int i = 1; i < failedAttempts && d.compareTo(settings.maxRetry()) < 0; i++) d = d.multipliedBy(2);
        return d.compareTo(settings.maxRetry()) > 0 ? settings.maxRetry() : d;
    }

    /** Attempts every delivery due now once; returns how many were delivered. */
    public int deliverDue() {
        int delivered = 0;
        while (!signal.stopped()) {
            List<WatchStore.Delivery> due = store.dueDeliveries(clock.instant(), 20);
            if (due.isEmpty()) break;
            int taken = 0;
            for (WatchStore.Delivery d : due) {
                // The next attempt (should this one fail or the process die) is set before sending: a lease on the delivery.
                Duration wait = backoff(d.attempts() + 1);
                Duration lease = settings.timeout().plusSeconds(5);
                Instant retryAt = clock.instant().plus(wait.compareTo(lease) > 0 ? wait : lease);
                if (!store.claimDelivery(d, retryAt)) continue;
                taken++;
                String error = send(d);
                if (error == null) {
                    store.delivered(d.entryId(), clock.instant());
                    delivered++;
                } else {
                    boolean giveUp = d.attempts() + 1 >= settings.maxAttempts();
                    store.failed(d.entryId(), error, giveUp);
                    log.info("webhook delivery failed (attempt {}{}): {}", d.attempts() + 1, giveUp ? ", given up" : "", error);
                }
            }
            if (taken == 0) break;
        }
        return delivered;
    }

    /** One attempt; null when the receiver answered 2xx, else what went wrong (no URL, no body). */
    private String send(WatchStore.Delivery d) {
        byte[] body = d.body().getBytes(StandardCharsets.UTF_8);
        HttpRequest req = HttpRequest.newBuilder(settings.url()).timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "Perimeter webhook")
                .header("X-Perimeter-Signature", signature(settings.secret(), body))
                .header("Idempotency-Key", d.entryId())
                .header("X-Perimeter-Delivery", d.entryId())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<Void> r = http.send(req, HttpResponse.BodyHandlers.discarding());
            return r.statusCode() / 100 == 2 ? null : "HTTP " + r.statusCode();
        } catch (java.io.IOException e) {
            return e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    public void wake() {
        signal.wake();
    }

    /** The sender thread's loop: delivers what is due, then sleeps until woken or the next delivery is due (at most 30 s). */
    public void runLoop() {
        while (!signal.stopped() && !Thread.currentThread().isInterrupted()) {
            try {
                deliverDue();
            } catch (RuntimeException e) {
                log.warn("webhook deliveries failed: {}", e.getClass().getName());
                log.debug("webhook deliveries failed", e);
            }
            long sleep = 30_000;
            try {
                var next = store.nextDelivery();
                if (next.isPresent()) sleep = Math.max(50, Math.min(sleep, Duration.between(clock.instant(), next.get()).toMillis()));
            } catch (RuntimeException e) {
                // the database is away: try again later
            }
            if (!signal.await(sleep)) return;
        }
    }

    public void stop() {
        signal.stop();
    }
}
