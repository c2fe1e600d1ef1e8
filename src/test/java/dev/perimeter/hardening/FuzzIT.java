package dev.perimeter.hardening;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perimeter.TestAppExtension;
import dev.perimeter.testchain.Anvil;
import dev.perimeter.util.Addresses;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Hostile input on every route. A deterministic generator (fixed seed) makes at least 2,000 inputs — overlong strings,
 * RTL/emoji/combining/NUL unicode, percent-encoding games, path traversal, HTML/JS and SQL fragments, wrong-checksum
 * addresses, 10,000-item address lists, out-of-range numbers and dates — and each input is sent to every route (as its
 * path parameter or one of its query parameters, in rotation). Every answer must be: not 5xx; free of the raw markup
 * payload; for /api routes, a JSON error with an "error" field. Afterwards the server must still be healthy.
 *
 * <p>Wallet routes with a valid address really scan: the only configured chain's RPC points at a port where nothing
 * listens, so scans fail fast and are reported per chain. The one 5xx accepted is 502 for an ENS name that cannot be
 * resolved because that RPC is down (a real gateway failure, answered with the usual error body).
 *
 * <p>Requests Jetty refuses before any route runs (request line over 8 KiB → 414; an undecodable escape, an encoded NUL
 * or a control character in the target → 400) get Jetty's own small HTML page, without the app's headers; those are
 * counted and checked for escaping and status, but not held to the JSON error format (no handler of ours sees them).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FuzzIT {
    static final long SEED = 0x5EED_F022_2026L;
    static final int INPUTS = 2_000;
    static final int CONCURRENCY = 8;
    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The markup payloads below, from their opening '<': must never come back as they were sent (escaped text such as
     * {@code &lt;img src=x onerror=…} is fine — that is what escaping is for).
     */
    static final List<String> MARKERS = List.of("<script>alert(", "<img src=x onerror=", "<svg/onload=", "<iframe src=");

    /** The only chain's RPC is a port where nothing listens: every RPC call is refused at once. */
    @RegisterExtension
    static final TestAppExtension app = new TestAppExtension(() -> Map.of("PERIMETER_CHAINS", "ethereum",
            "PERIMETER_RPC_ETHEREUM", "http://127.0.0.1:" + Anvil.freePort(), "PERIMETER_CHAIN_TIMEOUT_MS", "150",
            "PERIMETER_SCAN_RATE_PER_MINUTE", "1000000", "PERIMETER_MAX_CONCURRENT_SCANS", "64"));
    static int port;
    static ExecutorService pool;

    /** One place an input can go: a route and either its path parameter ({x}), a query parameter, or a form field. */
    record Route(String method, String template, List<String> params) {
        boolean hasPathParam() {
            return template.contains("{x}");
        }

        boolean api() {
            return template.startsWith("/api/");
        }
    }

    /**
     * Every route of the server's route table (web/Routes.java), with the inputs each one reads; a route that reads none
     * gets an unknown parameter "x" (which it must ignore). Static files are served outside the table.
     */
    static final List<Route> ROUTES = routes();

    static List<Route> routes() {
        List<Route> out = new ArrayList<>();
        for (dev.perimeter.web.Routes.Route r : dev.perimeter.web.Routes.table(null)) {
            String template = r.path().replaceAll("\\{[a-z]+}", "{x}");
            List<String> params = r.inputs().isEmpty() && !template.contains("{x}") ? List.of("x") : r.inputs();
            out.add(new Route(r.method().name(), template, params));
        }
        out.add(new Route("GET", "/static/{x}", List.of()));
        return List.copyOf(out);
    }

    /** Values that are valid where they go, so that a path parameter's route is reached with a hostile query value. */
    static final Map<String, String> VALID_PATH = Map.ofEntries(
            Map.entry("/incidents/{x}", "2026-04-18-kelpdao"), Map.entry("/wallet/{x}", "0x9999999999999999999999999999999999999993"),
            Map.entry("/wallet/{x}/progress", "0x9999999999999999999999999999999999999993"),
            Map.entry("/api/v1/wallets/{x}/exposure", "0x9999999999999999999999999999999999999993"));

    @BeforeAll
    static void start() {
        port = app.port();
        pool = Executors.newFixedThreadPool(CONCURRENCY);
    }

    @AfterAll
    static void stop() {
        if (pool != null) pool.shutdownNow();
    }

    // ---- the generator ------------------------------------------------------------------------------------------

    static final String SCRIPT = "<script>alert(1)</script>";
    static final String IMG = "\"><img src=x onerror=alert(1)>";

    static String repeat(String s, int totalChars) {
        StringBuilder b = new StringBuilder(totalChars + s.length());
        while (b.length() < totalChars) b.append(s);
        return b.toString();
    }

    static String addressList(int n, Random rnd) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) b.append(rnd.nextInt(4) == 0 ? " " : ",");
            b.append(randomAddress(rnd));
        }
        return b.toString();
    }

    static String randomAddress(Random rnd) {
        StringBuilder h = new StringBuilder("0x");
        for (int i = 0; i < 40; i++) h.append("0123456789abcdef".charAt(rnd.nextInt(16)));
        return h.toString();
    }

    /** A valid address with its EIP-55 case broken (one letter's case flipped). */
    static String wrongChecksum(Random rnd) {
        while (true) {
            String cs = Addresses.checksum(randomAddress(rnd));
            char[] c = cs.toCharArray();
            List<Integer> letters = new ArrayList<>();
            for (int i = 2; i < c.length; i++) if (Character.isLetter(c[i])) letters.add(i);
            if (letters.size() < 2) continue;
            int i = letters.get(rnd.nextInt(letters.size()));
            c[i] = Character.isUpperCase(c[i]) ? Character.toLowerCase(c[i]) : Character.toUpperCase(c[i]);
            String bad = new String(c);
            if (!Addresses.checksum(bad).equals(bad)) return bad;
        }
    }

    /** Hand-picked hostile values; the generator combines and mutates them. */
    static List<String> corpus() {
        Random rnd = new Random(SEED ^ 1);
        List<String> c = new ArrayList<>(List.of(
                SCRIPT, IMG, "'><svg/onload=alert(1)>", "<iframe src=javascript:alert(1)>", "javascript:alert(1)",
                "</title><script>alert(1)</script>", "{{7*7}}", "${7*7}", "[[${7*7}]]", "__${T(java.lang.Runtime)}__::x",
                "' OR 1=1 --", "\" OR \"1\"=\"1", "1; DROP TABLE incidents; --", "' UNION SELECT NULL,NULL--", "%' AND 1=1 --",
                "\\", "\\\\'", "_", "%", "%%", "'", "\"", "`", ";", "--", "/*", "*/",
                "../../etc/passwd", "..\\..\\windows\\win.ini", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%2f..%2fetc%2fpasswd",
                "%252e%252e%252f", "....//....//etc/passwd", "/etc/passwd", "file:///etc/passwd", "..", ".", "./", "/",
                "%00", "\u0000", "a\u0000b", "0x9999999999999999999999999999999999999999\u0000", "\r\nSet-Cookie: x=1",
                "\r\nLocation: //evil.example", "%0d%0aX-Injected: 1", "\t", " ", "   ", "\u00a0", "\ufeff", "\u200b",
                "\u202eevil\u202c", "\u202dltr", "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627", "\ud83d\udca5\ud83d\udd25",
                "\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67", "e\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308\u0309",
                repeat("Z\u0336\u0337\u0338\u0489", 400), "\ud800", "\udfff", "\uffff", "\ufffd", "\uff1cscript\uff1e",
                "\u0130", "\u0131", "\u00df", "\u212a", "\u0660\u0661\u0662", "\uff11\uff12",
                "-1", "0", "-0", "+5", " 5 ", "007", "1e3", "1.5", "0x10", "NaN", "Infinity", "-Infinity",
                "2147483647", "2147483648", "-2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
                "-9223372036854775809", "99999999999999999999999999999999", "1" + "0".repeat(400),
                "2026-H1", "2026-H3", "2026-h1", "1970-H1", "1969-H2", "9999-H2", "10000-H1", "0000-H1", "-2026-H1", "2026-H1 ",
                "\uff12\uff10\uff12\uff16-H1", "2026-H1\u0000", "2026-H1%00",
                "2026-02-30", "2026-13-01", "0000-01-01", "1900-01-01", "1970-01-01", "9999-12-31", "+999999999-12-31",
                "-999999999-01-01", "+10000-01-01", "2026-1-1", "20260101",
                "2026-04-18-kelpdao", "2026-04-18-kelpdao/../..", "2026-04-18-kelpdao" + SCRIPT, "KELPDAO", "kelpdao", "a",
                "-", "a".repeat(160), "a".repeat(161), "ronin-bridge", "RONIN-BRIDGE",
                "ethereum", "ETHEREUM", "ethereum,ethereum", "ethereum,mars", ",,,", "base", "ethereum," + SCRIPT,
                "loss", "LOSS", "last", "name", "count", "asc", "desc", "risk",
                "true", "TRUE", "yes", "1", "false", "no", "maybe",
                "infrastructure", "smart_contract", "other", "INFRASTRUCTURE",
                "vitalik.eth", "\u00fcn\u00efcode.eth", ".eth", "eth", "a..eth", "xn--80ak6aa92e.eth", SCRIPT + ".eth",
                "0x", "0X9999999999999999999999999999999999999999", "0x999999999999999999999999999999999999999",
                "0x99999999999999999999999999999999999999999", "0xZZ99999999999999999999999999999999999999",
                "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
                "0x9999999999999999999999999999999999999999", " 0x9999999999999999999999999999999999999999 ",
                "approval_to_exploited_contract:ethereum:0x1:0x2", "a:b:c:", "a:b:c:d:e",
                "perimeter.css", "progress.js", "favicon.svg", "../templates/layout.html", "..%2ftemplates%2flayout.html",
                "%2e%2e/%2e%2e/pom.xml", "WEB-INF/web.xml", "/wallet", "//evil.example", "/wallet/../../evil", "/wallet\r\nX: 1",
                "https://evil.example/", "/\\evil.example"));
        c.add(repeat("A", 10_000));
        c.add(repeat(SCRIPT, 12_000));
        c.add(repeat("\ud83d\udca5", 10_000));
        c.add(repeat("%", 10_001));
        c.add(repeat("../", 4_000));
        c.add(repeat("0x9999999999999999999999999999999999999999,", 200));
        c.add(addressList(10_000, rnd)); // a 10,000-item address list
        c.add(addressList(21, rnd));
        c.add(addressList(20, rnd));
        for (int i = 0; i < 5; i++) c.add(wrongChecksum(rnd));
        return c;
    }

    static final String[] UNICODE_POOL = {"\u0000", "\u0001", "\u001f", "\u007f", "\u0085", "\u2028", "\u2029", "\u202e", "\u200f",
            "\u0301", "\u0489", "\ud83d\ude00", "\ud83c\udff3\ufe0f\u200d\ud83c\udf08", "\u4e2d", "\u0416", "\u05d0", "\u0627", "\ufeff",
            "\ud800", "\udc00", "<", ">", "&", "'", "\"", "/", "\\", "%", "?", "#", "=", "+", " ", "\t", "\n", "\r", ";", ",", ":", "@",
            "a", "Z", "0", "9", "-", "_", ".", "~", "*", "$", "{", "}", "(", ")", "[", "]", "|", "^", "`", "!"};

    static final String[] VALID_SEEDS = {"2026-04-18-kelpdao", "kelpdao", "2026-H1", "2025-H2", "ronin-bridge", "ethereum",
            "0x9999999999999999999999999999999999999994", "2026-01-31", "loss", "desc", "100", "0", "true", "smart_contract",
            "approval_to_exploited_contract:ethereum:0x9999999999999999999999999999999999999994:0x1"};

    /** INPUTS hostile values, the same every run (fixed seed). */
    static List<String> inputs() {
        List<String> base = corpus();
        List<String> out = new ArrayList<>(base);
        Random rnd = new Random(SEED);
        while (out.size() < INPUTS) {
            String v = switch (rnd.nextInt(9)) {
                case 0 -> base.get(rnd.nextInt(base.size())) + base.get(rnd.nextInt(base.size()));
                case 1 -> {
                    StringBuilder b = new StringBuilder();
                    int n = 1 + rnd.nextInt(48);
                    for (int i = 0; i < n; i++) b.append(UNICODE_POOL[rnd.nextInt(UNICODE_POOL.length)]);
                    yield b.toString();
                }
                case 2 -> { // a valid value with something hostile inserted or appended
                    String seed = VALID_SEEDS[rnd.nextInt(VALID_SEEDS.length)];
                    String junk = rnd.nextBoolean() ? base.get(rnd.nextInt(base.size())) : UNICODE_POOL[rnd.nextInt(UNICODE_POOL.length)];
                    if (junk.length() > 300) junk = junk.substring(0, 300);
                    int at = rnd.nextInt(seed.length() + 1);
                    yield seed.substring(0, at) + junk + seed.substring(at);
                }
                case 3 -> switch (rnd.nextInt(5)) {
                    case 0 -> Long.toString(rnd.nextLong());
                    case 1 -> Integer.toString(-rnd.nextInt(Integer.MAX_VALUE));
                    case 2 -> new java.math.BigInteger(64 + rnd.nextInt(200), rnd).toString();
                    case 3 -> Integer.toString(rnd.nextInt()) + UNICODE_POOL[rnd.nextInt(UNICODE_POOL.length)];
                    default -> String.format(Locale.ROOT, "%.3e", rnd.nextDouble() * Math.pow(10, rnd.nextInt(300)) * (rnd.nextBoolean() ? 1 : -1));
                };
                case 4 -> repeat(base.get(rnd.nextInt(base.size())), 10_000 + rnd.nextInt(10_000));
                case 5 -> switch (rnd.nextInt(6)) {
                    case 0 -> wrongChecksum(rnd);
                    case 1 -> randomAddress(rnd); // valid: really scanned (and fails fast: no RPC listens)
                    case 2 -> addressList(2 + rnd.nextInt(25), rnd);
                    case 3 -> randomAddress(rnd).substring(0, 3 + rnd.nextInt(40));
                    case 4 -> randomAddress(rnd) + UNICODE_POOL[rnd.nextInt(UNICODE_POOL.length)];
                    default -> rnd.nextInt(40) == 0 ? addressList(10_000, rnd) : wrongChecksum(rnd) + "," + randomAddress(rnd);
                };
                case 6 -> { // percent-encoding games (sent encoded again, so the app sees these literally)
                    String[] p = {"%00", "%2e", "%2f", "%5c", "%252f", "%c0%ae", "%u002e", "%ff", "%", "%0a", "%3cscript%3e"};
                    StringBuilder b = new StringBuilder();
                    int n = 1 + rnd.nextInt(8);
                    for (int i = 0; i < n; i++) b.append(p[rnd.nextInt(p.length)]).append(rnd.nextBoolean() ? ".." : "");
                    yield b.toString();
                }
                case 7 -> VALID_SEEDS[rnd.nextInt(VALID_SEEDS.length)] + (rnd.nextBoolean() ? SCRIPT : IMG);
                default -> {
                    String s = base.get(rnd.nextInt(base.size()));
                    yield rnd.nextBoolean() ? s.toUpperCase(Locale.ROOT) : " " + s + "\t";
                }
            };
            out.add(v);
        }
        return out;
    }

    // ---- sending and checking -----------------------------------------------------------------------------------

    /** Percent-encodes every byte outside the RFC 3986 unreserved set (so the server decodes exactly the input). */
    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
    }

    record Sent(Route route, String where, String input, String uri) {}

    /** A valid finding key, sent as "key" when the fuzzed form field is "back" (so the redirect is reached). */
    static final String FIXED_KEY = "approval_to_exploited_contract:ethereum:0x00000000000000000000000000000000000000a1:"
            + "0x00000000000000000000000000000000000000c1";

    static Sent request(Route r, int inputIndex, String input, int rotation) {
        List<String> slots = new ArrayList<>();
        if (r.hasPathParam()) slots.add("{x}");
        slots.addAll(r.params());
        String slot = slots.get(Math.floorMod(inputIndex + rotation, slots.size()));
        if (r.method().equals("POST")) return new Sent(r, slot, input, r.template());
        String path = slot.equals("{x}") ? r.template().replace("{x}", enc(input))
                : r.template().replace("{x}", enc(VALID_PATH.getOrDefault(r.template(), "x")));
        String uri = slot.equals("{x}") ? path : path + "?" + enc(slot) + "=" + enc(input);
        // Every 7th input also goes in as a parameter *name*.
        if (inputIndex % 7 == 3 && !slot.equals("{x}")) uri = path + "?" + enc(input) + "=1";
        return new Sent(r, slot, input, uri);
    }

    /** The same request for the raw client: method, target as sent, headers, body. */
    static RawHttp.Response send(RawHttp c, Sent s) throws IOException {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        byte[] body = null;
        if (s.route().method().equals("POST")) {
            String other = s.where().equals("key") ? "back" : "key";
            String form = enc(s.where()) + "=" + enc(s.input()) + "&" + other + "=" + enc(other.equals("back") ? "/wallet/x" : FIXED_KEY);
            headers.put("Content-Type", "application/x-www-form-urlencoded");
            body = form.getBytes(StandardCharsets.US_ASCII);
        } else if (!s.route().method().equals("GET")) {
            body = new byte[0];
        }
        if (s.route().template().endsWith("/progress")) headers.put("Accept", "text/event-stream"); // as EventSource asks
        return c.send(s.route().method(), s.uri(), headers, body);
    }

    static String show(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "...(" + s.length() + " chars)" : s;
        StringBuilder b = new StringBuilder();
        t.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp > 0x7e) b.append(String.format("\\u%04x", cp)); // ASCII only: a console or CI log never mangles or splits it
            else b.appendCodePoint(cp);
        });
        return b.toString();
    }

    /**
     * Jetty itself refuses some requests before any route runs (a request line over 8 KiB → 414, headers → 431, an
     * undecodable or control character in the target → 400 "Bad Request"/"Illegal Path Character"), with its own small
     * HTML page: such an answer carries none of the app's headers (no Content-Security-Policy). Those are counted and
     * checked (4xx, escaped) but cannot follow the app's JSON error format; see the class comment.
     */
    static boolean refusedByJetty(int status, String csp) {
        return csp == null && (status == 400 || status == 413 || status == 414 || status == 431);
    }

    static final AtomicInteger JETTY_REFUSALS = new AtomicInteger();

    /** The problems with one answer (empty when it is fine). */
    static List<String> check(Route route, String input, int status, String contentType, String location, String body) {
        return check(route, input, status, contentType, location, body, "present");
    }

    static List<String> check(Route route, String input, int status, String contentType, String location, String body, String csp) {
        List<String> p = new ArrayList<>();
        boolean jetty = refusedByJetty(status, csp);
        if (jetty) JETTY_REFUSALS.incrementAndGet();
        if (csp == null && !jetty) p.add("answer " + status + " without the Content-Security-Policy header");
        boolean ensInput = input.trim().toLowerCase(Locale.ROOT).endsWith(".eth");
        if (status >= 500) {
            // The one 5xx we accept: an ENS name could not be resolved because the (deliberately dead) RPC is down. That is
            // a true gateway failure (502), answered with the usual error body; everything else is a server bug.
            boolean ensGateway = status == 502 && ensInput && body.contains("could not be resolved");
            if (!ensGateway) p.add("status " + status + ": " + show(body.replaceAll("\\s+", " ")));
        }
        for (String m : MARKERS) {
            if (body.toLowerCase(Locale.ROOT).contains(m) && input.toLowerCase(Locale.ROOT).contains(m)) {
                p.add("reflected raw markup '" + m + "' (content-type " + contentType + ")");
            }
        }
        if (route.api() && status >= 400 && !jetty) {
            if (!contentType.startsWith("application/json")) {
                p.add("API error " + status + " not JSON but '" + contentType + "'");
            } else {
                try {
                    JsonNode n = JSON.readTree(body);
                    if (n == null || !n.has("error") || !n.get("error").isTextual() || n.get("error").asText().isBlank()) {
                        p.add("API error " + status + " without an \"error\" sentence: " + show(body));
                    }
                } catch (IOException e) {
                    p.add("API error " + status + " is not valid JSON: " + show(body));
                }
            }
        }
        if (route.api() && status < 300) {
            try {
                JSON.readTree(body);
            } catch (IOException e) {
                p.add("API answer " + status + " is not valid JSON");
            }
        }
        if (location != null) {
            if (!location.startsWith("/") || location.startsWith("//") || location.startsWith("/\\") || location.contains("\r")
                    || location.contains("\n")) {
                p.add("unsafe redirect Location: " + show(location));
            }
        }
        return p;
    }

    record Problem(String method, String uri, String input, String what) {
        @Override
        public String toString() {
            return method + " " + show(uri) + "  [input " + show(input) + "]  -> " + what;
        }
    }

    static void record(Queue<Problem> problems, Sent s, List<String> what) {
        for (String w : what) problems.add(new Problem(s.route().method(), s.uri(), s.input(), w));
    }

    static String report(Queue<Problem> problems) {
        // One line per distinct (route, problem kind), then a count: readable even when one bug trips many inputs.
        Map<String, List<Problem>> byKind = new java.util.TreeMap<>();
        for (Problem p : problems) {
            String what = p.what().length() > 60 ? p.what().substring(0, 60) : p.what();
            byKind.computeIfAbsent(p.method() + " " + routeOf(p.uri()) + " | " + what, k -> new ArrayList<>()).add(p);
        }
        StringBuilder b = new StringBuilder(problems.size() + " problem(s) in " + byKind.size() + " group(s):\n");
        // The problem first, then one example: a CI log cut after a few dozen characters still says what went wrong.
        byKind.forEach((k, v) -> b.append("  ").append(v.size()).append("x ").append(show(v.get(0).what())).append(" -- e.g. ")
                .append(v.get(0).method()).append(' ').append(show(v.get(0).uri())).append("  [input ").append(show(v.get(0).input()))
                .append("]\n"));
        return b.toString();
    }

    static String routeOf(String uri) {
        String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
        for (Route r : ROUTES) {
            String re = java.util.regex.Pattern.quote(r.template()).replace("{x}", "\\E[^/]*\\Q");
            if (path.matches(re)) return r.template();
        }
        return path.length() > 40 ? path.substring(0, 40) : path;
    }

    // ---- the tests ----------------------------------------------------------------------------------------------

    @Test
    @Order(0)
    void theServerRegistersExactlyTheRouteTable() {
        // The fuzzed routes come from the route table; the running server's router must hold exactly those routes, so a
        // route added outside the table fails here instead of going unfuzzed.
        java.util.Set<String> registered = new java.util.TreeSet<>();
        for (io.javalin.router.ParsedEndpoint e : app.testApp().app.unsafe.internalRouter.allHttpHandlers()) {
            String m = e.endpoint.method.name();
            if (m.equals("HEAD") || m.equals("OPTIONS") || m.equals("BEFORE") || m.equals("AFTER") || m.equals("BEFORE_MATCHED")
                    || m.equals("AFTER_MATCHED")) continue;
            registered.add(m + " " + e.endpoint.path.replaceAll("\\{[^}]+}", "{x}"));
        }
        java.util.Set<String> fuzzed = new java.util.TreeSet<>();
        for (Route r : ROUTES) if (!r.template().startsWith("/static/")) fuzzed.add(r.method() + " " + r.template());
        assertTrue(fuzzed.size() > 20, "routes in the table: " + fuzzed);
        assertEquals(fuzzed, registered, "the server registers exactly the route table");
    }

    @Test
    @Order(1)
    void everyInputOnEveryRoute() throws Exception {
        List<String> inputs = inputs();
        assertTrue(inputs.size() >= 2_000, "at least 2,000 inputs");
        assertEquals(inputs, inputs(), "the inputs are the same every run (fixed seed)");

        List<Sent> work = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            for (int r = 0; r < ROUTES.size(); r++) {
                // Routes that read no parameter at all get every 10th input (as an unknown parameter and its name): they
                // only exercise the query parser, and a full page render each time would eat the time budget.
                if (ROUTES.get(r).params().equals(List.of("x")) && i % 10 != r % 10) continue;
                work.add(request(ROUTES.get(r), i, inputs.get(i), r));
            }
        }
        Queue<Problem> problems = new ConcurrentLinkedQueue<>();
        Map<Integer, AtomicInteger> statuses = new java.util.concurrent.ConcurrentSkipListMap<>();
        Map<String, long[]> perRoute = new java.util.concurrent.ConcurrentHashMap<>(); // template → {count, total ns, max ns}
        // Requests that change state (dismiss/restore) run on two workers of their own, split by input, so the same
        // value is never written twice at the same instant: two dismissals of one key at once hit a known race (see
        // DismissalRaceIT), which is not what this test is about. The other six workers send everything else.
        List<List<Sent>> queues = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (Sent s : work) {
            // The finding key a write touches: the input, or the fixed valid key sent beside a fuzzed "back".
            String key = s.route().method().equals("POST") && s.where().equals("back") ? FIXED_KEY : s.input();
            queues.get(s.route().method().equals("GET") ? 2 : Math.floorMod(key.hashCode(), 2)).add(s);
        }
        List<AtomicInteger> cursors = List.of(new AtomicInteger(), new AtomicInteger(), new AtomicInteger());
        long t0 = System.nanoTime();
        List<java.util.concurrent.Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < CONCURRENCY; w++) {
            List<Sent> mine = queues.get(Math.min(w, 2));
            AtomicInteger next = cursors.get(Math.min(w, 2));
            workers.add(pool.submit(() -> {
                try (RawHttp client = new RawHttp(port)) {
                    for (int k; (k = next.getAndIncrement()) < mine.size(); ) {
                        Sent s = mine.get(k);
                        long start = System.nanoTime();
                        RawHttp.Response resp = null;
                        Exception failure = null;
                        try {
                            resp = send(client, s);
                        } catch (IOException e) {
                            failure = e;
                        }
                        long took = System.nanoTime() - start;
                        perRoute.compute(s.route().method() + " " + s.route().template(), (key, v) -> {
                            long[] a = v == null ? new long[3] : v;
                            a[0]++;
                            a[1] += took;
                            a[2] = Math.max(a[2], took);
                            return a;
                        });
                        if (resp == null) {
                            problems.add(new Problem(s.route().method(), s.uri(), s.input(), "no answer after " + took / 1_000_000 + " ms: " + failure));
                            continue;
                        }
                        statuses.computeIfAbsent(resp.status(), c -> new AtomicInteger()).incrementAndGet();
                        String ct = resp.header("Content-Type");
                        record(problems, s, check(s.route(), s.input(), resp.status(), ct == null ? "" : ct, resp.header("Location"),
                                resp.text(), resp.header("Content-Security-Policy")));
                    }
                }
                return null;
            }));
        }
        for (var f : workers) f.get();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("FuzzIT: %d inputs on %d routes = %d requests in %d ms; %d refused by Jetty before routing%n",
                inputs.size(), ROUTES.size(), work.size(), ms, JETTY_REFUSALS.get());
        System.out.println("  statuses: " + statuses);
        perRoute.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
                .forEach(e -> System.out.printf("  %-40s n=%d mean=%.1f ms max=%d ms%n", e.getKey(), e.getValue()[0],
                        e.getValue()[1] / 1e6 / e.getValue()[0], e.getValue()[2] / 1_000_000));
        if (!problems.isEmpty()) System.out.println("FuzzIT problems: " + report(problems));
        assertTrue(problems.isEmpty(), () -> report(problems));
        // The fuzz reached the handlers: plenty of answers, and both accepted and refused values among them.
        assertTrue(statuses.getOrDefault(200, new AtomicInteger()).get() > 1_000, "200s: " + statuses);
        assertTrue(statuses.getOrDefault(400, new AtomicInteger()).get() > 10_000, "400s: " + statuses);
    }

    /** Request targets no well-behaved client sends (raw bytes, malformed escapes, traversal); only raw sockets can. */
    static List<String> rawTargets() {
        List<String> t = new ArrayList<>(List.of(
                "/static/../../../../etc/passwd", "/static/..%2f..%2f..%2f..%2fetc%2fpasswd", "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                "/static/%252e%252e/%252e%252e/etc/passwd", "/static/..\\..\\..\\etc\\passwd", "/static/....//....//etc/passwd",
                "/static/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd", "/static/../templates/layout.html", "/static/%2e%2e/pom.xml",
                "/incidents/../../etc/passwd", "/incidents/..%2f..%2fetc%2fpasswd", "/incidents/%00", "/incidents/a%00b",
                "/incidents/%zz", "/incidents/%", "/incidents/%c3%28", "/incidents/%ed%a0%80", "/incidents?q=%zz", "/incidents?q=%",
                "/incidents?q=%c3%28", "/incidents?q=%ed%a0%80", "/incidents?%zz=1", "/incidents?q=a&q=b&q=" + SCRIPT,
                "/api/v1/incidents?q=%zz", "/api/v1/incidents?limit=%", "/api/v1/incidents/%zz", "/api/v1/incidents/%00",
                "/api/v1/stats/range?from=%zz&to=%00", "/api/v1/protocols?q=%ff%fe", "/api/v1/wallets?addresses=%zz",
                "/api/v1/wallets/%zz/exposure", "/api/v1/wallets/0x9999999999999999999999999999999999999999%00/exposure",
                "/wallet?address=%zz", "/wallet?address=%0d%0aLocation:%20//evil.example", "/wallet/%zz", "/wallet/%0d%0a/progress",
                "/wallets?addresses=%", "/stats/%zz", "/stats/2026-H1%00", "/protocols/%zz", "/protocols?q=%",
                "/infrastructure/%zz", "/infrastructure?sort=%zz", "/api/v1/infrastructure/%2e%2e", "/api/v1/stats/semesters/%zz",
                "/health?%", "/?%", "/%", "//", "///etc/passwd", "/./././incidents", "/incidents/./../stats",
                "/" + SCRIPT, "/incidents/" + SCRIPT, "/api/v1/incidents/" + SCRIPT, "/wallet/" + IMG.replace(" ", "%20"),
                "/incidents?q=" + IMG.replace(" ", "%20"), "/api/v1/protocols/" + SCRIPT, "/stats/" + SCRIPT,
                "/incidents?q=\u202e\u0000\u00ff", "/api/v1/incidents?q=\u0001\u0002", "/incidents/\u00e9\u00e8",
                "*", "http://evil.example/incidents", "/incidents#frag", "/incidents?q=" + repeat("A", 20_000),
                "/" + repeat("a/", 10_000), "/api/v1/incidents/" + repeat("%41", 10_000)));
        return t;
    }

    record Raw(int status, String headers, String body) {}

    /** One request over a plain socket: the target's characters are sent as single bytes (or UTF-8 when asked), as is. */
    static Raw raw(String method, String target, boolean utf8) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            byte[] t = target.getBytes(utf8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            try {
                out.write((method + " ").getBytes(StandardCharsets.ISO_8859_1));
                out.write(t);
                out.write((" HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (java.net.SocketException e) {
                // The server may refuse an over-long target and close before it is all written: read what it answered.
            }
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            try {
                in.transferTo(buf);
            } catch (java.net.SocketException e) {
                // a reset after the answer was written: keep what arrived
            }
            String all = buf.toString(StandardCharsets.ISO_8859_1);
            int end = all.indexOf("\r\n\r\n");
            if (!all.startsWith("HTTP/1.1 ") || end < 0) return new Raw(-1, all, "");
            int status = Integer.parseInt(all.substring(9, 12));
            String head = all.substring(0, end);
            String body = all.substring(end + 4);
            if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) body = dechunk(body);
            return new Raw(status, head, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
        }
    }

    static String dechunk(String s) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            int eol = s.indexOf("\r\n", i);
            if (eol < 0) break;
            String sizeText = s.substring(i, eol).split(";")[0].trim();
            if (sizeText.isEmpty()) break;
            int size = Integer.parseInt(sizeText, 16);
            if (size == 0) break;
            out.append(s, eol + 2, Math.min(s.length(), eol + 2 + size));
            i = eol + 2 + size + 2;
        }
        return out.toString();
    }

    static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int c = line.indexOf(':');
            if (c > 0 && line.substring(0, c).trim().equalsIgnoreCase(name)) return line.substring(c + 1).trim();
        }
        return null;
    }

    @Test
    @Order(2)
    void rawRequestTargets() throws Exception {
        Queue<Problem> problems = new ConcurrentLinkedQueue<>();
        for (String target : rawTargets()) {
            for (boolean utf8 : new boolean[] {false, true}) {
                if (utf8 && target.chars().allMatch(ch -> ch < 0x80)) continue;
                Raw r = raw("GET", target, utf8);
                Route route = new Route("GET", target, List.of()); // api() when the target starts with /api/
                Sent s = new Sent(route, "raw", target, target);
                if (r.status() < 0) {
                    record(problems, s, List.of("no HTTP answer: " + show(r.headers())));
                    continue;
                }
                String ct = header(r.headers(), "Content-Type");
                List<String> what = new ArrayList<>(check(route, target, r.status(), ct == null ? "" : ct,
                        header(r.headers(), "Location"), r.body(), header(r.headers(), "Content-Security-Policy")));
                if (r.body().contains("root:x:0:0") || r.body().contains("<artifactId>") || r.body().contains("th:fragment")) {
                    what.add("path traversal: served a file from outside /static");
                }
                record(problems, s, what);
            }
        }
        assertTrue(problems.isEmpty(), () -> report(problems));
    }

    @Test
    @Order(3)
    void stillHealthyAfterwards() throws Exception {
        HttpResponse<String> home = app.get("/");
        assertEquals(200, home.statusCode());
        assertTrue(home.body().contains("What is your wallet exposed to?"));
        HttpResponse<String> health = app.get("/health");
        assertEquals(200, health.statusCode(), health.body());
        assertTrue(app.json(health).get("database").asBoolean());
        assertEquals(200, app.get("/api/v1/incidents/2026-04-18-kelpdao").statusCode());
        // A valid wallet still gets its report, with the dead chain reported per chain (not as a 5xx).
        HttpResponse<String> w = app.get("/api/v1/wallets/0x9999999999999999999999999999999999999995/exposure");
        assertEquals(200, w.statusCode(), w.body());
        JsonNode chain = app.json(w).get("chains").get(0);
        assertEquals("failed", chain.get("status").asText(), chain.toString());
    }
}
