package dev.perimeter.exposure;

import dev.perimeter.db.Database;
import dev.perimeter.db.Tx;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;

/**
 * Dismissed findings, by viewer and finding key. No wallet address is stored. Bounded: at most {@code perViewer} keys per
 * viewer and {@code total} in all (checked before each new key; keys dismissed again never count twice).
 */
public final class DismissalStore {
    private final Database db;
    private final Clock clock;
    private final Limits limits;

    /** @param perViewer keys one viewer keeps at most; @param total keys kept at most (PERIMETER_MAX_DISMISSALS) */
    public record Limits(int perViewer, int total) {
        public static final Limits NONE = new Limits(Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    /** A cap is reached: 429. Nothing frees room by itself (a viewer frees it by showing findings again): try in an hour. */
    public static final class LimitReached extends dev.perimeter.util.LimitReached {
        LimitReached(String message) {
            super(message, java.time.Duration.ofHours(1));
        }
    }

    public DismissalStore(Database db, Clock clock) {
        this(db, clock, Limits.NONE);
    }

    public DismissalStore(Database db, Clock clock, Limits limits) {
        this.db = db;
        this.clock = clock;
        this.limits = limits;
    }

    public Set<String> keys(String viewer) {
        return Tx.read(db, c -> {
            Set<String> out = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT finding_key FROM viewer_dismissals WHERE viewer_id = ?")) {
                ps.setString(1, viewer);
                ResultSet rs = ps.executeQuery();
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        });
    }

    /**
     * Idempotent and safe under concurrency: update, else insert; a concurrent insert of the same key counts as done. A new
     * key past either cap throws {@link LimitReached} (requests at the same instant may pass a cap by a few rows).
     */
    public void dismiss(String viewer, String key, String note) {
        try (Connection c = db.connection()) {
            c.setAutoCommit(true);
            Timestamp now = Timestamp.from(clock.instant());
            try (PreparedStatement upd = c.prepareStatement("UPDATE viewer_dismissals SET note = ?, created_at = ?"
                    + " WHERE viewer_id = ? AND finding_key = ?")) {
                upd.setString(1, note);
                upd.setTimestamp(2, now);
                upd.setString(3, viewer);
                upd.setString(4, key);
                if (upd.executeUpdate() > 0) return;
            }
            if (count(c, "SELECT COUNT(*) FROM viewer_dismissals WHERE viewer_id = ?", viewer) >= limits.perViewer()) {
                throw new LimitReached("You have dismissed " + limits.perViewer() + " findings, the most one viewer keeps; show some again"
                        + " before dismissing more.");
            }
            if (count(c, "SELECT COUNT(*) FROM viewer_dismissals", null) >= limits.total()) {
                throw new LimitReached("This instance keeps at most " + limits.total() + " dismissals and holds them all; try again later"
                        + " (the operator can raise PERIMETER_MAX_DISMISSALS).");
            }
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO viewer_dismissals (viewer_id, finding_key, note, created_at)"
                    + " VALUES (?,?,?,?)")) {
                ins.setString(1, viewer);
                ins.setString(2, key);
                ins.setString(3, note);
                ins.setTimestamp(4, now);
                ins.executeUpdate();
            } catch (SQLException e) {
                if (!"23505".equals(e.getSQLState())) throw e; // the same viewer dismissed the same key just now
            }
        } catch (SQLException e) {
            throw new Tx.StoreException("database error: " + e.getMessage(), e);
        }
    }

    private static long count(Connection c, String sql, String viewer) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (viewer != null) ps.setString(1, viewer);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Keys stored in all (for tests and operators). */
    public long count() {
        return Tx.read(db, c -> count(c, "SELECT COUNT(*) FROM viewer_dismissals", null));
    }

    public boolean restore(String viewer, String key) {
        return Tx.run(db, c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM viewer_dismissals WHERE viewer_id = ? AND finding_key = ?")) {
                del.setString(1, viewer);
                del.setString(2, key);
                return del.executeUpdate() > 0;
            }
        });
    }
}
