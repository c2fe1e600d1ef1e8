package dev.perimeter.incident;

import dev.perimeter.db.Database;
import dev.perimeter.db.Tx;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The protocols table: one row per slug, shared by incidents (their protocol) and the token registry. */
public final class ProtocolStore {
    private final Database db;

    public ProtocolStore(Database db) {
        this.db = db;
    }

    /** Adds a protocol row for every incident whose slug is not stored yet (inside the caller's transaction). */
    static void insertMissing(Connection c, List<Incident> incidents, String origin) throws SQLException {
        Set<String> existing = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT slug FROM protocols")) {
            ResultSet rs = ps.executeQuery();
            while (rs.next()) existing.add(rs.getString(1));
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO protocols (slug, name, category, origin) VALUES (?,?,?,?)")) {
            for (Incident i : incidents) {
                if (!existing.add(i.protocolSlug())) continue;
                ps.setString(1, i.protocolSlug());
                ps.setString(2, i.protocolName());
                ps.setNull(3, Types.VARCHAR);
                ps.setString(4, origin);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** A row of the protocols table; origin: where the row came from (the registry, or the incident data). */
    public record Protocol(String slug, String name, String category, String origin) {}

    /**
     * Makes sure every registry protocol (slug, name, category; their origin is "registry") exists in the protocols table,
     * so tokens and incidents join on one slug. Existing rows keep their name; a missing category is filled. One
     * transaction; returns rows added.
     */
    public int upsertRegistryProtocols(List<Protocol> protocols) {
        return Tx.run(db, c -> {
            Map<String, String> existing = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT slug, category FROM protocols")) {
                ResultSet rs = ps.executeQuery();
                while (rs.next()) existing.put(rs.getString(1), rs.getString(2) == null ? "" : rs.getString(2));
            }
            int added = 0;
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO protocols (slug, name, category, origin) VALUES (?,?,?,'registry')");
                 PreparedStatement upd = c.prepareStatement("UPDATE protocols SET category = ? WHERE slug = ? AND category IS NULL")) {
                for (Protocol p : protocols) {
                    String cat = p.category() == null || p.category().isBlank() ? null : p.category();
                    if (!existing.containsKey(p.slug())) {
                        ins.setString(1, p.slug());
                        ins.setString(2, p.name());
                        ins.setString(3, cat);
                        ins.addBatch();
                        existing.put(p.slug(), cat == null ? "" : cat);
                        added++;
                    } else if (existing.get(p.slug()).isEmpty() && cat != null) {
                        upd.setString(1, cat);
                        upd.setString(2, p.slug());
                        upd.addBatch();
                    }
                }
                ins.executeBatch();
                upd.executeBatch();
            }
            return added;
        });
    }

    public Optional<Protocol> find(String slug) {
        return Tx.read(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT slug, name, category, origin FROM protocols WHERE slug = ?")) {
                ps.setString(1, slug);
                ResultSet rs = ps.executeQuery();
                return rs.next() ? Optional.of(new Protocol(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                        : Optional.empty();
            }
        });
    }
}
