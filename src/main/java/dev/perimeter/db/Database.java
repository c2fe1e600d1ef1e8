package dev.perimeter.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/** The connection pool and schema migrations. The only owner of the DataSource. */
public final class Database implements AutoCloseable {
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
            throw new DatabaseException("cannot open the database at " + redact(url) + ": " + rootMessage(e), e);
        }
        this.postgres = url.startsWith("jdbc:postgresql:");
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
