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

    public void dismiss(String key, String note) {
        Tx.run(db, c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM dismissals WHERE finding_key = ?");
                 PreparedStatement ins = c.prepareStatement("INSERT INTO dismissals (finding_key, note, created_at) VALUES (?,?,?)")) {
                del.setString(1, key);
                del.executeUpdate();
                ins.setString(1, key);
                ins.setString(2, note);
                ins.setTimestamp(3, Timestamp.from(Instant.now()));
                ins.executeUpdate();
            }
            return null;
        });
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
