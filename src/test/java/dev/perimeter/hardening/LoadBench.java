package dev.perimeter.hardening;

import dev.perimeter.AppConfig;
import dev.perimeter.Wiring;
import dev.perimeter.token.PriceBook;
import dev.perimeter.token.TokenRegistry;
import dev.perimeter.testchain.Anvil;
import dev.perimeter.util.Addresses;
import dev.perimeter.util.DataFiles;
import dev.perimeter.web.WebApp;
import io.javalin.Javalin;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Load benchmark (not a test): a bounded, loopback-only load generator. It starts a local anvil chain and the app in a
 * child JVM ({@code -Xmx512m}, H2 in a temp folder, the one chain pointed at that anvil), then measures, each for a fixed
 * time at a fixed number of concurrent keep-alive connections (default 64 for 10 s, after a warm-up):
 * a cached exposure page, its JSON twin, {@code /stats/2026-H1} and {@code /incidents}: requests/s, p50/p99/max latency;
 * then 100 simultaneous scans of distinct wallets (zero errors expected); then the server's heap (used after a full GC,
 * peak sampled every 50 ms during the run, max). Every request goes to 127.0.0.1. Run from the project folder:
 * <pre>
 *   mvn -B -q test-compile exec:java -Dexec.mainClass=dev.perimeter.hardening.LoadBench -Dexec.classpathScope=test
 * </pre>
 * System properties (not -Dexec.args: the build's npm exec step reads that): {@code load.seconds} (10), {@code
 * load.warmup} (3), {@code load.connections} (64), {@code load.scans} (100), {@code load.xmx} (512m), {@code load.out}
 * (bench/load/RESULTS.md; "-" to write nothing), {@code load.jvmArgs} (extra server JVM options, e.g. to profile).
 *
 * <p>The client is a minimal HTTP/1.1 keep-alive reader over plain sockets (like wrk: one request in flight per
 * connection), so that the load generator — which shares the machine's cores with the server — costs as little as it
 * can. Latency is measured from writing the request to reading the last byte of the answer.
 */
public final class LoadBench {
    static final String WALLET = "0x1000000000000000000000000000000000000a01";

    private LoadBench() {}

    // ---- the server, in its own JVM ------------------------------------------------------------------------------

    /**
     * The app as {@code java -jar perimeter.jar} would run it, plus a control channel on stdin/stdout for the bench:
     * prints "READY port exploitedContract", then answers "heap" with "HEAP usedAfterGc peakUsed committed max" (bytes).
     */
    public static final class Server {
        public static void main(String[] args) throws Exception {
            long[] peak = {0};
            Thread sampler = new Thread(() -> {
                Runtime rt = Runtime.getRuntime();
                while (true) {
                    long used = rt.totalMemory() - rt.freeMemory();
                    synchronized (peak) {
                        peak[0] = Math.max(peak[0], used);
                    }
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            sampler.setDaemon(true);
            sampler.start();
            Wiring w = new Wiring(AppConfig.fromEnv());
            w.syncData();
            Javalin app = WebApp.create(w.webServices()).start("127.0.0.1", 0);
            PrintStream out = System.out;
            out.println("READY " + app.port() + " " + w.exposure.snapshot().exploitedContracts("ethereum").get(0));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                if (line.equals("heap")) {
                    Runtime rt = Runtime.getRuntime();
                    System.gc();
                    System.gc();
                    long p;
                    synchronized (peak) {
                        p = peak[0];
                    }
                    out.println("HEAP " + (rt.totalMemory() - rt.freeMemory()) + " " + p + " " + rt.totalMemory() + " " + rt.maxMemory());
                    out.flush();
                } else if (line.equals("quit")) {
                    break;
                }
            }
            app.stop();
            w.close();
            System.exit(0);
        }
    }

    // ---- a minimal keep-alive HTTP/1.1 client ---------------------------------------------------------------------

    static final class Conn implements Closeable {
        final int port;
        Socket socket;
        InputStream in;
        OutputStream out;

        Conn(int port) throws IOException {
            this.port = port;
            open();
        }

        void open() throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            out = socket.getOutputStream();
        }

        /** Sends one GET and reads the whole answer; returns the status. Reconnects when the server closed. */
        int get(byte[] request, ByteArrayOutputStream keepBody) throws IOException {
            if (socket.isClosed()) open();
            out.write(request);
            out.flush();
            String status = line();
            if (status == null) throw new IOException("connection closed");
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false, close = false;
            for (String h; !(h = line()).isEmpty(); ) {
                String l = h.toLowerCase(Locale.ROOT);
                if (l.startsWith("content-length:")) length = Long.parseLong(l.substring(15).trim());
                else if (l.startsWith("transfer-encoding:") && l.contains("chunked")) chunked = true;
                else if (l.startsWith("connection:") && l.contains("close")) close = true;
            }
            if (chunked) {
                while (true) {
                    long size = Long.parseLong(line().split(";")[0].trim(), 16);
                    if (size == 0) {
                        while (!line().isEmpty()) { /* trailers */ }
                        break;
                    }
                    body(size, keepBody);
                    line();
                }
            } else if (length >= 0) {
                body(length, keepBody);
            } else {
                close = true;
                body(Long.MAX_VALUE, keepBody);
            }
            if (close) socket.close();
            return code;
        }

        private void body(long n, ByteArrayOutputStream keep) throws IOException {
            byte[] buf = new byte[16 * 1024];
            while (n > 0) {
                int r = in.read(buf, 0, (int) Math.min(buf.length, n));
                if (r < 0) {
                    if (n == Long.MAX_VALUE) return;
                    throw new IOException("short body");
                }
                if (keep != null) keep.write(buf, 0, r);
                if (n != Long.MAX_VALUE) n -= r;
            }
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder();
            for (int c; (c = in.read()) != -1; ) {
                if (c == '\n') {
                    int len = b.length();
                    if (len > 0 && b.charAt(len - 1) == '\r') b.setLength(len - 1);
                    return b.toString();
                }
                b.append((char) c);
            }
            return b.length() == 0 ? null : b.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static byte[] request(int port, String path) {
        return ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAccept: text/html,application/json\r\n"
                + "User-Agent: perimeter-loadbench\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    // ---- measurement ----------------------------------------------------------------------------------------------

    record Result(String name, int connections, double seconds, long requests, long errors, double p50, double p99, double max,
                  String firstError) {
        double rps() {
            return requests / seconds;
        }
    }

    static double pct(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) return Double.NaN;
        int i = (int) Math.ceil(p * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, i))] / 1e6;
    }

