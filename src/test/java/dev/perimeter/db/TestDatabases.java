package dev.perimeter.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Databases the repository tests run on: a fresh H2 file always, PostgreSQL when PERIMETER_TEST_PG_URL is set. */
public final class TestDatabases {
    private TestDatabases() {}

    public record Target(String name, String url, String user, String password) {
        @Override
        public String toString() {
            return name;
        }
    }

    public static Target h2() {
        Path dir = dev.perimeter.TestFiles.tempDir("perimeter-test-h2");
        return new Target("h2", "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), "sa", "");
    }

    /** PostgreSQL from PERIMETER_TEST_PG_URL (user/password from PERIMETER_TEST_PG_USER / _PASSWORD), schema emptied. */
    public static Target postgresOrNull() {
        String url = System.getenv("PERIMETER_TEST_PG_URL");
        if (url == null || url.isBlank()) return null;
        String user = System.getenv().getOrDefault("PERIMETER_TEST_PG_USER", "perimeter");
        String pw = System.getenv().getOrDefault("PERIMETER_TEST_PG_PASSWORD", "perimeter");
        try (Connection c = DriverManager.getConnection(url, user, pw); Statement s = c.createStatement()) {
            // The schema is dropped: only in a database whose name says it is a test database (.ci/run makes
            // perimeter_ci_<pid>), never in one that may hold someone's data.
            String name;
            try (java.sql.ResultSet rs = s.executeQuery("SELECT current_database()")) {
                rs.next();
                name = rs.getString(1);
            }
            if (!isTestDatabaseName(name)) {
                throw new IllegalStateException("PERIMETER_TEST_PG_URL names database '" + name + "': the tests empty its schema, so its"
                        + " name must contain 'test' or start with 'perimeter_ci_'");
            }
            s.execute("DROP SCHEMA IF EXISTS public CASCADE");
            s.execute("CREATE SCHEMA public");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("PERIMETER_TEST_PG_URL is set but PostgreSQL is not usable: " + e.getMessage(), e);
        }
        return new Target("postgresql", url, user, pw);
    }

    /** A database the tests may empty: its name contains "test" or starts with "perimeter_ci_" (.ci/run's throw-away database). */
    static boolean isTestDatabaseName(String name) {
        String n = name == null ? "" : name.toLowerCase(java.util.Locale.ROOT);
        return n.contains("test") || n.startsWith("perimeter_ci_");
    }

    public static List<Target> all() {
        List<Target> out = new ArrayList<>();
        out.add(h2());
        Target pg = postgresOrNull();
        if (pg != null) out.add(pg);
        return out;
    }

    public static Database open(Target t) {
        Database db = new Database(t.url(), t.user(), t.password());
        db.migrate();
        return db;
    }
}
