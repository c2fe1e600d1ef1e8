package dev.perimeter.chain;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
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

    /**
     * One answer: a result, or the JSON-RPC error the node returned for this call. A string result (eth_call's hex,
     * quantities) is kept as the bytes between its quotes in the response: a batch of aggregate3 answers is megabytes
     * of hex that the decoder reads in place, never copied into strings.
     */
    public static final class Result {
        private final JsonNode node;
        private final byte[] raw;
        private final int from;
        private final int to;
        private final int errorCode;
        private final String errorMessage;

        public Result(JsonNode result, int errorCode, String errorMessage) {
            this(result, null, 0, 0, errorCode, errorMessage);
        }

        private Result(JsonNode node, byte[] raw, int from, int to, int errorCode, String errorMessage) {
            this.node = node;
            this.raw = raw;
            this.from = from;
            this.to = to;
            this.errorCode = errorCode;
            this.errorMessage = errorMessage;
        }

        /** A string result: the bytes of the response between its quotes, as they stand (escapes undone by text()). */
        static Result ofString(byte[] body, int from, int to) {
            return new Result(null, body, from, to, 0, null);
        }

        public boolean ok() {
            return errorMessage == null;
        }

        /** The result as JSON (null for an error). */
        public JsonNode result() {
            return raw != null ? TextNode.valueOf(text()) : node;
        }

        public int errorCode() {
            return errorCode;
        }

        public String errorMessage() {
            return errorMessage;
        }

        /** A string result's text (a scalar's text otherwise); null when there is none. */
        public String text() {
            if (raw != null) return unescape(new String(raw, from, to - from, StandardCharsets.UTF_8));
            return node == null || node.isNull() ? null : node.asText();
        }

        /** The result's characters in place, escapes and all (hex to decode; a backslash fails as hex); null when none. */
        CharSequence chars() {
            return raw != null ? new AsciiText(raw, from, to) : text();
        }
    }

    /** A JSON string's content with its escapes undone (\\n, \\u00e9, ...). */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) return s;
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                sb.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (i + 4 >= s.length()) throw new RpcException(RpcException.Kind.MALFORMED, "a bad escape in a result");
                    try {
                        sb.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    } catch (NumberFormatException ex) {
                        throw new RpcException(RpcException.Kind.MALFORMED, "a bad escape in a result");
                    }
                    i += 4;
                }
                default -> sb.append(e); // \" \\ \/
            }
        }
        return sb.toString();
    }

    /** One answer object of a response: its id (null when absent), its result, and its raw error (null when none). */
    private record Answer(JsonNode id, Result result, JsonNode error) {}

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

    public Result call(Call c, Deadline deadline) {
        long id = ids.getAndIncrement();
        Object body = send(request(c, id), deadline, 1);
        if (!(body instanceof Answer a)) throw new RpcException(RpcException.Kind.MALFORMED, "expected one JSON object");
        if (a.id() == null || a.id().asLong(-1) != id) throw new RpcException(RpcException.Kind.MALFORMED, "the answer carries the wrong id");
        return a.result();
    }

    /** Sends all calls as ONE HTTP request; results come back in the order of the calls. */
    public List<Result> batch(List<Call> calls, Deadline deadline) {
        if (calls.isEmpty()) return List.of();
        List<Map<String, Object>> arr = new ArrayList<>(calls.size());
        long first = ids.getAndAdd(calls.size());
        for (int k = 0; k < calls.size(); k++) arr.add(request(calls.get(k), first + k));
        Object body = send(arr, deadline, calls.size());
        if (body instanceof Answer a) {
            // Some providers answer a refused batch with one error object.
            throw RpcException.fromProvider(RpcException.Kind.BATCH_REFUSED, a.error() == null ? "" : a.error().path("message").asText(""));
        }
        if (!(body instanceof List<?> answers)) throw new RpcException(RpcException.Kind.MALFORMED, "expected a JSON array for a batch");
        Map<Long, Result> byId = new HashMap<>();
        for (Object o : answers) {
            Answer n = (Answer) o;
            if (n.id() == null || !n.id().canConvertToLong()) {
                throw new RpcException(RpcException.Kind.MALFORMED, "a batch answer has no usable id");
            }
            long id = n.id().asLong();
            if (id < first || id >= first + calls.size() || byId.put(id, n.result()) != null) {
                throw new RpcException(RpcException.Kind.MALFORMED, "a batch answer carries an id that was not asked for");
            }
        }
        if (byId.size() != calls.size()) {
            if (byId.isEmpty()) throw new RpcException(RpcException.Kind.BATCH_REFUSED, "empty batch answer");
            throw new RpcException(RpcException.Kind.MALFORMED, "the batch answer has " + byId.size() + " of " + calls.size() + " results");
        }
        List<Result> out = new ArrayList<>(calls.size());
        for (int k = 0; k < calls.size(); k++) out.add(byId.get(first + k));
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

    private static Result result(JsonNode error, boolean hasResult, Result result) {
        if (error != null && !error.isNull()) {
            String msg = error.path("message").asText("error");
            JsonNode data = error.get("data");
            if (data != null && data.isTextual()) msg = msg + " (" + data.asText() + ")";
            return new Result(null, error.path("code").asInt(0), msg.isEmpty() ? "error" : msg);
        }
        if (!hasResult) return new Result(null, 0, "the answer has neither result nor error");
        return result;
    }

    /**
     * Parses a response: an {@link Answer} for a JSON object, a list of them for an array of objects, the tree for
     * anything else. Streamed: a string result is not decoded into a String but kept as its place in the body.
     * @throws RpcException MALFORMED for an array holding something other than objects
     */
    private Object parse(byte[] body) throws IOException {
        try (JsonParser p = json.createParser(body)) {
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_OBJECT) return answer(p, body);
            if (t != JsonToken.START_ARRAY) return t == null ? null : p.readValueAsTree();
            List<Answer> out = new ArrayList<>();
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t != JsonToken.START_OBJECT) throw new RpcException(RpcException.Kind.MALFORMED, "a batch answer has no usable id");
                out.add(answer(p, body));
            }
            return out;
        }
    }

    /** One answer object; the parser is at its START_OBJECT and is left at its END_OBJECT. */
    private static Answer answer(JsonParser p, byte[] body) throws IOException {
        JsonNode id = null, error = null;
        Result result = null;
        boolean hasResult = false;
        int stringAt = -1; // a string result not yet read: where its opening quote is
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            if (stringAt >= 0) {
                result = stringResult(p, body, stringAt);
                stringAt = -1;
            }
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "id" -> id = tree(p, v);
                case "error" -> error = tree(p, v);
                case "result" -> {
                    hasResult = true;
                    long at = v == JsonToken.VALUE_STRING ? p.getTokenLocation().getByteOffset() : -1;
                    if (at >= 0 && at < body.length && body[(int) at] == '"') stringAt = (int) at; // the parser skips it
                    else result = new Result(tree(p, v), 0, null);
                }
                default -> p.skipChildren();
            }
        }
        if (stringAt >= 0 && t == JsonToken.END_OBJECT) result = stringResult(p, body, stringAt);
        return new Answer(id, result(error, hasResult, result), error);
    }

    /**
     * A string result that the parser skipped without decoding it: its characters are the bytes from after its opening
     * quote to its closing quote, found backwards from the token after it (past white space and a comma).
     */
    private static Result stringResult(JsonParser p, byte[] body, int openingQuote) {
        int i = (int) p.getTokenLocation().getByteOffset() - 1;
        while (i > openingQuote && (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t' || body[i] == ',')) i--;
        if (i <= openingQuote || body[i] != '"') throw new RpcException(RpcException.Kind.MALFORMED, "a result string could not be read");
        return Result.ofString(body, openingQuote + 1, i);
    }

    private static JsonNode tree(JsonParser p, JsonToken t) throws IOException {
        return t == JsonToken.VALUE_NULL ? NullNode.getInstance() : p.readValueAsTree();
    }

    private Object send(Object payload, Deadline deadline, int callCount) {
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
                if (!deadline.allows(Duration.ofMillis(pause + 50))) break;
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

    private static Duration retryAfter(HttpResponse<?> resp) {
        return retryAfter(resp.headers().firstValue("Retry-After").orElse(null), resp.headers().firstValue("Date").orElse(null));
    }

    /**
     * Retry-After as delta-seconds or an HTTP date; null when absent or unreadable. A date counts from the answer's own
     * Date header (the server's clock, so no skew against ours and no wall-clock read here); without one it is unreadable.
     */
    static Duration retryAfter(String retryAfter, String date) {
        String v = retryAfter == null ? "" : retryAfter.strip();
        if (v.isEmpty()) return null;
        try {
            if (v.matches("\\d{1,9}")) return Duration.ofSeconds(Long.parseLong(v));
            if (date == null) return null;
            Duration d = Duration.between(httpDate(date.strip()), httpDate(v));
            return d.isNegative() ? Duration.ZERO : d;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Instant httpDate(String s) {
        return java.time.ZonedDateTime.parse(s, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    }

    private Object sendOnce(byte[] bytes, Deadline deadline, int callCount) {
        Duration left = deadline.remaining();
        if (left.isNegative() || left.isZero()) throw new RpcException(RpcException.Kind.TIMEOUT, null);
        HttpRequest req = HttpRequest.newBuilder(url).timeout(left).header("Content-Type", "application/json")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        httpRequests.incrementAndGet();
        rpcCalls.addAndGet(callCount);
        long t0 = System.nanoTime();
        HttpResponse<byte[]> resp;
        try {
            resp = http.send(req, this::body);
        } catch (HttpTimeoutException e) {
            throw new RpcException(RpcException.Kind.TIMEOUT, null, e);
        } catch (ConnectException e) {
            throw new RpcException(RpcException.Kind.UNREACHABLE, "connection refused", e);
        } catch (IOException e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof CappedBody.TooLarge) {
                    throw new RpcException(RpcException.Kind.TOO_LARGE, "over " + (maxResponseBytes / 1024) + " KiB");
                }
            }
            throw new RpcException(RpcException.Kind.UNREACHABLE, e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RpcException(RpcException.Kind.TIMEOUT, "interrupted", e);
        }
        int status = resp.statusCode();
        if (status == 429) throw RpcException.http(RpcException.Kind.RATE_LIMITED, status, retryAfter(resp));
        if (status == 401 || status == 403) throw RpcException.http(RpcException.Kind.REFUSED, status, null);
        if (status == 404) throw RpcException.http(RpcException.Kind.NOT_FOUND, status, null);
        byte[] body = resp.body();
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
            Object parsed = parse(body);
            timer.add("rpc: parse response JSON", System.nanoTime() - t1);
            return parsed;
        } catch (IOException e) {
            throw new RpcException(RpcException.Kind.MALFORMED, "not JSON", e);
        }
    }

    /**
     * The whole body in one array, gathered on the HTTP client's own thread (no hand-over per network buffer to the
     * caller, as a stream would have), at most maxResponseBytes; the bodies of refusals that are read no further
     * (429, 401, 403, 404) are discarded.
     */
    private HttpResponse.BodySubscriber<byte[]> body(HttpResponse.ResponseInfo info) {
        int status = info.statusCode();
        if (status == 429 || status == 401 || status == 403 || status == 404) return HttpResponse.BodySubscribers.replacing(new byte[0]);
        return new CappedBody(maxResponseBytes);
    }
}
