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

/** Dismissed findings, by viewer and finding key. No wallet address is stored. */
public final class DismissalStore {
    private final Database db;
    private final Clock clock;

    public DismissalStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
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

    /** Idempotent and safe under concurrency: update, else insert; a concurrent insert of the same key counts as done. */
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
