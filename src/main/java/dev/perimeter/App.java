package dev.perimeter;

import dev.perimeter.web.WebApp;
import io.javalin.Javalin;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Entry point and command line: serve (default), import-incidents FILE, check-data [DIR], --help. */
public final class App {
    static final String USAGE = """
            Usage: java -jar perimeter.jar [command]

            Commands:
              serve                    start the web server (default); configured by PERIMETER_* environment variables
              import-incidents FILE    import incidents from a CSV file (format v1, see README) in one transaction
              check-data [DIR] [--merge-report FILE]
                                       check the shipped data (or the data folder DIR) without a database: vectors and
                                       losses per year, merges, conflicts, reviews; exit 1 on a reference that points
                                       nowhere, an unknown vector or scope; --merge-report writes merge-report.csv
              --help                   show this help

            Environment: PERIMETER_PORT, PERIMETER_DB_URL, PERIMETER_DB_USER, PERIMETER_DB_PASSWORD, PERIMETER_CHAINS,
            PERIMETER_RPC_<CHAIN>, PERIMETER_DATA_DIR, PERIMETER_CHAIN_TIMEOUT_MS, PERIMETER_CACHE_TTL_SECONDS,
            PERIMETER_SCAN_RATE_PER_MINUTE, PERIMETER_MAX_CONCURRENT_SCANS (see README).
            """;

    private App() {}

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != 0) System.exit(code);
    }

    /** Returns the exit code; 0 while serving (the server keeps the JVM alive). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        String cmd = args.length == 0 ? "serve" : args[0];
        switch (cmd) {
            case "--help", "-h", "help" -> {
                out.print(USAGE);
                return 0;
            }
            case "serve" -> {
                if (args.length > 1) return usage(err, "serve takes no arguments");
                return serve(err);
            }
            case "check-data" -> {
                return checkData(java.util.Arrays.copyOfRange(args, 1, args.length), out, err);
            }
            case "import-incidents" -> {
                if (args.length != 2) return usage(err, "import-incidents needs exactly one FILE");
                return importIncidents(Path.of(args[1]), out, err);
            }
            default -> {
                return usage(err, "unknown command '" + cmd + "'");
            }
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.println("perimeter: " + problem);
        err.print(USAGE);
        return 2;
    }

    private static AppConfig config(PrintStream err) {
        try {
            return AppConfig.fromEnv();
        } catch (AppConfig.InvalidConfig e) {
            err.println("perimeter: invalid configuration:");
            for (String p : e.problems()) err.println("  " + p);
            return null;
        }
    }

    private static int serve(PrintStream err) {
        AppConfig cfg = config(err);
        if (cfg == null) return 1;
        Wiring w;
        try {
            w = new Wiring(cfg);
            w.syncData();
        } catch (RuntimeException e) {
            err.println("perimeter: cannot start: " + e.getMessage());
            return 1;
        }
        Javalin app = WebApp.create(w.webServices());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.stop();
            w.close();
        }, "perimeter-shutdown"));
        app.start(cfg.port());
        return 0;
    }

    private static int checkData(String[] args, PrintStream out, PrintStream err) {
        Path dir = null, report = null;
        for (int k = 0; k < args.length; k++) {
            if (args[k].equals("--merge-report")) {
                if (k + 1 >= args.length) return usage(err, "--merge-report needs a FILE");
                report = Path.of(args[++k]);
            } else if (args[k].startsWith("-") || dir != null) {
                return usage(err, "check-data takes an optional data folder and --merge-report FILE");
            } else {
                dir = Path.of(args[k]);
            }
        }
        if (dir != null && !Files.isDirectory(dir)) {
            err.println("perimeter: no such data folder: " + dir);
            return 1;
        }
        var files = dir == null ? dev.perimeter.util.DataFiles.bundled() : dev.perimeter.util.DataFiles.folder(dir);
        var result = dev.perimeter.check.CheckData.run(files, out);
        if (report != null && result.loaded() != null) {
            try {
                Files.writeString(report, dev.perimeter.incident.ShippedIncidents.mergeReportCsv(result.loaded().mergeReport()));
                out.println("wrote " + report);
            } catch (java.io.IOException e) {
                err.println("perimeter: cannot write " + report + ": " + e.getMessage());
                return 1;
            }
        }
        return result.ok() ? 0 : 1;
    }

    private static int importIncidents(Path file, PrintStream out, PrintStream err) {
        if (!Files.isRegularFile(file)) {
            err.println("perimeter: no such file: " + file);
            return 1;
        }
        AppConfig cfg = config(err);
        if (cfg == null) return 1;
        try (Wiring w = new Wiring(cfg)) {
            w.incidents.syncShippedData();
            byte[] content = Files.readAllBytes(file);
            var outcome = w.incidents.importCsv(content, file.getFileName().toString());
            if (!outcome.errors().isEmpty()) {
                err.println("perimeter: " + file + " was not imported (" + outcome.errors().size() + " bad row(s)); the database is unchanged:");
                for (String e : outcome.errors()) err.println("  " + e);
                return 1;
            }
            out.println("imported " + file.getFileName() + ": " + outcome.added() + " added, " + outcome.unchanged() + " unchanged");
            return 0;
        } catch (Exception e) {
            err.println("perimeter: import failed, the database is unchanged: " + e.getMessage());
            return 1;
        }
    }
}
