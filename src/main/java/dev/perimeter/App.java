package dev.perimeter;

import dev.perimeter.web.WebApp;
import io.javalin.Javalin;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Entry point and command line: serve (default), import-incidents FILE, --help. */
public final class App {
    static final String USAGE = """
            Usage: java -jar perimeter.jar [command]

            Commands:
              serve                    start the web server (default); configured by PERIMETER_* environment variables
              import-incidents FILE    import incidents from a CSV file (format v1, see README) in one transaction
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