    /** `connections` threads, each with its own keep-alive connection, GET path in a loop for `seconds`. */
    static Result hammer(int port, String name, String path, int connections, double seconds) throws Exception {
        byte[] req = request(port, path);
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        CountDownLatch ready = new CountDownLatch(connections);
        CountDownLatch go = new CountDownLatch(1);
        long[] deadline = {0};
        List<Future<long[]>> fs = new ArrayList<>();
        long[] errors = new long[connections];
        String[] firstError = new String[connections];
        for (int c = 0; c < connections; c++) {
            int me = c;
            fs.add(pool.submit(() -> {
                long[] lat = new long[1 << 16];
                int n = 0;
                try (Conn conn = new Conn(port)) {
                    ready.countDown();
                    go.await();
                    while (System.nanoTime() < deadline[0]) {
                        long t0 = System.nanoTime();
                        int status;
                        try {
                            status = conn.get(req, null);
                        } catch (IOException e) {
                            errors[me]++;
                            if (firstError[me] == null) firstError[me] = e.toString();
                            conn.close();
                            continue;
                        }
                        long took = System.nanoTime() - t0;
                        if (status != 200) {
                            errors[me]++;
                            if (firstError[me] == null) firstError[me] = "HTTP " + status;
                        }
                        if (n == lat.length) lat = Arrays.copyOf(lat, n * 2);
                        lat[n++] = took;
                    }
                }
                return Arrays.copyOf(lat, n);
            }));
        }
        ready.await();
        long start = System.nanoTime();
        deadline[0] = start + (long) (seconds * 1e9);
        go.countDown();
        List<long[]> parts = new ArrayList<>();
        for (Future<long[]> f : fs) parts.add(f.get());
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        long[] all = parts.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        long errs = Arrays.stream(errors).sum();
        String first = Arrays.stream(firstError).filter(e -> e != null).findFirst().orElse(null);
        return new Result(name, connections, elapsed, all.length, errs, pct(all, 0.50), pct(all, 0.99),
                all.length == 0 ? Double.NaN : all[all.length - 1] / 1e6, first);
    }

    record ScanRun(int wallets, double wallMs, int ok, int errors, double p50, double p99, double max, String firstError) {}

