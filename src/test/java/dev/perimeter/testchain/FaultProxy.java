package dev.perimeter.testchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A JSON-RPC proxy in front of anvil that injects faults, and counts what passes through. Loopback only. */
public final class FaultProxy implements AutoCloseable {
    /**
     * STATUS answers the first {@link #statusTimes} requests (all when negative) with {@link #status}, {@link #statusBody} and,
     * when set, a Retry-After header, then passes; DELAY answers every request after {@link #delayMillis}.
     */
    public enum Mode { PASS, DELAY, HTTP_500, HTTP_429, RPC_ERROR, TRUNCATE, WRONG_IDS, REFUSE_BATCH, HUGE, LOG_RANGE_LIMIT, NO_MULTICALL, FAIL_FIRST, STATUS,
        /** The next batch is sent upstream in two parts, with {@link #midBatch} run between them (e.g. a block is mined). */
        SPLIT_BATCH,
        /** eth_call with a third parameter (a state override) gets an error, as a node that does not take one answers. */
        NO_STATE_OVERRIDE,
        /** eth_call's third parameter is dropped before the call goes upstream: a node that ignores the state override. */
        IGNORE_STATE_OVERRIDE,
        /** eth_getStorageAt gets an error: a node that does not serve storage reads (the control reads' proxy slots). */
        NO_STORAGE }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final String upstream;
    private final HttpClient http = HttpClient.newHttpClient();
    public volatile Mode mode = Mode.PASS;
    public volatile long delayMillis = 0;
    public volatile long logRangeLimit = 1000;
    /** REFUSE_BATCH refuses batches of more than this many calls (0: every batch). */
    public volatile int maxBatch = 0;
    public volatile int status = 500;
    public volatile String statusBody = "";
    public volatile String retryAfter = null;
    public volatile int statusTimes = -1;
    /** When set, the message of the JSON-RPC errors the proxy makes up (RPC_ERROR, LOG_RANGE_LIMIT, REFUSE_BATCH). */
    public volatile String errorText = null;
    /** SPLIT_BATCH: what happens upstream between the two parts of the batch (run once), and where it splits (-1: in half). */
    public volatile Runnable midBatch = null;
    public volatile int splitAt = -1;
    /** When 0 or more: every request after this many answers HTTP 401 (not retried), whatever the mode. */
    public volatile int failAfter = -1;
    public final AtomicInteger requests = new AtomicInteger();
    public final AtomicInteger calls = new AtomicInteger();
    /** eth_calls that came with a third parameter (a state override), in any mode. */
    public final AtomicInteger stateOverrideCalls = new AtomicInteger();
    /** When set, every request body as it arrived, in order (benchmarks replay them). */
    public volatile boolean recordBodies = false;
    public final List<byte[]> bodies = java.util.Collections.synchronizedList(new ArrayList<>());
    /** System.nanoTime() at which each request arrived, in order. */
    public final List<Long> arrivals = java.util.Collections.synchronizedList(new ArrayList<>());

    public FaultProxy(String upstream) {
        this(upstream, 8);
    }

