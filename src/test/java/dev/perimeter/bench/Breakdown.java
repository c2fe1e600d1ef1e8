package dev.perimeter.bench;

import dev.perimeter.TestApp;
import dev.perimeter.chain.EvmChainReader;
import dev.perimeter.chain.ScanTimer;
import dev.perimeter.exposure.ExposureMatcher;
import dev.perimeter.exposure.ExposureReport;
import dev.perimeter.exposure.ExposureSnapshot;
import dev.perimeter.token.PriceBook;
import dev.perimeter.testchain.FaultProxy;
import dev.perimeter.util.DataFiles;
import dev.perimeter.wallet.WalletScan;
import dev.perimeter.wallet.WalletScanner;
import dev.perimeter.web.WalletJsonAccess;
import dev.perimeter.web.WebApp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The in-process timing breakdown of one exposure report (for ExposureApiBench): the app's own chain reader settings,
 * with a {@link ScanTimer} that records each step; the scanner's mapping and pricing; matching; the report; its JSON;
 * and the node's own time per request (each request of one scan captured, then replayed straight to anvil).
 */
final class Breakdown {
    private Breakdown() {}

    /** Records the steps of one scan in order; rpc steps belong to the reader phase reported after them. */
    static final class Recorder implements ScanTimer {
        final List<Map.Entry<String, Long>> events = Collections.synchronizedList(new ArrayList<>());
        final Map<String, Long> bytes = Collections.synchronizedMap(new LinkedHashMap<>());

        @Override
        public void add(String step, long nanos) {
            events.add(Map.entry(step, nanos));
        }

        @Override
        public void bytes(String what, long n) {
            bytes.merge(what, n, Long::sum);
        }

        /** phase → nanos, with "phase · rpc step" for the rpc steps inside each phase. */
        Map<String, Long> byPhase() {
            Map<String, Long> out = new LinkedHashMap<>();
            List<Map.Entry<String, Long>> pending = new ArrayList<>();
            synchronized (events) {
                for (Map.Entry<String, Long> e : events) {
                    if (e.getKey().startsWith("rpc: ")) {
                        pending.add(e);
                        continue;
                    }
                    for (Map.Entry<String, Long> p : pending) out.merge(e.getKey() + " · " + p.getKey().substring(5), p.getValue(), Long::sum);
                    pending.clear();
                    out.merge(e.getKey(), e.getValue(), Long::sum);
                }
            }
            return out;
        }

        void clear() {
            events.clear();
            bytes.clear();
        }
    }

