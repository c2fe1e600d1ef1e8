package dev.perimeter.chain;

import com.sun.net.httpserver.HttpServer;
import dev.perimeter.web.WebApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Answers parsed in place: string results read from the response bytes, everything else as JSON (no chain needed). */
class JsonRpcClientTest {
    HttpServer server;

    /** A server that answers every request with body, where {first} is replaced by the first id of the request. */
    JsonRpcClient client(String body) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            try (ex) {
                String req = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"id\":(\\d+)").matcher(req);
                long first = m.find() ? Long.parseLong(m.group(1)) : 0;
                String answer = body;
                for (int k = 0; k < 5; k++) answer = answer.replace("{id" + k + "}", String.valueOf(first + k));
                byte[] b = answer.getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, b.length);
                ex.getResponseBody().write(b);
            }
        });
        server.start();
        return new JsonRpcClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), HttpClient.newHttpClient(),
                WebApp.objectMapper(), 1 << 20, 0);
    }

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
    }

    static List<JsonRpcClient.Call> calls(int n) {
        return java.util.Collections.nCopies(n, new JsonRpcClient.Call("eth_call", List.of(Map.of("to", "0x00"), "latest")));
    }

    @Test
    void stringsObjectsNullsAndErrorsInOneBatch() throws Exception {
        JsonRpcClient c = client("[{\"jsonrpc\":\"2.0\",\"id\":{id1},\"result\":{\"timestamp\":\"0x10\"}},"
                + "{\"id\":{id0},\"jsonrpc\":\"2.0\",\"result\":\"0x00ff\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":{id2},\"result\":null},"
                + "{\"jsonrpc\":\"2.0\",\"id\":{id3},\"error\":{\"code\":-32000,\"message\":\"execution reverted\",\"data\":\"0x08c3\"}},"
                + "{\"jsonrpc\":\"2.0\",\"id\":{id4},\"result\":\"\\u0030x01 caf\\u00e9\"}]");
        List<JsonRpcClient.Result> r = c.batch(calls(5), Deadline.in(Duration.ofSeconds(5)));
        assertEquals("0x00ff", r.get(0).text(), "results in the order of the calls, whatever the order of the answers");
        assertEquals("0x00ff", r.get(0).chars().toString());
        assertEquals("0x00ff", r.get(0).result().asText());
        assertEquals("0x10", r.get(1).result().path("timestamp").asText());
        assertTrue(r.get(2).ok());
        assertNull(r.get(2).text());
        assertFalse(r.get(3).ok());
        assertEquals(-32000, r.get(3).errorCode());
        assertEquals("execution reverted (0x08c3)", r.get(3).errorMessage());
        assertEquals("0x01 café", r.get(4).text(), "a string with escapes is decoded, not taken as it stands");
    }

    @Test
    void stringsAreCutAtTheirOwnClosingQuote() throws Exception {
        JsonRpcClient c = client("[ { \"result\" : \"say \\\"hi\\\", \\\\o/\" ,\n\t\"id\" : {id0} , \"jsonrpc\":\"2.0\" } ,"
                + "{\"jsonrpc\":\"2.0\",\"id\":{id1},\"result\":\"0xab\"\n}\n]");
        List<JsonRpcClient.Result> r = c.batch(calls(2), Deadline.in(Duration.ofSeconds(5)));
        assertEquals("say \"hi\", \\o/", r.get(0).text(), "escaped quotes and white space around the value");
        assertEquals("0xab", r.get(1).text(), "the last field of its object");
    }

    @Test
    void nonAsciiStringsKeepTheirCharacters() throws Exception {
        JsonRpcClient c = client("{\"jsonrpc\":\"2.0\",\"id\":{id0},\"result\":\"Grüße ✓\"}");
        assertEquals("Grüße ✓", c.call(calls(1).get(0), Deadline.in(Duration.ofSeconds(5))).text());
    }

    @Test
    void malformedAnswersAreTypedErrors() throws Exception {
        for (String bad : List.of("[{\"jsonrpc\":\"2.0\",\"result\":\"0x\"}]", "[1]", "[{\"id\":{id0},\"result\":\"0x\"", "\"hello\"",
                "[{\"id\":9999,\"result\":\"0x\"}]")) {
            stop();
            JsonRpcClient c = client(bad);
            RpcException e = assertThrows(RpcException.class, () -> c.batch(calls(1), Deadline.in(Duration.ofSeconds(5))), bad);
            assertEquals(RpcException.Kind.MALFORMED, e.kind(), bad);
        }
        stop();
        JsonRpcClient refused = client("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"no batches\"}}");
        assertEquals(RpcException.Kind.BATCH_REFUSED, assertThrows(RpcException.class,
                () -> refused.batch(calls(2), Deadline.in(Duration.ofSeconds(5)))).kind());
    }

    @Test
    void retryAfterInSecondsOrAsADateCountedFromTheAnswersOwnDate() {
        assertEquals(Duration.ofSeconds(7), JsonRpcClient.retryAfter(" 7 ", null));
        assertEquals(Duration.ofSeconds(90), JsonRpcClient.retryAfter("Wed, 21 Oct 2026 07:29:30 GMT", "Wed, 21 Oct 2026 07:28:00 GMT"));
        assertEquals(Duration.ZERO, JsonRpcClient.retryAfter("Wed, 21 Oct 2026 07:28:00 GMT", "Wed, 21 Oct 2026 07:29:30 GMT"), "a past date: now");
        assertNull(JsonRpcClient.retryAfter("Wed, 21 Oct 2026 07:29:30 GMT", null), "a date without the server's Date is unreadable");
        assertNull(JsonRpcClient.retryAfter("soon", "Wed, 21 Oct 2026 07:28:00 GMT"));
        assertNull(JsonRpcClient.retryAfter(null, null));
        assertNull(JsonRpcClient.retryAfter("", null));
    }

    @Test
    void aDeadlineCountsRealElapsedTime() {
        Deadline spent = Deadline.in(Duration.ZERO);
        assertTrue(spent.passed());
        assertFalse(spent.allows(Duration.ZERO));
        Deadline hour = Deadline.in(Duration.ofHours(1));
        assertFalse(hour.passed());
        assertTrue(hour.allows(Duration.ofMinutes(59)));
        assertFalse(hour.allows(Duration.ofMinutes(61)));
        assertTrue(hour.remaining().compareTo(Duration.ofHours(1)) <= 0);
        assertFalse(spent.plus(Duration.ofHours(1)).passed(), "a grace period moves the end");
        assertTrue(hour.elapsed().compareTo(Duration.ZERO) >= 0);
        assertFalse(Deadline.in(Duration.ofSeconds(Long.MAX_VALUE)).passed(), "a budget too long for nanoseconds does not wrap");
    }
}
