package dev.perimeter.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * "Only one at a time" for a background job: in this process a lock, and on PostgreSQL also a session advisory lock held
 * on its own connection while the job runs, so of several instances sharing the database only one runs it; the others
 * skip that round. The advisory lock goes with the connection, so a crashed instance never keeps it.
 */
public final class JobLock {
    private final Database db;
    private final long key;
    private final ReentrantLock local = new ReentrantLock();

    public JobLock(Database db, long key) {
        this.db = db;
        this.key = key;
    }

    /** Runs {@code work} when nobody else runs it; empty when another run (here or in another instance) holds the lock. */
    public <T> Optional<T> tryRun(Supplier<T> work) {
        if (!local.tryLock()) return Optional.empty();
        try {
            if (!db.isPostgres()) return Optional.ofNullable(work.get());
            try (Connection c = db.connection()) {
                if (!advisory(c, "SELECT pg_try_advisory_lock(?)")) return Optional.empty();
                try {
                    return Optional.ofNullable(work.get());
                } finally {
                    advisory(c, "SELECT pg_advisory_unlock(?)");
                }
            } catch (SQLException e) {
                throw new Tx.StoreException("database error: " + e.getMessage(), e);
            }
        } finally {
            local.unlock();
        }
    }

    private boolean advisory(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, key);
            ResultSet rs = ps.executeQuery();
            return rs.next() && rs.getBoolean(1);
        }
    }
}