    static String run(TestApp app, String rpcUrl, List<String> wallets, int warm, String chunkEnv) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).version(HttpClient.Version.HTTP_1_1).build();
        EvmChainReader.Limits d = EvmChainReader.Limits.defaults();
        int chunk = chunkEnv == null ? d.multicallChunk() : Integer.parseInt(chunkEnv);
        EvmChainReader.Limits limits = new EvmChainReader.Limits(chunk, d.fallbackBatch(), d.maxResponseBytes(), d.maxRetries(), d.logRequestBudget());
        Recorder rec = new Recorder();
        var pool = Executors.newFixedThreadPool(2);
        ExposureSnapshot snap = app.wiring.exposure.snapshot();
        LocalDate today = LocalDate.now(app.wiring.clock.withZone(ZoneOffset.UTC));
        Map<String, List<Long>> steps = new LinkedHashMap<>();
        Map<String, Long> bytes = new LinkedHashMap<>();
        com.fasterxml.jackson.databind.ObjectMapper mapper = WebApp.objectMapper();
        try {
            EvmChainReader reader = new EvmChainReader("ethereum", 1, URI.create(rpcUrl), http, WebApp.objectMapper(), limits, rec);
            WalletScanner scanner = new WalletScanner(Map.of("ethereum", reader), app.wiring.registry, PriceBook.load(DataFiles.bundled()),
                    Duration.ofSeconds(8), pool, app.wiring.clock);
            for (int i = 0; i < wallets.size() / 2; i++) {
                String w = wallets.get(2 * i);
                String other = wallets.get(2 * i + 1);
                rec.clear();
                Thread.sleep(ExposureApiBench.PAUSE_MS);
                long t0 = System.nanoTime();
                WalletScan scan = scanner.scan(w, null, List.of("ethereum"), true, snap::exploitedContracts);
                long scanNanos = System.nanoTime() - t0;
                long m0 = System.nanoTime();
                ExposureMatcher.match(scan, snap, today);
                long matchNanos = System.nanoTime() - m0;
                // the app's own path for the same wallet: scan via the API (cached after), then the report and its JSON
                Thread.sleep(ExposureApiBench.PAUSE_MS);
                long a0 = System.nanoTime();
                ExposureApiBench.check(ExposureApiBench.get(app.base + "/api/v1/wallets/" + w + "/exposure?chains=ethereum"));
                long apiNanos = System.nanoTime() - a0;
                long b0 = System.nanoTime();
                ExposureReport r = app.wiring.exposure.report(List.of(w), Map.of(), List.of("ethereum"), null);
                long buildNanos = System.nanoTime() - b0;
                long j0 = System.nanoTime();
                byte[] json = WalletJsonAccess.json(mapper, r);
                long jsonNanos = System.nanoTime() - j0;
                // the exposure service in process, uncached (another fresh wallet): the API minus HTTP and JSON
                Thread.sleep(ExposureApiBench.PAUSE_MS);
                long s0 = System.nanoTime();
                app.wiring.exposure.report(List.of(other), Map.of(), List.of("ethereum"), null);
                long serviceNanos = System.nanoTime() - s0;
                long c0 = System.nanoTime();
                ExposureApiBench.check(ExposureApiBench.get(app.base + "/api/v1/wallets/" + w + "/exposure?chains=ethereum"));
                long cachedNanos = System.nanoTime() - c0;
                if (i < warm) continue;
                Map<String, Long> phases = rec.byPhase();
                long readerNanos = phases.getOrDefault("chain reader total", 0L);
                phases.forEach((k, v) -> steps.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
                add(steps, "wallet scanner: holdings, prices, approvals (scan − reader)", scanNanos - readerNanos);
                add(steps, "wallet scan total (pool task)", scanNanos);
                add(steps, "matching (ExposureMatcher.match)", matchNanos);
                add(steps, "report from the cached scan (match + summary + contexts)", buildNanos);
                add(steps, "JSON of the report (" + json.length / 1024 + " KiB)", jsonNanos);
                add(steps, "exposure service report, uncached, in process (scan in the app's pool + report)", serviceNanos);
                add(steps, "cached API request (HTTP + report + JSON)", cachedNanos);
                add(steps, "API request (scan + report + JSON + HTTP)", apiNanos);
                synchronized (rec.bytes) {
                    rec.bytes.forEach((k, v) -> bytes.merge(k, v, (a, b) -> b));
                }
            }
            // the cached request again through a bare socket (HTTP/1.1 keep-alive): how much of it is java.net.http
            List<Long> rawCached = new ArrayList<>();
            String path = "/api/v1/wallets/" + wallets.get(0) + "/exposure?chains=ethereum";
            try (java.net.Socket sock = new java.net.Socket("127.0.0.1", java.net.URI.create(app.base).getPort())) {
                sock.setTcpNoDelay(true);
                java.io.InputStream in = new java.io.BufferedInputStream(sock.getInputStream(), 65536);
                java.io.OutputStream os = sock.getOutputStream();
                byte[] req = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                for (int i = 0; i < 60; i++) {
                    long t0 = System.nanoTime();
                    os.write(req);
                    os.flush();
                    int len = -1;
                    String l;
                    while (!(l = line(in)).isEmpty()) { // headers
                        if (l.toLowerCase(Locale.ROOT).startsWith("content-length:")) len = Integer.parseInt(l.substring(15).trim());
                    }
                    if (len >= 0) {
                        in.readNBytes(len);
                    } else { // chunked
                        int size;
                        while ((size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) > 0) {
                            in.readNBytes(size);
                            line(in);
                        }
                        line(in);
                    }
                    if (i >= 10) rawCached.add(System.nanoTime() - t0);
                }
            }
            steps.put("cached API request through a bare socket (not java.net.http)", rawCached);
            StringBuilder out = new StringBuilder();
            out.append("| step | p50 ms | p90 ms |\n|---|---|---|\n");
            steps.forEach((k, v) -> out.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f |%n", k, ExposureApiBench.pct(v, 50),
                    ExposureApiBench.pct(v, 90))));
            out.append("per scan: ");
            bytes.forEach((k, v) -> out.append(k).append(' ').append(v).append("; "));
            out.append('\n');
            out.append(replay(rpcUrl, http, limits, wallets.get(0), snap));
            return out.toString();
        } finally {
            pool.shutdownNow();
        }
    }

    /** One line of an HTTP head or chunked body, without its CR LF. */
    private static String line(java.io.InputStream in) throws java.io.IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) throw new java.io.EOFException();
            if (c != '\r') sb.append((char) c);
        }
        return sb.toString();
    }

    private static void add(Map<String, List<Long>> steps, String k, long v) {
        steps.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }

    /**
     * anvil's own time per request: one scan through a recording pass-through proxy, then each recorded request body sent
     * straight to anvil 15 times (median: the node's work plus loopback transfer, no client-side decoding). The same
     * wallet is then scanned as an endpoint without eth_call state overrides is (the exploited-contract check through
     * aggregate3, as before the allowance sweep), and both allowance requests are broken down call by call.
     */
    private static String replay(String rpcUrl, HttpClient http, EvmChainReader.Limits limits, String wallet, ExposureSnapshot snap) throws Exception {
        dev.perimeter.chain.ScanPlan plan = new dev.perimeter.chain.ScanPlan(wallet, snap.registry().addresses("ethereum"),
                snap.exploitedContracts("ethereum"), true, true, PriceBook.load(DataFiles.bundled()).feeds("ethereum"));
        List<byte[]> sweep, aggregate;
        try (FaultProxy proxy = new FaultProxy(rpcUrl)) {
            proxy.recordBodies = true;
            EvmChainReader viaProxy = new EvmChainReader("ethereum", 1, URI.create(proxy.url()), http, WebApp.objectMapper(), limits);
            viaProxy.scan(plan, dev.perimeter.chain.Deadline.in(java.time.Duration.ofSeconds(30)));
            sweep = List.copyOf(proxy.bodies);
            proxy.mode = FaultProxy.Mode.NO_STATE_OVERRIDE;
            EvmChainReader noOverride = new EvmChainReader("ethereum", 1, URI.create(proxy.url()), http, WebApp.objectMapper(), limits);
            noOverride.scan(plan, dev.perimeter.chain.Deadline.in(java.time.Duration.ofSeconds(30))); // learns that the endpoint refuses the override
            proxy.bodies.clear();
            noOverride.scan(plan, dev.perimeter.chain.Deadline.in(java.time.Duration.ofSeconds(30)));
            aggregate = List.copyOf(proxy.bodies);
        }
        StringBuilder out = new StringBuilder("anvil's own time per request of one scan (the recorded request replayed straight to anvil,"
                + " 15 times, median; includes loopback transfer):\n");
        int k = 0;
        long sum = 0;
        for (byte[] body : sweep) {
            double ms = replayMillis(http, rpcUrl, body, 15, out, "  request " + ++k);
            sum += (long) (ms * 1e6);
        }
        out.append(String.format(Locale.ROOT, "  all requests of the scan: %.2f ms%n", sum / 1e6));
        if (aggregate.size() == 2) {
            replayMillis(http, rpcUrl, aggregate.get(1), 15, out, "  request 2 of the same scan with the check through aggregate3 (no state override)");
        }
        out.append(oneByOne(http, rpcUrl, sweep.get(0), "the calls of request 1"));
        if (sweep.size() > 1) out.append(oneByOne(http, rpcUrl, sweep.get(1), "the calls of request 2 (allowance sweep)"));
        if (aggregate.size() == 2) out.append(oneByOne(http, rpcUrl, aggregate.get(1), "the calls of request 2 with the check through aggregate3"));
        return out.toString();
    }

    private static double replayMillis(HttpClient http, String rpcUrl, byte[] body, int times, StringBuilder out, String label) throws Exception {
        List<Long> t = new ArrayList<>();
        int size = 0;
        for (int i = 0; i < times; i++) {
            long t0 = System.nanoTime();
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(rpcUrl)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
            t.add(System.nanoTime() - t0);
            size = r.body().length;
        }
        double ms = ExposureApiBench.pct(t, 50);
        int calls = body[0] == '[' ? count(body) : 1;
        out.append(String.format(Locale.ROOT, "%s: %d call(s), %d KiB up, %d KiB down: %.2f ms%n", label, calls, body.length / 1024, size / 1024, ms));
        return ms;
    }

    /** Each call of a recorded request alone (one at a time, median of 9): what the node spends on each kind of call. */
    private static String oneByOne(HttpClient http, String rpcUrl, byte[] request, String title) throws Exception {
        com.fasterxml.jackson.databind.JsonNode calls = ExposureApiBench.JSON.readTree(request);
        if (!calls.isArray()) calls = ExposureApiBench.JSON.createArrayNode().add(calls);
        Map<String, List<Long>> byKind = new LinkedHashMap<>();
        for (com.fasterxml.jackson.databind.JsonNode call : calls) {
            String method = call.path("method").asText();
            String data = call.path("params").path(0).path("data").asText("");
            String kind;
            if (method.equals("eth_call") && call.path("params").size() > 2) { // the allowance sweep: owner, T, S, ...
                kind = "allowance sweep of " + Long.parseLong(data.substring(66, 130), 16) + " tokens x " + Long.parseLong(data.substring(130, 194), 16)
                        + " spenders";
            } else if (method.equals("eth_call")) {
                kind = "aggregate3 of " + (data.length() > 138 ? Long.parseLong(data.substring(74, 138), 16) : 0) + " calls";
            } else {
                kind = method;
            }
            byte[] one = ExposureApiBench.JSON.writeValueAsBytes(call);
            List<Long> t = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                long t0 = System.nanoTime();
                http.send(HttpRequest.newBuilder(URI.create(rpcUrl)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(one)).build(), HttpResponse.BodyHandlers.ofByteArray());
                t.add(System.nanoTime() - t0);
            }
            byKind.computeIfAbsent(kind, x -> new ArrayList<>()).add((long) (ExposureApiBench.pct(t, 50) * 1e6));
        }
        StringBuilder out = new StringBuilder("  " + title + " one by one (median of 9 each; sum = the node's work if nothing ran side by side):\n");
        long total = 0;
        for (Map.Entry<String, List<Long>> e : byKind.entrySet()) {
            long sumKind = e.getValue().stream().mapToLong(Long::longValue).sum();
            total += sumKind;
            out.append(String.format(Locale.ROOT, "    %d × %s: %.2f ms each, %.2f ms together%n", e.getValue().size(), e.getKey(),
                    sumKind / 1e6 / e.getValue().size(), sumKind / 1e6));
        }
        out.append(String.format(Locale.ROOT, "    sum: %.2f ms%n", total / 1e6));
        return out.toString();
    }

    private static int count(byte[] body) {
        try {
            return ExposureApiBench.JSON.readTree(body).size();
        } catch (Exception e) {
            return -1;
        }
    }
}
