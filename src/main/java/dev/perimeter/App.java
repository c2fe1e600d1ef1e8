package dev.perimeter;

import dev.perimeter.web.WebApp;
import io.javalin.Javalin;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Entry point and command line: serve (default), import-incidents [--format F] FILE, update-data, check-data [DIR], --help. */
public final class App {
    static final String USAGE = """
            Usage: java -jar perimeter.jar [command]

            Commands:
              serve                    start the web server (default); configured by PERIMETER_* environment variables
              import-incidents [--format csv|defillama|revoke] FILE
                                       import incidents in one transaction, the whole file validated first: csv (the
                                       default, format v1: docs/data-pipeline.md), defillama (the JSON array of
                                       DefiLlama's hacks endpoint) or revoke (a folder laid out like Revoke.cash's
                                       approval-exploit-list, or one exploit file); prints added, updated and unchanged
              update-data              fetch the configured feeds (PERIMETER_FEED_*), validate, apply in one transaction
                                       and print what changed; exit 1 naming each feed that failed
              check-data [DIR] [--merge-report FILE] [--approval-report FILE]
                                       check the shipped data (or the data folder DIR) without a database: vectors and
                                       losses per year, merges, conflicts, reviews, approval roles; exit 1 on a reference
                                       that points nowhere, an unknown vector or scope, a well-known contract with an
                                       unconfirmed approval role; --merge-report writes merge-report.csv,
                                       --approval-report writes contracts/approval-roles.csv
              --help                   show this help

            """ + environment() + "\n";