    /** `n` distinct wallets, all requested at the same instant, each on its own connection. */
    static ScanRun simultaneousScans(int port, List<String> wallets) throws Exception {
        int n = wallets.size();
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch ready = new CountDownLatch(n), go = new CountDownLatch(1);
        List<Future<Object[]>> fs = new ArrayList<>();
        for (String w : wallets) {
            fs.add(pool.submit(() -> {
                try (Conn conn = new Conn(port)) {
                    ready.countDown();
                    go.await();
                    long t0 = System.nanoTime();
                    ByteArrayOutputStream body = new ByteArrayOutputStream();
                    int status = conn.get(request(port, "/api/v1/wallets/" + w + "/exposure"), body);
                    long took = System.nanoTime() - t0;
                    String b = body.toString(StandardCharsets.UTF_8);
                    String problem = status != 200 ? "HTTP " + status + ": " + b
                            : !b.contains("\"status\":\"ok\"") || b.contains("\"status\":\"failed\"") ? "chain not ok: " + b : null;
                    return new Object[] {took, problem};
                }
            }));
        }
        ready.await();
        long t0 = System.nanoTime();
        go.countDown();
        List<Long> times = new ArrayList<>();
        int errors = 0;
        String first = null;
        for (Future<Object[]> f : fs) {
            Object[] r;
            try {
                r = f.get(120, TimeUnit.SECONDS);
            } catch (Exception e) {
                errors++;
                if (first == null) first = e.toString();
                continue;
            }
            times.add((Long) r[0]);
            if (r[1] != null) {
                errors++;
                if (first == null) first = ((String) r[1]).substring(0, Math.min(300, ((String) r[1]).length()));
            }
        }
        double wall = (System.nanoTime() - t0) / 1e6;
        pool.shutdown();
        long[] sorted = times.stream().mapToLong(Long::longValue).sorted().toArray();
        return new ScanRun(n, wall, n - errors, errors, pct(sorted, 0.5), pct(sorted, 0.99),
                sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6, first);
    }

    // ---- the run --------------------------------------------------------------------------------------------------

