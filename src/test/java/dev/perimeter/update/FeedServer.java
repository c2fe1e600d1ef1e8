package dev.perimeter.update;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server that serves stored feed snapshots the way the real hosts do (ETag, If-None-Match → 304), or fails
 * the way they can: a 500, a truncated body, a 50 MiB body, content that is not the feed.
 */
public final class FeedServer implements AutoCloseable {
    public enum Mode { FILE, ERROR_500, TRUNCATED, HUGE, NOT_JSON, NOT_A_LIST }

    private final HttpServer server;
    public volatile Mode llamaMode = Mode.FILE;
    public volatile Path llamaFile;
    public volatile Path revokeDir;
    /** false: answer 200 with the content even when the client's If-None-Match matches (a server without validators). */
    volatile boolean honourValidators = true;
    final AtomicInteger notModified = new AtomicInteger();
    final AtomicInteger requests = new AtomicInteger();

    public FeedServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/llama/hacks", this::llama);
        server.createContext("/revoke/", this::revoke);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String llamaUrl() {
        return base() + "/llama/hacks";
    }

    public String revokeUrl() {
        return base() + "/revoke/";
    }

    private void llama(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        switch (llamaMode) {
            case FILE -> file(ex, llamaFile);
            case ERROR_500 -> send(ex, 500, "internal error".getBytes(StandardCharsets.UTF_8), null);
            case NOT_JSON -> send(ex, 200, "<html><body>Too many requests</body></html>".getBytes(StandardCharsets.UTF_8), null);
            case NOT_A_LIST -> send(ex, 200, "{\"error\":\"internal\"}".getBytes(StandardCharsets.UTF_8), null);
            case TRUNCATED -> {
                byte[] b = Files.readAllBytes(llamaFile);
                ex.sendResponseHeaders(200, b.length);
                ex.getResponseBody().write(b, 0, b.length / 2);
                ex.getResponseBody().flush();
                ex.close();
            }
            case HUGE -> {
                ex.sendResponseHeaders(200, 0);
                try (OutputStream out = ex.getResponseBody()) {
                    byte[] chunk = new byte[64 * 1024];
                    java.util.Arrays.fill(chunk, (byte) ' ');
                    for (int i = 0; i < 50 * 16; i++) out.write(chunk); // 50 MiB
                } catch (IOException ignored) {
                    // the client stops reading at its cap
                }
            }
        }
    }

    private void revoke(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        String rel = ex.getRequestURI().getPath().substring("/revoke/".length());
        Path p = revokeDir.resolve(rel).normalize();
        if (!p.startsWith(revokeDir) || !Files.isRegularFile(p)) {
            send(ex, 404, "not found".getBytes(StandardCharsets.UTF_8), null);
            return;
        }
        file(ex, p);
    }

    private void file(HttpExchange ex, Path p) throws IOException {
        byte[] b = Files.readAllBytes(p);
        String etag = "\"" + Integer.toHexString(java.util.Arrays.hashCode(b)) + "-" + b.length + "\"";
        if (honourValidators && etag.equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
            notModified.incrementAndGet();
            ex.sendResponseHeaders(304, -1);
            ex.close();
            return;
        }
        send(ex, 200, b, etag);
    }

    private static void send(HttpExchange ex, int status, byte[] body, String etag) throws IOException {
        if (etag != null) ex.getResponseHeaders().add("ETag", etag);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