    /** "Environment: PERIMETER_PORT, …" — every setting of AppConfig's table (one PERIMETER_RPC_<CHAIN>), wrapped. */
    static String environment() {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (AppConfig.Setting s : AppConfig.settings()) {
            String n = s.name().startsWith("PERIMETER_RPC_") ? "PERIMETER_RPC_<CHAIN>" : s.name();
            if (!names.contains(n)) names.add(n);
        }
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder("Environment:");
        for (int i = 0; i < names.size(); i++) {
            String word = " " + names.get(i) + (i == names.size() - 1 ? " (docs/operations.md)" : ",");
            if (line.length() + word.length() > 118) {
                out.append(line).append('\n');
                line = new StringBuilder(word.substring(1));
            } else {
                line.append(word);
            }
        }
        return out.append(line).toString();
    }

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
                dev.perimeter.update.FeedImport.Format format = dev.perimeter.update.FeedImport.Format.CSV;
                String file = null;
                for (int k = 1; k < args.length; k++) {
                    if (args[k].equals("--format") || args[k].startsWith("--format=")) {
                        String v = args[k].contains("=") ? args[k].substring(args[k].indexOf('=') + 1) : k + 1 < args.length ? args[++k] : null;
                        var f = dev.perimeter.update.FeedImport.Format.parse(v);
                        if (f.isEmpty()) return usage(err, "--format must be csv, defillama or revoke");
                        format = f.get();
                    } else if (args[k].startsWith("-") || file != null) {
                        return usage(err, "import-incidents takes [--format csv|defillama|revoke] and exactly one FILE");
                    } else {
                        file = args[k];
                    }
                }
                if (file == null) return usage(err, "import-incidents needs exactly one FILE");
                return format == dev.perimeter.update.FeedImport.Format.CSV ? importIncidents(Path.of(file), out, err)
                        : importFeed(format, Path.of(file), out, err);
            }
            case "update-data" -> {
                if (args.length > 1) return usage(err, "update-data takes no arguments");
                return updateData(out, err);
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
        app.start(cfg.server().port());
        w.startUpdates();
        w.startWatches();
        return 0;
    }

    private static int checkData(String[] args, PrintStream out, PrintStream err) {
        Path dir = null, report = null, approvalReport = null;
        for (int k = 0; k < args.length; k++) {
            if (args[k].equals("--merge-report")) {
                if (k + 1 >= args.length) return usage(err, "--merge-report needs a FILE");
                report = Path.of(args[++k]);
            } else if (args[k].equals("--approval-report")) {
                if (k + 1 >= args.length) return usage(err, "--approval-report needs a FILE");
                approvalReport = Path.of(args[++k]);
            } else if (args[k].startsWith("-") || dir != null) {
                return usage(err, "check-data takes an optional data folder, --merge-report FILE and --approval-report FILE");
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
        if (approvalReport != null && result.loaded() != null) {
            try {
                Files.writeString(approvalReport, dev.perimeter.check.ApprovalRoleCheck.decisionsCsv(
                        dev.perimeter.check.ApprovalRoleCheck.decisions(result.loaded().incidents())));
                out.println("wrote " + approvalReport);
            } catch (java.io.IOException e) {
                err.println("perimeter: cannot write " + approvalReport + ": " + e.getMessage());
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
            // Watches are rescanned against the new data: due now for whichever server next looks (see docs/watches.md).
            if (outcome.added() > 0) w.watches.dataChanged();
            return 0;
        } catch (Exception e) {
            err.println("perimeter: import failed, the database is unchanged: " + e.getMessage());
            return 1;
        }
    }

    private static int importFeed(dev.perimeter.update.FeedImport.Format format, Path path, PrintStream out, PrintStream err) {
        if (!Files.exists(path)) {
            err.println("perimeter: no such file or folder: " + path);
            return 1;
        }
        var rows = dev.perimeter.update.FeedImport.read(format, path);
        if (!rows.ok()) {
            err.println("perimeter: " + path + " was not imported (" + rows.problems().size() + " problem(s)); the database is unchanged:");
            for (var p : rows.problems()) err.println("  " + p);
            return 1;
        }
        AppConfig cfg = config(err);
        if (cfg == null) return 1;
        try (Wiring w = new Wiring(cfg)) {
            w.incidents.syncShippedData();
            var imported = dev.perimeter.update.FeedImport.importRows(w.incidents, rows);
            var applied = imported.applied();
            for (String h : imported.held()) err.println("perimeter: held back " + h);
            for (var c : applied.counts()) {
                out.println("imported " + path.getFileName() + " (" + c.dataset() + "): " + c.added() + " added, " + c.updated() + " updated, "
                        + c.unchanged() + " unchanged");
            }
            printChanges(applied, out);
            return 0;
        } catch (Exception e) {
            err.println("perimeter: import failed, the database is unchanged: " + e.getMessage());
            return 1;
        }
    }

    private static int updateData(PrintStream out, PrintStream err) {
        AppConfig cfg = config(err);
        if (cfg == null) return 1;
        try (Wiring w = new Wiring(cfg)) {
            if (w.updates.feeds().isEmpty()) {
                err.println("perimeter: no feed is configured (PERIMETER_FEED_DEFILLAMA_URL, PERIMETER_FEED_REVOKE_URL and"
                        + " PERIMETER_FEED_PRICES_URL are off)");
                return 1;
            }
            w.incidents.syncShippedData();
            var ran = w.updateLock.tryRun(w.updates::run);
            if (ran.isEmpty()) {
                err.println("perimeter: another data update is running (in this or another instance); nothing was done");
                return 1;
            }
            var report = ran.get();
            for (var f : report.feeds()) {
                if (f.ok() && f.feed().equals(dev.perimeter.update.UpdateService.PRICES)) {
                    out.println("feed prices: ok, " + f.files() + " request(s), " + f.rows() + " daily close(s) stored");
                } else if (f.ok()) {
                    var c = report.applied().counts().stream().filter(x -> x.dataset().equals(f.feed())).findFirst().orElse(null);
                    out.println("feed " + f.feed() + ": ok, " + f.files() + " file(s) read, " + f.notModified() + " not modified"
                            + (c == null ? ", nothing new" : ", " + f.rows() + " rows: " + c.added() + " added, " + c.updated() + " updated, "
                            + c.unchanged() + " unchanged"));
                } else {
                    err.println("perimeter: feed " + f.feed() + " failed (" + f.errorKind() + "): " + f.error() + "; nothing from it was applied");
                    for (String p : f.problems()) err.println("  " + p);
                }
            }
            for (String h : report.held()) err.println("perimeter: held back " + h);
            if (report.prices().added() > 0) {
                out.println("daily closes stored: " + report.prices().added() + "; losses priced or changed with them: "
                        + report.prices().changedLosses().size());
                for (String l : report.prices().changedLosses()) out.println("  " + l);
            }
            printChanges(report.applied(), out);
            return report.ok() ? 0 : 1;
        } catch (Exception e) {
            err.println("perimeter: update failed, the database is unchanged: " + e.getMessage());
            return 1;
        }
    }

    private static void printChanges(dev.perimeter.incident.IncidentService.Applied a, PrintStream out) {
        if (!a.changed()) {
            out.println("nothing changed");
            return;
        }
        section(out, "new incidents", a.newIncidents());
        section(out, "changed losses", a.changedLosses());
        section(out, "new exploited contracts (approvals to them are dangerous)", a.newApprovalContracts());
    }

    private static void section(PrintStream out, String title, java.util.List<String> lines) {
        out.println(title + ": " + lines.size());
        for (String l : lines) out.println("  " + l);
    }
}
