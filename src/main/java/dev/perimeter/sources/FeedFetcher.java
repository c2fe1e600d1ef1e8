package dev.perimeter.sources;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches one data feed over HTTP(S) with a connect timeout, a time limit for the whole answer, a size cap and conditional
 * requests (If-None-Match / If-Modified-Since). Feed URLs come only from configuration. Errors are typed; their messages
 * never carry the response body.
 */
public final class FeedFetcher {
    public record Limits(Duration connectTimeout, Duration readTimeout, long maxBytes) {
        public static Limits defaults() {
            return new Limits(Duration.ofSeconds(10), Duration.ofSeconds(60), 32L * 1024 * 1024);
        }
    }

    /** What the feed said last time, for a conditional request (either may be null). */
    public record Validators(String etag, String lastModified) {
        public static final Validators NONE = new Validators(null, null);
    }

    /** The feed's answer: unchanged since the validators, or a body with its new validators. */
    public record Response(boolean notModified, byte[] body, Validators validators) {}

    public static final class FeedException extends Exception {
        public enum Kind { UNREACHABLE, TIMEOUT, HTTP_STATUS, TOO_LARGE, TRUNCATED }

        private final Kind kind;

        FeedException(Kind kind, String message) {
            super(message);
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }
    }

    private final HttpClient http;
    private final Limits limits;

    public FeedFetcher(Limits limits) {
        this.limits = limits;
        this.http = HttpClient.newBuilder().connectTimeout(limits.connectTimeout()).followRedirects(HttpClient.Redirect.NORMAL)
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    public Response fetch(URI url, Validators last) throws FeedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(limits.readTimeout()).GET()
                .header("Accept", "application/json, */*;q=0.5").header("User-Agent", "Perimeter update-data");
        if (last.etag() != null) b.header("If-None-Match", last.etag());
        if (last.lastModified() != null) b.header("If-Modified-Since", last.lastModified());
        long deadline = System.nanoTime() + limits.readTimeout().toNanos();
        HttpResponse<InputStream> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new FeedException(FeedException.Kind.TIMEOUT, "no answer within " + limits.readTimeout().toSeconds() + " s");
        } catch (ConnectException e) {
            throw new FeedException(FeedException.Kind.UNREACHABLE, "cannot connect");
        } catch (IOException e) {
            throw new FeedException(FeedException.Kind.UNREACHABLE, "connection failed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FeedException(FeedException.Kind.TIMEOUT, "interrupted");
        }
        try (InputStream in = r.body()) {
            if (r.statusCode() == 304) return new Response(true, null, last);
            if (r.statusCode() != 200) throw new FeedException(FeedException.Kind.HTTP_STATUS, "HTTP " + r.statusCode());
            long declared = r.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > limits.maxBytes()) throw new FeedException(FeedException.Kind.TOO_LARGE, "larger than " + limits.maxBytes() + " bytes");
            byte[] body = readCapped(in, deadline);
            if (declared >= 0 && body.length != declared) throw new FeedException(FeedException.Kind.TRUNCATED, "the body ended early");
            return new Response(false, body, new Validators(r.headers().firstValue("ETag").orElse(null),
                    r.headers().firstValue("Last-Modified").orElse(null)));
        } catch (IOException e) {
            throw new FeedException(FeedException.Kind.TRUNCATED, "the body could not be read to its end");
        }
    }

    /** Reads the body within the deadline and the size cap (a stalled stream is closed when the time is up). */
    private byte[] readCapped(InputStream in, long deadlineNanos) throws FeedException, IOException {
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try {
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                byte[] buf = new byte[64 * 1024];
                long total = 0;
                for (int n; (n = in.read(buf)) > 0; ) {
                    total += n;
                    if (total > limits.maxBytes()) throw new java.util.concurrent.CompletionException(new TooLarge());
                    out.write(buf, 0, n);
                }
                return out.toByteArray();
            } catch (IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        try {
            return read.get(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            in.close();
            read.cancel(true);
            throw new FeedException(FeedException.Kind.TIMEOUT, "the body did not arrive within " + limits.readTimeout().toSeconds() + " s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TooLarge) throw new FeedException(FeedException.Kind.TOO_LARGE, "larger than " + limits.maxBytes() + " bytes");
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            in.close();
            throw new FeedException(FeedException.Kind.TIMEOUT, "interrupted");
        }
    }

    private static final class TooLarge extends RuntimeException {
        TooLarge() {
            super(null, null, false, false);
        }
    }
}
