package dev.perimeter.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The connection pool and schema migrations. The only owner of the DataSource.
 *
 * <p>H2 in auto-server mode ({@code ;AUTO_SERVER=TRUE}, the default URL): the first process to open the file holds it and
 * serves it to later processes (a command run while the server runs) over TCP. That port must not be reachable from
 * other machines: H2 binds its servers to {@code h2.bindAddress}, which this class sets to the loopback interface before
 * H2 first reads it (an operator's own {@code -Dh2.bindAddress} is kept). Another local process still needs the random
 * key H2 writes into the database's lock file to open it.
 */
public final class Database implements AutoCloseable {
    /** The address H2's auto-server listens on unless the operator set {@code -Dh2.bindAddress}. */
    public static final String H2_BIND_ADDRESS = "127.0.0.1";

    static {
        // Read once by H2 (SysProperties) when its engine first loads, which is after this class: only Database opens H2.
        if (System.getProperty("h2.bindAddress") == null) System.setProperty("h2.bindAddress", H2_BIND_ADDRESS);
    }

    private final HikariDataSource ds;
    private final boolean postgres;

    /** Thrown when the database cannot be used as it is (e.g. made by a newer Perimeter). */
    public static final class DatabaseException extends RuntimeException {
        public DatabaseException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public Database(String url, String user, String password) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(url);
        cfg.setUsername(user);
        cfg.setPassword(password);
        cfg.setMaximumPoolSize(10);
        cfg.setPoolName("perimeter-db");
        cfg.setInitializationFailTimeout(10_000);
        try {
            this.ds = new HikariDataSource(cfg);
        } catch (RuntimeException e) {
            throw new DatabaseException("cannot open the database at " + redact(url) + ": " + rootMessage(e) + lockedHint(url, e), e);
        }
        this.postgres = url.startsWith("jdbc:postgresql:");
    }

    /**
     * An H2 file another process holds (a running server): without auto-server mode on both sides a second process cannot
     * open it. Says how to share it instead of only "file is locked".
     */
    static String lockedHint(String url, Throwable e) {
        if (!url.startsWith("jdbc:h2:file:")) return "";
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("already in use") || m.contains("file is locked") || m.contains("locked by another process"))) {
                return " — another process (a running Perimeter?) has this H2 file open. With ;AUTO_SERVER=TRUE in PERIMETER_DB_URL"
                        + " (the default URL has it) in both the server and the command, the command uses the running server's"
                        + " database (docs/operations.md: H2 and the commands).";
            }
        }
        return "";
    }

    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage();
    }

    /** Applies pending migrations; refuses a database whose schema is newer than this build knows. */
    public void migrate() {
        Flyway flyway = Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration")
                .ignoreMigrationPatterns("") // a future (unknown) migration fails validation instead of being ignored
                .validateOnMigrate(true)
                .load();
        MigrationInfo[] applied = flyway.info().applied();
        MigrationInfo[] known = flyway.info().all();
        for (MigrationInfo m : applied) {
            if (m.getVersion() != null && m.getState() != null && m.getState().name().contains("FUTURE")) {
                throw new DatabaseException("this database was written by a newer Perimeter (schema version "
                        + m.getVersion() + "); this build knows up to " + lastVersion(known)
                        + ". Upgrade Perimeter or point PERIMETER_DB_URL at another database. Nothing was changed.", null);
            }
        }
        try {
            flyway.migrate();
        } catch (FlywayException e) {
            throw new DatabaseException("database migration failed: " + e.getMessage(), e);
        }
    }

    private static String lastVersion(MigrationInfo[] all) {
        String v = "none";
        for (MigrationInfo m : all) if (m.getVersion() != null && !m.getState().name().contains("FUTURE")) v = m.getVersion().toString();
        return v;
    }

    public DataSource dataSource() {
        return ds;
    }

    public boolean isPostgres() {
        return postgres;
    }

    public Connection connection() throws SQLException {
        return ds.getConnection();
    }

    public boolean ping() {
        try (Connection c = ds.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        ds.close();
    }
}
