package dev.perimeter.db;

import java.sql.Connection;
import java.sql.SQLException;

/** Runs JDBC work in a transaction (commit on success, rollback on any failure). */
public final class Tx {
    public interface Work<T> {
        T apply(Connection c) throws SQLException;
    }

    /** A database failure, with the SQL detail kept for logs and out of user-facing text. */
    public static final class StoreException extends RuntimeException {
        public StoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private Tx() {}

    public static <T> T run(Database db, Work<T> work) {
        try (Connection c = db.connection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T out = work.apply(c);
                c.commit();
                return out;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new StoreException("database error: " + e.getMessage(), e);
        }
    }

    public static <T> T read(Database db, Work<T> work) {
        try (Connection c = db.connection()) {
            return work.apply(c);
        } catch (SQLException e) {
            throw new StoreException("database error: " + e.getMessage(), e);
        }
    }
}
