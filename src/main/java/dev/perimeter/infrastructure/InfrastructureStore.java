package dev.perimeter.infrastructure;

import dev.perimeter.db.Database;
import dev.perimeter.db.Tx;

import dev.perimeter.infrastructure.LinkedIncident;

import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** The incident lookups the infrastructure catalog needs: which incidents hold a dataset record, and their losses. */
public final class InfrastructureStore {
    private static final int CHUNK = 500;
    private final Database db;

    public InfrastructureStore(Database db) {
        this.db = db;
    }

    /** A dataset record as incident_sources stores it: dataset, source_date, source_name (exact). */
    public record SourceKey(String dataset, LocalDate date, String name) {}

    /** For each key, the ids of the incidents that hold such a source record (sorted; empty when none). */
    public Map<SourceKey, List<String>> incidentIdsBySource(Collection<SourceKey> keys) {
        return Tx.read(db, c -> {
            Map<SourceKey, List<String>> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT incident_id FROM incident_sources"
                    + " WHERE dataset = ? AND source_date = ? AND source_name = ? ORDER BY incident_id")) {
                for (SourceKey k : new LinkedHashSet<>(keys)) {
                    ps.setString(1, k.dataset());
                    ps.setDate(2, Date.valueOf(k.date()));
                    ps.setString(3, k.name());
                    List<String> ids = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) ids.add(rs.getString(1));
                    }
                    out.put(k, List.copyOf(ids));
                }
            }
            return out;
        });
    }

    /** The incidents with these ids (unknown ids are skipped), newest first. */
    public List<LinkedIncident> incidents(Collection<String> ids) {
        List<String> all = List.copyOf(new LinkedHashSet<>(ids));
        if (all.isEmpty()) return List.of();
        return Tx.read(db, c -> {
            List<LinkedIncident> out = new ArrayList<>();
            for (int from = 0; from < all.size(); from += CHUNK) {
                List<String> part = all.subList(from, Math.min(all.size(), from + CHUNK));
                String marks = String.join(",", Collections.nCopies(part.size(), "?"));
                try (PreparedStatement ps = c.prepareStatement("SELECT id, incident_date, protocol_name, title, loss_usd FROM incidents"
                        + " WHERE id IN (" + marks + ")")) {
                    for (int k = 0; k < part.size(); k++) ps.setString(k + 1, part.get(k));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(new LinkedIncident(rs.getString(1), rs.getDate(2).toLocalDate(), rs.getString(3), rs.getString(4),
                                    rs.getBigDecimal(5)));
                        }
                    }
                }
            }
            out.sort(java.util.Comparator.comparing(LinkedIncident::date).reversed().thenComparing(LinkedIncident::id));
            return out;
        });
    }

    /** Ids of the incidents that hold at least one record of this dataset (e.g. every SoK bridge hack), sorted. */
    public List<String> incidentIdsWithDataset(String dataset) {
        return Tx.read(db, c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT incident_id FROM incident_sources WHERE dataset = ?"
                    + " ORDER BY incident_id")) {
                ps.setString(1, dataset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(rs.getString(1));
                }
            }
            return out;
        });
    }
}
