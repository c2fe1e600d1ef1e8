package dev.perimeter.incident;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The rows stored from feeds and imports (table feed_records), read and written inside the incident transactions. */
final class FeedRecordStore {
    private FeedRecordStore() {}

    static List<ExternalRecords.Row> readAll(Connection c) throws SQLException {
        List<ExternalRecords.Row> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT dataset, record_id, content, origin FROM feed_records ORDER BY dataset, record_id")) {
            ResultSet rs = ps.executeQuery();
            while (rs.next()) out.add(new ExternalRecords.Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
        }
        return out;
    }

    /** Inserts new rows and replaces the content of stored ones (first_seen kept). */
    static void upsert(Connection c, List<ExternalRecords.Row> rows, Instant now) throws SQLException {
        if (rows.isEmpty()) return;
        try (PreparedStatement upd = c.prepareStatement("UPDATE feed_records SET content = ?, content_hash = ?, origin = ?, updated_at = ?"
                + " WHERE dataset = ? AND record_id = ?");
             PreparedStatement ins = c.prepareStatement("INSERT INTO feed_records (dataset, record_id, content, content_hash, origin,"
                     + " first_seen, updated_at) VALUES (?,?,?,?,?,?,?)")) {
            Timestamp ts = Timestamp.from(now);
            for (ExternalRecords.Row r : rows) {
                String origin = r.origin() == null ? "" : r.origin().length() > 1000 ? r.origin().substring(0, 1000) : r.origin();
                upd.setString(1, r.content());
                upd.setString(2, r.hash());
                upd.setString(3, origin);
                upd.setTimestamp(4, ts);
                upd.setString(5, r.dataset());
                upd.setString(6, r.id());
                if (upd.executeUpdate() > 0) continue;
                ins.setString(1, r.dataset());
                ins.setString(2, r.id());
                ins.setString(3, r.content());
                ins.setString(4, r.hash());
                ins.setString(5, origin);
                ins.setTimestamp(6, ts);
                ins.setTimestamp(7, ts);
                ins.executeUpdate();
            }
        }
    }
}
