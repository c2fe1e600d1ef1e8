package dev.perimeter.stats;

import dev.perimeter.AppConfig;
import dev.perimeter.Wiring;
import dev.perimeter.util.Semester;
import dev.perimeter.web.WebApp;
import io.javalin.Javalin;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Benchmark (not a test): 100,000 clearly synthetic incidents in a throw-away H2 database, then the statistics API and
 * pages timed over HTTP on loopback. Run from the project folder:
 * <pre>
 *   mvn -B -q test-compile exec:java -Dexec.mainClass=dev.perimeter.stats.StatsBench -Dexec.classpathScope=test \
 *       -Dbench.out=bench/stats/RESULTS.md
 * </pre>
 * Args (or system properties): [results file to write: bench.out] [number of synthetic incidents: bench.count, default
 * 100000]. (-Dexec.args is not used because the build's npm exec step reads it.) The times are client-side round trips
 * over loopback (an upper bound of the server time: they include HTTP and JSON/HTML transfer).
 */
public final class StatsBench {
    static final int WARMUP = 100, RUNS = 300;
    static final String[] CHAINS = {"ethereum", "bsc", "arbitrum", "base", "polygon", "optimism", "avalanche", "solana"};
    static final String[] VECTORS = {"smart_contract", "smart_contract", "smart_contract", "infrastructure", "other"};

    private StatsBench() {}

    public static void main(String[] args) throws Exception {
        String outArg = args.length > 0 ? args[0] : System.getProperty("bench.out");
        Path out = outArg == null || outArg.isBlank() ? null : Path.of(outArg);
        int count = Integer.parseInt(args.length > 1 ? args[1] : System.getProperty("bench.count", "100000"));
        Path dir = Files.createTempDirectory("perimeter-stats-bench");
        String url = "jdbc:h2:file:" + dir.resolve("bench").toAbsolutePath();
        StringBuilder report = new StringBuilder();
        try (Wiring w = new Wiring(AppConfig.from(Map.of("PERIMETER_DB_URL", url, "PERIMETER_PORT", "0")))) {
            w.incidents.syncShippedData();
            long t0 = System.nanoTime();
            int protocols = insertSynthetic(w, count, 42L);
            double insertS = (System.nanoTime() - t0) / 1e9;
            Javalin app = WebApp.create(w.webServices()).start("127.0.0.1", 0);
            try {
                String base = "http://127.0.0.1:" + app.port();
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                String slug = "synthetic-bench-protocol-0042";
                String incident = firstIncidentOf(w, slug);
                String sem = "2026-H1", mid = "2021-H2";

                report.append("# Statistics benchmark\n\n");
                report.append(String.format(Locale.ROOT, "%,d synthetic incidents (+ the shipped data) in %,d synthetic protocols, "
                        + "a throw-away H2 file database; inserted in %.1f s. Java %s, %d CPU(s). Times are client-side round trips "
                        + "on loopback (upper bound of server time), %d runs after %d warm-up requests.%n%n",
                        count, protocols, insertS, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                        RUNS, WARMUP));

                report.append("## First request after start (cache empty)\n\n| request | ms |\n|---|---:|\n");
                report.append(row("GET /api/v1/stats/semesters/" + sem + " (loads 3 semesters by date range)",
                        once(http, base + "/api/v1/stats/semesters/" + sem)));
                report.append(row("GET /stats (loads every row once: overview, protocols)", once(http, base + "/stats")));
                report.append("\n## Warm (data unchanged)\n\n| request | p50 ms | p90 ms | p99 ms | max ms | target |\n|---|---:|---:|---:|---:|---|\n");
                report.append(timed(http, base + "/api/v1/stats/semesters/" + sem, "≤ 20 ms p50"));
                report.append(timed(http, base + "/api/v1/stats/semesters/" + mid, "≤ 20 ms p50"));
                report.append(timed(http, base + "/stats/" + sem, "≤ 50 ms p50"));
                report.append(timed(http, base + "/stats/" + mid, "≤ 50 ms p50"));
                report.append(timed(http, base + "/api/v1/stats/semesters", ""));
                report.append(timed(http, base + "/stats", ""));
                report.append(timed(http, base + "/protocols?q=synthetic-bench-protocol-004", ""));
                report.append(timed(http, base + "/protocols/" + slug, ""));
                report.append(timed(http, base + "/api/v1/incidents/" + incident + "/context", ""));

                StatsService stats = w.stats;
                double[] ctx = new double[RUNS];
                for (int i = 0; i < WARMUP; i++) stats.context(incident);
                for (int i = 0; i < RUNS; i++) {
                    long s = System.nanoTime();
                    stats.context(incident);
                    ctx[i] = (System.nanoTime() - s) / 1e6;
                }
                report.append(stat("StatsService.context(id), in process", ctx, ""));
                long semCount = stats.semesterStats(Semester.parse(sem).orElseThrow()).incidents();
                report.append(String.format(Locale.ROOT, "%n%s holds %,d incidents in this run.%n", sem, semCount));
            } finally {
                app.stop();
            }
        }
        System.out.println(report);
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, report.toString());
            System.out.println("written to " + out);
        }
    }

    /** Inserts synthetic protocols and incidents (ids and names say "synthetic"); returns the number of protocols. */
    static int insertSynthetic(Wiring w, int count, long seed) throws Exception {
        Random rnd = new Random(seed);
        int protocols = Math.max(1, count / 20);
        LocalDate from = LocalDate.of(2016, 1, 1), to = LocalDate.of(2026, 6, 30);
        long span = to.toEpochDay() - from.toEpochDay() + 1;
        try (Connection c = w.database.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement pp = c.prepareStatement("INSERT INTO protocols (slug, name, category, origin) VALUES (?,?,NULL,'import')")) {
                for (int p = 0; p < protocols; p++) {
                    pp.setString(1, String.format(Locale.ROOT, "synthetic-bench-protocol-%04d", p));
                    pp.setString(2, String.format(Locale.ROOT, "Synthetic Bench Protocol %04d", p));
                    pp.addBatch();
                }
                pp.executeBatch();
            }
            try (PreparedStatement pi = c.prepareStatement("INSERT INTO incidents (id, incident_date, semester, protocol_slug,"
                    + " protocol_name, title, loss_usd, loss_raw, loss_basis, vector, vector_rule, technique, attribution,"
                    + " attribution_source, funds_returned_usd, verified, origin, content_hash)"
                    + " VALUES (?,?,?,?,?,?,?,NULL,'synthetic',?,'synthetic',NULL,?,?,?,FALSE,'import',?)");
                 PreparedStatement pc = c.prepareStatement("INSERT INTO incident_chains (incident_id, chain) VALUES (?,?)")) {
                byte[] hash = new byte[32];
                for (int i = 0; i < count; i++) {
                    String id = String.format(Locale.ROOT, "synthetic-bench-%06d", i);
                    LocalDate d = from.plusDays((long) (rnd.nextDouble() * span));
                    int p = (i * 7919) % protocols;
                    BigDecimal loss = rnd.nextDouble() < 0.15 ? null
                            : BigDecimal.valueOf(Math.pow(10, 3 + rnd.nextDouble() * 5.5)).setScale(2, java.math.RoundingMode.HALF_UP);
                    pi.setString(1, id);
                    pi.setDate(2, Date.valueOf(d));
                    pi.setString(3, Semester.of(d).toString());
                    pi.setString(4, String.format(Locale.ROOT, "synthetic-bench-protocol-%04d", p));
                    pi.setString(5, String.format(Locale.ROOT, "Synthetic Bench Protocol %04d", p));
                    pi.setString(6, "Synthetic benchmark incident " + i + " (not real)");
                    pi.setBigDecimal(7, loss);
                    pi.setString(8, VECTORS[rnd.nextInt(VECTORS.length)]);
                    boolean attributed = rnd.nextDouble() < 0.01;
                    pi.setString(9, attributed ? "Synthetic Actor " + rnd.nextInt(3) + ", per a synthetic source" : null);
                    pi.setString(10, attributed ? "synthetic benchmark data" : null);
                    pi.setBigDecimal(11, loss != null && rnd.nextDouble() < 0.02 ? loss.divide(BigDecimal.valueOf(2)) : null);
                    rnd.nextBytes(hash);
                    pi.setString(12, HexFormat.of().formatHex(hash));
                    pi.addBatch();
                    int chains = 1 + (rnd.nextDouble() < 0.1 ? 1 : 0);
                    int first = rnd.nextInt(CHAINS.length);
                    for (int k = 0; k < chains; k++) {
                        pc.setString(1, id);
                        pc.setString(2, CHAINS[(first + k) % CHAINS.length]);
                        pc.addBatch();
                    }
                    if (i % 2000 == 1999) {
                        pi.executeBatch();
                        pc.executeBatch();
                    }
                }
                pi.executeBatch();
                pc.executeBatch();
            }
            c.commit();
        }
        return protocols;
    }

    static String firstIncidentOf(Wiring w, String slug) throws Exception {
        try (Connection c = w.database.connection();
             PreparedStatement ps = c.prepareStatement("SELECT id FROM incidents WHERE protocol_slug = ? ORDER BY incident_date DESC LIMIT 1")) {
            ps.setString(1, slug);
            var rs = ps.executeQuery();
            rs.next();
            return rs.getString(1);
        }
    }

    static double once(HttpClient http, String url) throws Exception {
        long s = System.nanoTime();
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        double ms = (System.nanoTime() - s) / 1e6;
        if (r.statusCode() != 200) throw new IllegalStateException(url + " → " + r.statusCode());
        return ms;
    }

    static String timed(HttpClient http, String url, String target) throws Exception {
        for (int i = 0; i < WARMUP; i++) once(http, url);
        double[] t = new double[RUNS];
        for (int i = 0; i < RUNS; i++) t[i] = once(http, url);
        return stat("GET " + url.replaceFirst("http://127.0.0.1:\\d+", ""), t, target);
    }

    static String stat(String what, double[] t, String target) {
        double[] s = t.clone();
        Arrays.sort(s);
        return String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f | %s |%n", what, pick(s, 50), pick(s, 90), pick(s, 99),
                s[s.length - 1], target);
    }

    /** Nearest-rank percentile, as the statistics use. */
    static double pick(double[] sorted, int p) {
        int rank = (p * sorted.length + 99) / 100;
        return sorted[Math.max(1, rank) - 1];
    }

    static String row(String what, double ms) {
        return String.format(Locale.ROOT, "| %s | %.1f |%n", what, ms);
    }

}
