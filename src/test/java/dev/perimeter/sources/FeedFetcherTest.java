package dev.perimeter.sources;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/** The fetcher against a local HTTP server: new content, a conditional request, errors, a truncated and an oversized body. */
class FeedFetcherTest {
    HttpServer server;
    String base;
    final AtomicInteger hits = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] body = "[{\"name\":\"x\"}]".getBytes(StandardCharsets.UTF_8);
        server.createContext("/ok", ex -> {
            hits.incrementAndGet();
            if ("\"v1\"".equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                ex.sendResponseHeaders(304, -1);
                ex.close();
                return;
            }
            ex.getResponseHeaders().add("ETag", "\"v1\"");
            ex.getResponseHeaders().add("Last-Modified", "Mon, 30 Nov 2026 10:00:00 GMT");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.createContext("/error", ex -> {
            byte[] b = "internal error at https://secret.example/key".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(500, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.createContext("/truncated", ex -> {
            ex.sendResponseHeaders(200, 1000);
            ex.getResponseBody().write("[{\"name\":".getBytes(StandardCharsets.UTF_8));
            ex.getResponseBody().flush();
            ex.close();
        });
        server.createContext("/huge", ex -> {
            ex.sendResponseHeaders(200, 0); // chunked: the size is only known by reading
            try (OutputStream out = ex.getResponseBody()) {
                byte[] chunk = new byte[64 * 1024];
                for (int i = 0; i < 50 * 16; i++) out.write(chunk); // 50 MiB
            } catch (java.io.IOException ignored) {
                // the client stops reading at its cap
            }
        });
        server.createContext("/slow", ex -> {
            ex.sendResponseHeaders(200, 0);
            try {
                ex.getResponseBody().write('[');
                ex.getResponseBody().flush();
                Thread.sleep(5_000);
            } catch (Exception ignored) {
                // closed by the client
            }
            ex.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    FeedFetcher fetcher() {
        return new FeedFetcher(new FeedFetcher.Limits(Duration.ofSeconds(2), Duration.ofSeconds(2), 16L * 1024 * 1024));
    }

    @Test
    void newContentThenNotModified() throws Exception {
        FeedFetcher.Response first = fetcher().fetch(URI.create(base + "/ok"), FeedFetcher.Validators.NONE);
        assertFalse(first.notModified());
        assertEquals("[{\"name\":\"x\"}]", new String(first.body(), StandardCharsets.UTF_8));
        assertEquals("\"v1\"", first.validators().etag());
        FeedFetcher.Response second = fetcher().fetch(URI.create(base + "/ok"), first.validators());
        assertTrue(second.notModified(), "If-None-Match was sent and honoured");
        assertEquals(2, hits.get());
    }

    @Test
    void errorsAreTypedAndCarryNoBody() {
        FeedFetcher.FeedException e = assertThrows(FeedFetcher.FeedException.class,
                () -> fetcher().fetch(URI.create(base + "/error"), FeedFetcher.Validators.NONE));
        assertEquals(FeedFetcher.FeedException.Kind.HTTP_STATUS, e.kind());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
        assertEquals(FeedFetcher.FeedException.Kind.TRUNCATED, assertThrows(FeedFetcher.FeedException.class,
                () -> fetcher().fetch(URI.create(base + "/truncated"), FeedFetcher.Validators.NONE)).kind());
        assertEquals(FeedFetcher.FeedException.Kind.TOO_LARGE, assertThrows(FeedFetcher.FeedException.class,
                () -> fetcher().fetch(URI.create(base + "/huge"), FeedFetcher.Validators.NONE)).kind());
        assertEquals(FeedFetcher.FeedException.Kind.TIMEOUT, assertThrows(FeedFetcher.FeedException.class,
                () -> fetcher().fetch(URI.create(base + "/slow"), FeedFetcher.Validators.NONE)).kind());
        server.stop(0);
        assertEquals(FeedFetcher.FeedException.Kind.UNREACHABLE, assertThrows(FeedFetcher.FeedException.class,
                () -> fetcher().fetch(URI.create(base + "/ok"), FeedFetcher.Validators.NONE)).kind());
    }
}