    /** The classpath this code runs with (exec:java loads it in a class loader; java.class.path is Maven's own). */
    static String classpath() {
        ClassLoader cl = LoadBench.class.getClassLoader();
        if (cl instanceof URLClassLoader u && u.getURLs().length > 0) {
            return Arrays.stream(u.getURLs()).map(url -> {
                try {
                    return Path.of(url.toURI()).toString();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).collect(Collectors.joining(java.io.File.pathSeparator));
        }
        return System.getProperty("java.class.path");
    }

    static String feedOf(String asset) {
        for (String line : new String(DataFiles.bundled().read("prices/feeds.csv"), StandardCharsets.UTF_8).split("\n")) {
            String[] c = line.split(",");
            if (c.length > 2 && c[0].equals("ethereum") && c[1].equals(asset)) return c[2];
        }
        throw new IllegalStateException("no feed for " + asset);
    }

    public static void main(String[] args) throws Exception {
        double seconds = Double.parseDouble(System.getProperty("load.seconds", "10"));
        double warmup = Double.parseDouble(System.getProperty("load.warmup", "3"));
        int connections = Integer.parseInt(System.getProperty("load.connections", "64"));
        int scans = Integer.parseInt(System.getProperty("load.scans", "100"));
        String xmx = System.getProperty("load.xmx", "512m");
        String outArg = System.getProperty("load.out", "bench/load/RESULTS.md");

        TokenRegistry registry = TokenRegistry.load(DataFiles.bundled());
        List<String> tokens = registry.addresses("ethereum");
        String usdc = dev.perimeter.TestData.registryToken(registry, "ethereum", t -> t.symbol().equals("USDC") && t.kind().equals("plain"));
        String rseth = "0xa1290d69c65a6fe4df752f95823fae25cb99e5a7";
        String aToken = dev.perimeter.TestData.registryToken(registry, "ethereum", t -> "aave".equals(t.protocol()) && t.kind().equals("receipt"));

        Path dir = Files.createTempDirectory("perimeter-load");
        String loadBefore = loadAverage();
        Process server = null;
        try (Anvil anvil = new Anvil(1)) {
            // Every registry token gets real ERC-20 code, so each balanceOf in a scan executes (as on mainnet).
            long t0 = System.nanoTime();
            String runtime = Anvil.runtime("TestToken");
            anvil.placeMulticall();
            for (String t : tokens) anvil.rpc("anvil_setCode", t, runtime);
            anvil.placeToken(usdc, "USD Coin", "USDC", 6);
            anvil.placeToken(rseth, "rsETH", "rsETH", 18);
            anvil.placeToken(aToken, "Aave token", "aTKN", 18);
            anvil.placePriceFeed(feedOf(usdc), new BigInteger("100000000"), 8);
            anvil.mint(usdc, WALLET, new BigInteger("2500000000"));
            anvil.mint(rseth, WALLET, new BigInteger("1000000000000000000"));
            anvil.mint(aToken, WALLET, new BigInteger("7000000000000000000"));
            List<String> wallets = new ArrayList<>();
            for (int i = 0; i < scans; i++) {
                String w = String.format("0x2000000000000000000000000000000000%06x", i);
                wallets.add(w);
                anvil.setNativeBalance(w, BigInteger.TEN.pow(17).multiply(BigInteger.valueOf(i + 1)));
                if (i % 4 == 0) anvil.mint(usdc, w, BigInteger.valueOf(1_000_000L * (i + 1)));
            }
            System.out.printf("anvil ready: %d tokens with code, %d wallets funded (%.1f s)%n", tokens.size(), scans,
                    (System.nanoTime() - t0) / 1e9);

            // The app in its own JVM with a bounded heap.
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + xmx));
            String extra = System.getProperty("load.jvmArgs", "").trim(); // e.g. a profiler: -XX:StartFlightRecording=…
            if (!extra.isEmpty()) cmd.addAll(Arrays.asList(extra.split("\\s+")));
            cmd.addAll(List.of("-cp", classpath(), Server.class.getName()));
            ProcessBuilder pb = new ProcessBuilder(cmd);
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("PERIMETER_"));
            env.put("PERIMETER_DB_URL", "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath());
            env.put("PERIMETER_CHAINS", "ethereum");
            env.put("PERIMETER_RPC_ETHEREUM", anvil.url());
            env.put("PERIMETER_CACHE_TTL_SECONDS", "600");           // the cached page stays cached for the whole run
            env.put("PERIMETER_SCAN_RATE_PER_MINUTE", "1000000");    // one client address makes all the load
            pb.redirectError(dir.resolve("server.log").toFile());
            server = pb.start();
            BufferedReader sout = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            Writer sin = new java.io.OutputStreamWriter(server.getOutputStream(), StandardCharsets.UTF_8);
            String ready = sout.readLine();
            while (ready != null && !ready.startsWith("READY ")) ready = sout.readLine(); // a JVM option may print first
            if (ready == null || !ready.startsWith("READY ")) {
                throw new IllegalStateException("the server did not start: " + Files.readString(dir.resolve("server.log")));
            }
            String[] r = ready.split(" ");
            int port = Integer.parseInt(r[1]);
            String exploited = r[2];
            anvil.approve(usdc, WALLET, exploited, new BigInteger("2").pow(256).subtract(BigInteger.ONE));
            System.out.println("server ready on 127.0.0.1:" + port + " (-Xmx" + xmx + ")");

            String page = "/wallet/" + Addresses.checksum(WALLET);
            String api = "/api/v1/wallets/" + Addresses.checksum(WALLET) + "/exposure";
            try (Conn c = new Conn(port)) { // the first request scans and caches; the load then reads the cache
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                int st = c.get(request(port, page), b);
                if (st != 200 || !b.toString(StandardCharsets.UTF_8).contains("approval_to_exploited_contract")) {
                    throw new IllegalStateException("the wallet page is not what the bench expects: HTTP " + st);
                }
            }
            String[][] scenarios = {
                    {"cached exposure page  GET /wallet/{address}", page},
                    {"cached exposure JSON  GET /api/v1/wallets/{address}/exposure", api},
                    {"semester page         GET /stats/2026-H1", "/stats/2026-H1"},
                    {"incident list         GET /incidents", "/incidents"}};
            List<Result> results = new ArrayList<>();
            for (String[] s : scenarios) {
                if (warmup > 0) hammer(port, s[0], s[1], connections, warmup);
                Result res = hammer(port, s[0], s[1], connections, seconds);
                results.add(res);
                System.out.printf("  %-62s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  errors %d%n", res.name(), res.rps(), res.p50(),
                        res.p99(), res.errors());
            }
            ScanRun scanRun = simultaneousScans(port, wallets);
            System.out.printf("  %d simultaneous wallet scans: %d ok, %d errors, all done in %.0f ms%n", scanRun.wallets(), scanRun.ok(),
                    scanRun.errors(), scanRun.wallMs());

            sin.write("heap\n");
            sin.flush();
            String heap = sout.readLine();
            while (heap != null && !heap.startsWith("HEAP ")) heap = sout.readLine();
            String[] h = heap.split(" ");
            long usedAfterGc = Long.parseLong(h[1]), peak = Long.parseLong(h[2]), committed = Long.parseLong(h[3]), max = Long.parseLong(h[4]);
            sin.write("quit\n");
            sin.flush();
            server.waitFor(20, TimeUnit.SECONDS);

            String report = report(results, scanRun, usedAfterGc, peak, committed, max, xmx, seconds, warmup, connections, tokens.size())
                    + "\nMachine load average (1, 5, 15 min) before the run: " + loadBefore + "; after: " + loadAverage()
                    + " (other work on the machine takes CPU from both client and server).\n";
            System.out.println();
            System.out.println(report);
            if (!outArg.equals("-")) {
                Path out = Path.of(outArg);
                if (out.getParent() != null) Files.createDirectories(out.getParent());
                Files.writeString(out, report, StandardCharsets.UTF_8);
                System.out.println("written to " + out.toAbsolutePath());
            }
        } finally {
            if (server != null && server.isAlive()) server.destroyForcibly();
        }
        System.exit(0); // exec:java waits for non-daemon threads otherwise
    }