    /** @param threads how many requests the proxy handles at once (a DELAY proxy under load needs one per concurrent request) */
    public FaultProxy(String upstream, int threads) {
        this.upstream = upstream;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(threads));
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void reset(Mode m) {
        mode = m;
        requests.set(0);
        calls.set(0);
        stateOverrideCalls.set(0);
        arrivals.clear();
        status = 500;
        statusBody = "";
        retryAfter = null;
        statusTimes = -1;
        failAfter = -1;
        errorText = null;
        maxBatch = 0;
        midBatch = null;
        splitAt = -1;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            arrivals.add(System.nanoTime());
            if (recordBodies) bodies.add(body);
            int n = requests.incrementAndGet();
            JsonNode req = JSON.readTree(body);
            calls.addAndGet(req.isArray() ? req.size() : 1);
            Mode m = mode;
            if (failAfter >= 0 && n > failAfter) {
                reply(ex, 401, "{\"message\":\"unauthorized\"}");
                return;
            }
            switch (m) {
                case DELAY -> sleep(delayMillis);
                case HTTP_500 -> { reply(ex, 500, "{\"message\":\"internal\"}"); return; }
                case HTTP_429 -> { ex.getResponseHeaders().add("Retry-After", "1"); reply(ex, 429, "{\"message\":\"slow down\"}"); return; }
                case FAIL_FIRST -> { if (n == 1) { reply(ex, 502, "bad gateway"); return; } }
                case STATUS -> {
                    if (statusTimes < 0 || n <= statusTimes) {
                        if (retryAfter != null) ex.getResponseHeaders().add("Retry-After", retryAfter);
                        reply(ex, status, statusBody);
                        return;
                    }
                }
                case REFUSE_BATCH -> {
                    if (req.isArray() && req.size() > maxBatch) {
                        ObjectNode refusal = (ObjectNode) error(JSON.createObjectNode().putNull("id"), -32600,
                                errorText != null ? errorText : "batch requests are not supported");
                        reply(ex, 200, refusal.toString());
                        return;
                    }
                }
                case HUGE -> {
                    StringBuilder sb = new StringBuilder("[");
                    sb.append("\"").append("a".repeat(20 * 1024 * 1024)).append("\"]");
                    reply(ex, 200, sb.toString());
                    return;
                }
                default -> { }
            }
            String answer = forward(req, m);
            if (m == Mode.TRUNCATE) answer = answer.substring(0, answer.length() / 2);
            reply(ex, 200, answer);
        } catch (RuntimeException e) {
            try {
                reply(ex, 500, "proxy error");
            } catch (IOException ignored) {
                // client gone
            }
        }
    }

    private String forward(JsonNode req, Mode m) throws IOException {
        List<JsonNode> items = new ArrayList<>();
        if (req.isArray()) req.forEach(items::add);
        else items.add(req);
        ArrayNode pass = JSON.createArrayNode();
        List<JsonNode> answers = new ArrayList<>();
        for (JsonNode c : items) {
            JsonNode synthetic = intercept(c, m);
            if (synthetic != null) answers.add(synthetic);
            else pass.add(c);
        }
        Runnable between = m == Mode.SPLIT_BATCH && pass.size() > 1 ? midBatch : null;
        if (between != null) {
            midBatch = null; // once
            int k = splitAt >= 0 ? Math.min(splitAt, pass.size()) : pass.size() / 2;
            ArrayNode first = JSON.createArrayNode(), second = JSON.createArrayNode();
            for (int i = 0; i < pass.size(); i++) (i < k ? first : second).add(pass.get(i));
            upstream(first, answers);
            between.run();
            upstream(second, answers);
        } else {
            upstream(pass, answers);
        }
        if (m == Mode.WRONG_IDS) {
            for (JsonNode a : answers) if (a instanceof ObjectNode o && o.has("id")) o.put("id", o.get("id").asLong() + 1000);
        }
        if (!req.isArray()) return answers.get(0).toString();
        ArrayNode out = JSON.createArrayNode();
        answers.forEach(out::add);
        return out.toString();
    }

    /** A per-call answer made up by the proxy, or null to forward the call. */
    private JsonNode intercept(JsonNode c, Mode m) throws IOException {
        String method = c.path("method").asText();
        if (method.equals("eth_call") && c.path("params").size() > 2) {
            stateOverrideCalls.incrementAndGet();
            if (m == Mode.NO_STATE_OVERRIDE) return error(c, -32602, errorText != null ? errorText : "too many arguments, want at most 2");
            if (m == Mode.IGNORE_STATE_OVERRIDE) ((ArrayNode) c.get("params")).remove(2);
        }
        if (m == Mode.RPC_ERROR) return error(c, -32000, errorText != null ? errorText : "header not found");
        if (m == Mode.NO_STORAGE && method.equals("eth_getStorageAt")) return error(c, -32601, "the method eth_getStorageAt does not exist");
        if (m == Mode.LOG_RANGE_LIMIT && method.equals("eth_getLogs")) {
            JsonNode f = c.path("params").path(0);
            long from = block(f.path("fromBlock").asText("0x0"));
            long to = block(f.path("toBlock").asText("0x0"));
            if (to - from + 1 > logRangeLimit) {
                return error(c, -32005, errorText != null ? errorText : "query exceeds max block range " + logRangeLimit);
            }
        }
        if (m == Mode.NO_MULTICALL && method.equals("eth_call")
                && c.path("params").path(0).path("to").asText().equalsIgnoreCase(Anvil.MULTICALL3)) {
            ObjectNode o = JSON.createObjectNode();
            o.put("jsonrpc", "2.0");
            o.set("id", c.get("id"));
            o.put("result", "0x");
            return o;
        }
        return null;
    }

    private void upstream(ArrayNode pass, List<JsonNode> answers) throws IOException {
        if (pass.isEmpty()) return;
        HttpResponse<String> r;
        try {
            r = http.send(HttpRequest.newBuilder(URI.create(upstream)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(pass.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        JsonNode up = JSON.readTree(r.body());
        if (up.isArray()) up.forEach(answers::add);
        else answers.add(up);
    }

    /** A block tag as a number: "latest" (and the other names) is the upstream node's head, as a provider reads it. */
    private long block(String tag) {
        if (tag.startsWith("0x")) return Long.decode(tag);
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(upstream)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_blockNumber\",\"params\":[]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return Long.decode(JSON.readTree(r.body()).path("result").asText());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode error(JsonNode c, int code, String message) {
        ObjectNode o = JSON.createObjectNode();
        o.put("jsonrpc", "2.0");
        o.set("id", c.get("id"));
        ObjectNode e = o.putObject("error");
        e.put("code", code);
        e.put("message", message);
        return o;
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(b);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
