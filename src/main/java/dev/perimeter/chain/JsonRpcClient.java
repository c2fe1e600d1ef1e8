package dev.perimeter.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * JSON-RPC 2.0 over HTTP: single calls and batches, with a deadline, a response size cap, id checks (a batch answer
 * with missing, duplicate or foreign ids is rejected), and bounded retries with back-off for transient failures (HTTP 429
 * and 5xx, honouring Retry-After when it fits in the deadline; never other 4xx such as 401, 403 or 404).
 * {@link Result#errorMessage()} is the provider's text: never show it to clients.
 */
public final class JsonRpcClient {
    public record Call(String method, List<Object> params) {}

    /** One answer: a result, or the JSON-RPC error the node returned for this call. */
    public record Result(JsonNode result, int errorCode, String errorMessage) {
        public boolean ok() {
            return errorMessage == null;
        }

        public String text() {
            return result == null || result.isNull() ? null : result.asText();
        }
    }

    private final URI url;
    private final HttpClient http;
    private final ObjectMapper json;
    private final long maxResponseBytes;
    private final int maxRetries;
    private final ScanTimer timer;
    private final AtomicLong ids = new AtomicLong(1);
    private final AtomicLong httpRequests = new AtomicLong();
    private final AtomicLong rpcCalls = new AtomicLong();

    public JsonRpcClient(URI url, HttpClient http, ObjectMapper json, long maxResponseBytes, int maxRetries) {
        this(url, http, json, maxResponseBytes, maxRetries, ScanTimer.NONE);
    }

    /** @param timer told how long encoding, the HTTP exchange and parsing of each request take */
    public JsonRpcClient(URI url, HttpClient http, ObjectMapper json, long maxResponseBytes, int maxRetries, ScanTimer timer) {
        this.url = url;
        this.http = http;
        this.json = json;
        this.maxResponseBytes = maxResponseBytes;
        this.maxRetries = maxRetries;
        this.timer = timer;
    }

    public long httpRequests() {
        return httpRequests.get();
    }

    public long rpcCalls() {
        return rpcCalls.get();
    }

    public Result call(Call c, Instant deadline) {
        long id = ids.getAndIncrement();
        JsonNode body = send(request(c, id), deadline, 1);
        if (!body.isObject()) throw new RpcException(RpcException.Kind.MALFORMED, "expected one JSON object");
        if (body.path("id").asLong(-1) != id) throw new RpcException(RpcException.Kind.MALFORMED, "the answer carries the wrong id");
        return result(body);
    }

    /** Sends all calls as ONE HTTP request; results come back in the order of the calls. */
    public List<Result> batch(List<Call> calls, Instant deadline) {
        if (calls.isEmpty()) return List.of();
        List<Map<String, Object>> arr = new ArrayList<>(calls.size());
        long first = ids.getAndAdd(calls.size());
        for (int k = 0; k < calls.size(); k++) arr.add(request(calls.get(k), first + k));
        JsonNode body = send(arr, deadline, calls.size());
        if (body.isObject()) {
            // Some providers answer a refused batch with one error object.
            throw RpcException.fromProvider(RpcException.Kind.BATCH_REFUSED, body.path("error").path("message").asText(""));
        }
        if (!body.isArray()) throw new RpcException(RpcException.Kind.MALFORMED, "expected a JSON array for a batch");
        Map<Long, JsonNode> byId = new HashMap<>();
        for (JsonNode n : body) {
            if (!n.isObject() || !n.has("id") || !n.get("id").canConvertToLong()) {
                throw new RpcException(RpcException.Kind.MALFORMED, "a batch answer has no usable id");
            }
            long id = n.get("id").asLong();
            if (id < first || id >= first + calls.size() || byId.put(id, n) != null) {
                throw new RpcException(RpcException.Kind.MALFORMED, "a batch answer carries an id that was not asked for");
            }
        }
        if (byId.size() != calls.size()) {
            if (byId.isEmpty()) throw new RpcException(RpcException.Kind.BATCH_REFUSED, "empty batch answer");
            throw new RpcException(RpcException.Kind.MALFORMED, "the batch answer has " + byId.size() + " of " + calls.size() + " results");
        }
        List<Result> out = new ArrayList<>(calls.size());
        for (int k = 0; k < calls.size(); k++) out.add(result(byId.get(first + k)));
        return out;
    }

    /** One request object, serialized as it is (no tree copy): params may hold megabytes of {@link HexData}. */
    private static Map<String, Object> request(Call c, long id) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("jsonrpc", "2.0");
        o.put("id", id);
        o.put("method", c.method());
        o.put("params", c.params());
        return o;
    }

    private static Result result(JsonNode n) {
        JsonNode err = n.get("error");
        if (err != null && !err.isNull()) {
            String msg = err.path("message").asText("error");
            JsonNode data = err.get("data");
            if (data != null && data.isTextual()) msg = msg + " (" + data.asText() + ")";
            return new Result(null, err.path("code").asInt(0), msg.isEmpty() ? "error" : msg);
        }
        if (!n.has("result")) return new Result(null, 0, "the answer has neither result nor error");
        return new Result(n.get("result"), 0, null);
    }

    private JsonNode send(Object payload, Instant deadline, int callCount) {
        byte[] bytes;
        long t0 = System.nanoTime();
        try {
            bytes = json.writeValueAsBytes(payload);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        timer.add("rpc: request to JSON bytes", System.nanoTime() - t0);
        timer.bytes("request bytes", bytes.length);
        RpcException last = null;
        for (int attempt = 0; attempt <= maxRetries; attempt++) {
            if (attempt > 0) {
                long pause = Math.min(2_000, 150L << (attempt - 1));
                // The server's Retry-After wins over our back-off; when it does not fit in the budget, give up now.
                if (last.retryAfter() != null) pause = Math.max(pause, last.retryAfter().toMillis());
                if (Instant.now().plusMillis(pause + 50).isAfter(deadline)) break;
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RpcException(RpcException.Kind.TIMEOUT, "interrupted");
                }
            }
            try {
                return sendOnce(bytes, deadline, callCount);
            } catch (RpcException e) {
                last = e;
                if (!e.transientFailure()) throw e;
            }
        }
        throw last != null ? last : new RpcException(RpcException.Kind.TIMEOUT, null);
    }

    /** Retry-After as delta-seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(HttpResponse<?> resp) {
        String v = resp.headers().firstValue("Retry-After").map(String::strip).orElse(null);
        if (v == null || v.isEmpty()) return null;
        try {
            if (v.matches("\\d{1,9}")) return Duration.ofSeconds(Long.parseLong(v));
            Instant at = java.time.ZonedDateTime.parse(v, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(Instant.now(), at);
            return d.isNegative() ? Duration.ZERO : d;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private JsonNode sendOnce(byte[] bytes, Instant deadline, int callCount) {
        Duration left = Duration.between(Instant.now(), deadline);
        if (left.isNegative() || left.isZero()) throw new RpcException(RpcException.Kind.TIMEOUT, null);
        HttpRequest req = HttpRequest.newBuilder(url).timeout(left).header("Content-Type", "application/json")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        httpRequests.incrementAndGet();
        rpcCalls.addAndGet(callCount);
        long t0 = System.nanoTime();
        HttpResponse<InputStream> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new RpcException(RpcException.Kind.TIMEOUT, null, e);
        } catch (ConnectException e) {
            throw new RpcException(RpcException.Kind.UNREACHABLE, "connection refused", e);
        } catch (IOException e) {
            throw new RpcException(RpcException.Kind.UNREACHABLE, e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RpcException(RpcException.Kind.TIMEOUT, "interrupted", e);
        }
        try (InputStream in = resp.body()) {
            int status = resp.statusCode();
            if (status == 429) throw RpcException.http(RpcException.Kind.RATE_LIMITED, status, retryAfter(resp));
            if (status == 401 || status == 403) throw RpcException.http(RpcException.Kind.REFUSED, status, null);
            if (status == 404) throw RpcException.http(RpcException.Kind.NOT_FOUND, status, null);
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxResponseBytes + 1));
            if (body.length > maxResponseBytes) {
                throw new RpcException(RpcException.Kind.TOO_LARGE, "over " + (maxResponseBytes / 1024) + " KiB");
            }
            long t1 = System.nanoTime();
            timer.add("rpc: HTTP exchange (node's work + transfer)", t1 - t0);
            timer.bytes("response bytes", body.length);
            if (status >= 500) throw RpcException.http(RpcException.Kind.HTTP_ERROR, status, retryAfter(resp));
            if (status >= 400) {
                // A 4xx to a batch (400, 413, ...) is how several providers refuse batches; the caller falls back to
                // smaller requests. To a single call it is final: retrying the same request gets the same answer.
                throw RpcException.http(callCount > 1 ? RpcException.Kind.BATCH_REFUSED : RpcException.Kind.CLIENT_ERROR, status, null);
            }
            try {
                JsonNode tree = json.readTree(body);
                timer.add("rpc: parse response JSON", System.nanoTime() - t1);
                return tree;
            } catch (IOException e) {
                throw new RpcException(RpcException.Kind.MALFORMED, "not JSON", e);
            }
        } catch (IOException e) {
            throw new RpcException(RpcException.Kind.UNREACHABLE, "the connection broke while reading", e);
        }
    }
}