    /** /proc/loadavg's first three figures, or "n/a". */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.0f MB", bytes / 1024.0 / 1024.0);
    }

    static String report(List<Result> results, ScanRun scans, long usedAfterGc, long peak, long committed, long max, String xmx,
                         double seconds, double warmup, int connections, int tokens) {
        StringBuilder b = new StringBuilder();
        b.append("# Load benchmark\n\n");
        b.append(String.format(Locale.ROOT, "%s, Java %s, %d CPU(s), %s. Server: the app in its own JVM (-Xmx%s), H2 in a temp"
                        + " folder, one chain (ethereum) on a local anvil with real ERC-20 code at all %,d registry token addresses."
                        + " Client: `dev.perimeter.hardening.LoadBench` on the same machine (it shares the CPUs), %d keep-alive"
                        + " connections to 127.0.0.1, one request in flight per connection, %.0f s per row after a %.0f s warm-up."
                        + " Latency: request written → last byte read.\n\n",
                LocalDate.now(ZoneOffset.UTC), System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"), xmx, tokens, connections, seconds, warmup));
        b.append("## Throughput and latency\n\n");
        b.append("| request | connections | requests | req/s | p50 ms | p99 ms | max ms | errors | target |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Result r : results) {
            boolean cached = r.name().startsWith("cached exposure page");
            String target = cached ? "≥ 3,000 req/s, p99 ≤ 50 ms: " + (r.rps() >= 3000 && r.p99() <= 50 ? "met" : "**not met**") : "";
            b.append(String.format(Locale.ROOT, "| `%s` | %d | %,d | %,.0f | %.2f | %.2f | %.1f | %d | %s |%n",
                    r.name().replaceAll("^.*?GET ", "GET "), r.connections(), r.requests(), r.rps(), r.p50(), r.p99(), r.max(),
                    r.errors(), target));
        }
        for (Result r : results) {
            if (r.firstError() != null) b.append("\nFirst error on `").append(r.name().replaceAll("^.*?GET ", "GET ")).append("`: ")
                    .append(r.firstError()).append('\n');
        }
        b.append("\n## Simultaneous wallet scans\n\n");
        b.append(String.format(Locale.ROOT, "%d distinct wallets (not cached), all requested at the same instant on their own"
                + " connections (`GET /api/v1/wallets/{address}/exposure`; the server runs at most 8 scans at once, the default):%n%n",
                scans.wallets()));
        b.append("| wallets | ok | errors | all answered after | p50 ms | p99 ms | max ms | target |\n|---:|---:|---:|---:|---:|---:|---:|---|\n");
        b.append(String.format(Locale.ROOT, "| %d | %d | %d | %,.0f ms | %.0f | %.0f | %.0f | zero errors: %s |%n", scans.wallets(),
                scans.ok(), scans.errors(), scans.wallMs(), scans.p50(), scans.p99(), scans.max(), scans.errors() == 0 ? "met" : "**not met**"));
        if (scans.firstError() != null) b.append("\nFirst error: ").append(scans.firstError()).append('\n');
        b.append("\n## Server heap\n\n");
        b.append("| used after the run (after a full GC) | peak used during the run (sampled every 50 ms) | committed | max (-Xmx) | target |\n");
        b.append("|---:|---:|---:|---:|---|\n");
        b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | under 512 MB: %s |%n", mb(usedAfterGc), mb(peak), mb(committed), mb(max),
                peak < 512L * 1024 * 1024 ? "met" : "**not met**"));
        b.append("\nRun again: `mvn -B -q test-compile exec:java -Dexec.mainClass=dev.perimeter.hardening.LoadBench"
                + " -Dexec.classpathScope=test` (options: `-Dload.seconds=10 -Dload.connections=64 -Dload.scans=100 -Dload.xmx=512m"
                + " -Dload.out=bench/load/RESULTS.md`).\n");
        return b.toString();
    }
}
