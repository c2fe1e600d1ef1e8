package dev.perimeter.stats;

import dev.perimeter.db.Database;
import dev.perimeter.db.Tx;

import dev.perimeter.incident.Vector;
import dev.perimeter.stats.IncidentRow;
import dev.perimeter.stats.ProtocolDetail;

import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The reads the statistics need: lean incident rows (no sources or contracts), the data version, sources per protocol. */
public final class StatsStore {
    private static final String COLUMNS = "i.id, i.incident_date, i.protocol_slug, i.protocol_name, i.title, i.loss_usd,"
            + " i.vector, i.attribution, i.attribution_source, i.funds_returned_usd";
    private static final int IN_CHUNK = 500;

    private final Database db;

    public StatsStore(Database db) {
        this.db = db;
    }

    /**
     * A key that changes whenever the incidents change: the checksum of the shipped data (changes on every data
     * sync) and the number of incidents (imports only ever add rows). Two cheap reads: no table scan on H2.
     */
    public String version() {
        dev.perimeter.incident.IncidentQueryStore.DataVersion v = Tx.read(db, dev.perimeter.incident.IncidentQueryStore::readDataVersion);
        return (v.checksum() == null ? "none" : v.checksum()) + ":" + v.incidents();
    }

    /** Incidents dated from..to (inclusive, UTC dates), oldest first, with their chains. Uses the date index. */
    public List<IncidentRow> rowsBetween(LocalDate from, LocalDate to) {
        return Tx.read(db, c -> {
            List<IncidentRow> raw = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM incidents i WHERE i.incident_date BETWEEN ? AND ?"
                    + " ORDER BY i.incident_date, i.id")) {
                ps.setDate(1, Date.valueOf(from));
                ps.setDate(2, Date.valueOf(to));
                ResultSet rs = ps.executeQuery();
                while (rs.next()) raw.add(fields(rs));
            }
            Map<String, List<String>> chains = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT ch.incident_id, ch.chain FROM incident_chains ch"
                    + " JOIN incidents i ON i.id = ch.incident_id WHERE i.incident_date BETWEEN ? AND ? ORDER BY ch.incident_id, ch.chain")) {
                ps.setDate(1, Date.valueOf(from));
                ps.setDate(2, Date.valueOf(to));
                collectChains(ps.executeQuery(), chains);
            }
            return rows(raw, chains);
        });
    }

    /** Every incident, oldest first, with its chains: two sequential reads, meant to be cached per data version. */
    public List<IncidentRow> allRows() {
        return Tx.read(db, c -> {
            List<IncidentRow> raw = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM incidents i ORDER BY i.incident_date, i.id")) {
                ps.setFetchSize(1000);
                ResultSet rs = ps.executeQuery();
                while (rs.next()) raw.add(fields(rs));
            }
            Map<String, List<String>> chains = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT incident_id, chain FROM incident_chains ORDER BY incident_id, chain")) {
                ps.setFetchSize(1000);
                collectChains(ps.executeQuery(), chains);
            }
            return rows(raw, chains);
        });
    }

    /** The incidents with these ids (by primary key), in no particular order; unknown ids are skipped. */
    public List<IncidentRow> rowsByIds(Collection<String> ids) {
        if (ids.isEmpty()) return List.of();
        List<String> all = new ArrayList<>(new java.util.LinkedHashSet<>(ids));
        return Tx.read(db, c -> {
            List<IncidentRow> out = new ArrayList<>();
            for (int from = 0; from < all.size(); from += IN_CHUNK) {
                List<String> chunk = all.subList(from, Math.min(all.size(), from + IN_CHUNK));
                String marks = String.join(",", Collections.nCopies(chunk.size(), "?"));
                List<IncidentRow> raw = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM incidents i WHERE i.id IN (" + marks + ")")) {
                    for (int k = 0; k < chunk.size(); k++) ps.setString(k + 1, chunk.get(k));
                    ResultSet rs = ps.executeQuery();
                    while (rs.next()) raw.add(fields(rs));
                }
                Map<String, List<String>> chains = new HashMap<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT incident_id, chain FROM incident_chains WHERE incident_id IN ("
                        + marks + ") ORDER BY incident_id, chain")) {
                    for (int k = 0; k < chunk.size(); k++) ps.setString(k + 1, chunk.get(k));
                    collectChains(ps.executeQuery(), chains);
                }
                out.addAll(rows(raw, chains));
            }
            return out;
        });
    }

    /** The source records of every incident of a protocol, by incident id, in source order. */
    public Map<String, List<ProtocolDetail.SourceLink>> sourcesOfProtocol(String protocolSlug) {
        return Tx.read(db, c -> {
            Map<String, List<ProtocolDetail.SourceLink>> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT s.incident_id, s.dataset, s.source_name, s.source_date, s.urls"
                    + " FROM incident_sources s JOIN incidents i ON i.id = s.incident_id WHERE i.protocol_slug = ?"
                    + " ORDER BY s.incident_id, s.seq")) {
                ps.setString(1, protocolSlug);
                ResultSet rs = ps.executeQuery();
                while (rs.next()) {
                    String urls = rs.getString(5);
                    out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new ProtocolDetail.SourceLink(rs.getString(2),
                            rs.getString(3), rs.getDate(4).toLocalDate(),
                            urls == null || urls.isBlank() ? List.of() : List.of(urls.trim().split("\\s+"))));
                }
            }
            return out;
        });
    }

    /** One row of COLUMNS, its chains not read yet (they come from the second query: {@link #rows}). */
    private static IncidentRow fields(ResultSet rs) throws SQLException {
        return new IncidentRow(rs.getString(1), rs.getDate(2).toLocalDate(), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getBigDecimal(6), Vector.parse(rs.getString(7)).orElse(Vector.OTHER), rs.getString(8), rs.getString(9),
                rs.getBigDecimal(10), List.of());
    }

    private static void collectChains(ResultSet rs, Map<String, List<String>> into) throws SQLException {
        while (rs.next()) into.computeIfAbsent(rs.getString(1), k -> new ArrayList<>(2)).add(rs.getString(2));
    }

    private static List<IncidentRow> rows(List<IncidentRow> raw, Map<String, List<String>> chains) {
        List<IncidentRow> out = new ArrayList<>(raw.size());
        for (IncidentRow r : raw) out.add(r.withChains(chains.getOrDefault(r.id(), List.of())));
        return out;
    }

    /**
     * Every record of one dataset (e.g. defillama) with its own date and stated USD amount, the incident it is in, that
     * incident's semester, and whether another dataset names the incident too.
     */
    public List<ExternalComparison.Row> datasetRows(String dataset) {
        return Tx.read(db, c -> {
            List<ExternalComparison.Row> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT s.source_date, s.loss_usd, i.id, i.semester,"
                    + " (SELECT COUNT(*) FROM incident_sources o WHERE o.incident_id = i.id AND o.dataset <> s.dataset)"
                    + " FROM incident_sources s JOIN incidents i ON i.id = s.incident_id WHERE s.dataset = ? ORDER BY s.source_date, i.id")) {
                ps.setString(1, dataset);
                ResultSet rs = ps.executeQuery();
                while (rs.next()) {
                    out.add(new ExternalComparison.Row(rs.getDate(1).toLocalDate(), rs.getBigDecimal(2), rs.getString(3), rs.getString(4),
                            rs.getInt(5) > 0));
                }
            }
            return out;
        });
    }
}
