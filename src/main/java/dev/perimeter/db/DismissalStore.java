package dev.perimeter.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/** Dismissed findings, by key. */
public final class DismissalStore {
    private final Database db;

    public DismissalStore(Database db) {
        this.db = db;
    }

    public Set<String> keys() {
        return Tx.read(db, c -> {
            Set<String> out = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT finding_key FROM dismissals")) {
                ResultSet rs = ps.executeQuery();
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        });
    }

    /** Idempotent and safe under concurrency: update, else insert; a concurrent insert of the same key counts as done. */
    public void dismiss(String key, String note) {
        try (java.sql.Connection c = db.connection()) {
            c.setAutoCommit(true);
            try (PreparedStatement upd = c.prepareStatement("UPDATE dismissals SET note = ?, created_at = ? WHERE finding_key = ?")) {
                upd.setString(1, note);
                upd.setTimestamp(2, Timestamp.from(Instant.now()));
                upd.setString(3, key);
                if (upd.executeUpdate() > 0) return;
            }
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO dismissals (finding_key, note, created_at) VALUES (?,?,?)")) {
                ins.setString(1, key);
                ins.setString(2, note);
                ins.setTimestamp(3, Timestamp.from(Instant.now()));
                ins.executeUpdate();
            } catch (java.sql.SQLException e) {
                if (!"23505".equals(e.getSQLState())) throw e; // another request dismissed the same key just now
            }
        } catch (java.sql.SQLException e) {
            throw new Tx.StoreException("database error: " + e.getMessage(), e);
        }
    }

    public boolean restore(String key) {
        return Tx.run(db, c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM dismissals WHERE finding_key = ?")) {
                del.setString(1, key);
                return del.executeUpdate() > 0;
            }
        });
    }
}
