package dev.perimeter.db;

import dev.perimeter.incident.ContractRef;
import dev.perimeter.incident.Incident;
import dev.perimeter.incident.PublishedFigure;
import dev.perimeter.incident.SourceRecord;
import dev.perimeter.incident.Vector;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Incidents, their sources, chains and contracts, protocols and published figures, in SQL. */
public final class IncidentStore {
    private final Database db;

    public IncidentStore(Database db) {
        this.db = db;
    }

    /** A filter over incidents; null fields do not filter. */
    public record Query(String text, String chain, String semester, Vector vector, Boolean verified, String protocol,
                        int limit, int offset) {}

    public record Page(List<Incident> items, int total) {}

    public record ImportResult(int added, int unchanged) {}

    public record Headline(int incidents, int withUsd, BigDecimal totalUsd, String firstDate, String lastDate,
                           int protocols, int contracts) {}

    public record ProtocolRow(String slug, String name, String category, int incidents, BigDecimal totalUsd,
                              String lastDate) {}

    // ---- writes ---------------------------------------------------------------------------------------------

    /**
     * Replaces the shipped incidents and published figures with {@code incidents}, in one transaction, unless the
     * stored checksum already equals {@code checksum}. Imported incidents are kept. Returns true when data was loaded.
     */
    public boolean syncShipped(String checksum, List<Incident> incidents, List<PublishedFigure> figures) {
        return Tx.run(db, c -> {
            String current = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT checksum FROM data_versions WHERE name = 'incidents'")) {
                ResultSet rs = ps.executeQuery();
                if (rs.next()) current = rs.getString(1);
            }
            if (checksum.equals(current)) return false;
            exec(c, "DELETE FROM incident_contracts WHERE incident_id IN (SELECT id FROM incidents WHERE origin = 'shipped')");
            exec(c, "DELETE FROM incident_sources WHERE incident_id IN (SELECT id FROM incidents WHERE origin = 'shipped')");
            exec(c, "DELETE FROM incident_chains WHERE incident_id IN (SELECT id FROM incidents WHERE origin = 'shipped')");
            exec(c, "DELETE FROM incidents WHERE origin = 'shipped'");
            exec(c, "DELETE FROM protocols WHERE origin = 'shipped' AND slug NOT IN (SELECT protocol_slug FROM incidents)");
            Set<String> takenIds = ids(c);
            List<Incident> placed = new ArrayList<>();
            for (Incident i : incidents) {
                String id = i.id();
                for (int n = 2; takenIds.contains(id); n++) id = i.id() + "-" + n;
                takenIds.add(id);
                placed.add(id.equals(i.id()) ? i : withId(i, id));
            }
            insertProtocols(c, placed, "shipped");
            insertIncidents(c, placed);
            exec(c, "DELETE FROM published_figures");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO published_figures (report, period, metric, figure_value, unit,"
                    + " approx, label, source) VALUES (?,?,?,?,?,?,?,?)")) {
                for (PublishedFigure f : figures) {
                    ps.setString(1, f.report());
                    ps.setString(2, f.period());
                    ps.setString(3, f.metric());
                    ps.setBigDecimal(4, f.value());
                    ps.setString(5, f.unit());
                    ps.setBoolean(6, f.approx());
                    ps.setString(7, f.label());
                    ps.setString(8, f.source());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            exec(c, "DELETE FROM data_versions WHERE name = 'incidents'");
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO data_versions (name, checksum, loaded_at, row_count) VALUES ('incidents', ?, ?, ?)")) {
                ps.setString(1, checksum);
                ps.setTimestamp(2, Timestamp.from(Instant.now()));
                ps.setInt(3, placed.size());
                ps.executeUpdate();
            }
            return true;
        });
    }

    /**
     * Adds imported incidents in one transaction. One whose content is already stored (same content hash) is counted
     * as unchanged; a new one gets its date-protocol id, suffixed -2, -3... when taken.
     */
    public ImportResult importIncidents(List<Incident> incidents) {
        return Tx.run(db, c -> {
            Set<String> hashes = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT content_hash FROM incidents")) {
                ResultSet rs = ps.executeQuery();
                while (rs.next()) hashes.add(rs.getString(1));
            }
            Set<String> takenIds = ids(c);
            List<Incident> toAdd = new ArrayList<>();
            int unchanged = 0;
            for (Incident i : incidents) {
                if (!hashes.add(i.contentHash())) {
                    unchanged++;
                    continue;
                }
                String base = i.id().replaceAll("-\\d+$", "");
                String id = base;
                for (int n = 2; takenIds.contains(id); n++) id = base + "-" + n;
                takenIds.add(id);
                toAdd.add(withId(i, id));
            }
            insertProtocols(c, toAdd, "import");
            insertIncidents(c, toAdd);
            return new ImportResult(toAdd.size(), unchanged);
        });
    }

    private static Incident withId(Incident i, String id) {
        return new Incident(id, i.date(), i.semester(), i.protocolSlug(), i.protocolName(), i.title(), i.lossUsd(), i.lossRaw(),
                i.lossBasis(), i.vector(), i.vectorRule(), i.technique(), i.attribution(), i.attributionSource(),
                i.fundsReturnedUsd(), i.verified(), i.origin(), i.chains(), i.sources(), i.contracts(), i.contentHash());
    }

    private static Set<String> ids(Connection c) throws SQLException {
        Set<String> out = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM incidents")) {
            ResultSet rs = ps.executeQuery();
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.executeUpdate();
        }
    }

    private static void insertProtocols(Connection c, List<Incident> incidents, String origin) throws SQLException {
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

    private static void insertIncidents(Connection c, List<Incident> incidents) throws SQLException {
        try (PreparedStatement pi = c.prepareStatement("INSERT INTO incidents (id, incident_date, semester, protocol_slug,"
                + " protocol_name, title, loss_usd, loss_raw, loss_basis, vector, vector_rule, technique, attribution,"
                + " attribution_source, funds_returned_usd, verified, origin, content_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
             PreparedStatement pc = c.prepareStatement("INSERT INTO incident_chains (incident_id, chain) VALUES (?,?)");
             PreparedStatement psrc = c.prepareStatement("INSERT INTO incident_sources (incident_id, seq, dataset, dataset_ref,"
                     + " source_date, source_name, loss_stated, verified, urls) VALUES (?,?,?,?,?,?,?,?,?)");
             PreparedStatement pk = c.prepareStatement("INSERT INTO incident_contracts (incident_id, chain, address, role, source)"
                     + " VALUES (?,?,?,?,?)")) {
            for (Incident i : incidents) {
                pi.setString(1, i.id());
                pi.setDate(2, Date.valueOf(i.date()));
                pi.setString(3, i.semester());
                pi.setString(4, i.protocolSlug());
                pi.setString(5, i.protocolName());
                pi.setString(6, i.title());
                pi.setBigDecimal(7, i.lossUsd());
                pi.setString(8, i.lossRaw());
                pi.setString(9, i.lossBasis());
                pi.setString(10, i.vector().code);
                pi.setString(11, i.vectorRule());
                pi.setString(12, i.technique());
                pi.setString(13, i.attribution());
                pi.setString(14, i.attributionSource());
                pi.setBigDecimal(15, i.fundsReturnedUsd());
                pi.setBoolean(16, i.verified());
                pi.setString(17, i.origin());
                pi.setString(18, i.contentHash());
                pi.addBatch();
                for (String chain : i.chains()) {
                    pc.setString(1, i.id());
                    pc.setString(2, chain);
                    pc.addBatch();
                }
                int seq = 0;
                for (SourceRecord s : i.sources()) {
                    psrc.setString(1, i.id());
                    psrc.setInt(2, seq++);
                    psrc.setString(3, s.dataset());
                    psrc.setString(4, cut(s.datasetRef(), 400));
                    psrc.setDate(5, Date.valueOf(s.date()));
                    psrc.setString(6, cut(s.name(), 300));
                    psrc.setString(7, cut(s.lossRaw(), 2000));
                    psrc.setBoolean(8, s.verified());
                    psrc.setString(9, cut(String.join(" ", s.urls()), 20000));
                    psrc.addBatch();
                }
                Set<String> seen = new HashSet<>();
                for (ContractRef k : i.contracts()) {
                    if (!seen.add(k.chain() + k.address() + k.role())) continue;
                    pk.setString(1, i.id());
                    pk.setString(2, k.chain());
                    pk.setString(3, k.address());
                    pk.setString(4, k.role());
                    pk.setString(5, cut(k.source(), 400));
                    pk.addBatch();
                }
            }
            pi.executeBatch();
            pc.executeBatch();
            psrc.executeBatch();
            pk.executeBatch();
        }
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    /**
     * Makes sure every registry protocol (slug, name, category) exists in the protocols table, so tokens and incidents
     * join on one slug. Existing rows keep their name; a missing category is filled. One transaction; returns rows added.
     */
    public int upsertRegistryProtocols(List<String[]> protocols) {
        return Tx.run(db, c -> {
            Map<String, String> existing = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT slug, category FROM protocols")) {
                ResultSet rs = ps.executeQuery();
                while (rs.next()) existing.put(rs.getString(1), rs.getString(2) == null ? "" : rs.getString(2));
            }
            int added = 0;
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO protocols (slug, name, category, origin) VALUES (?,?,?,'registry')");
                 PreparedStatement upd = c.prepareStatement("UPDATE protocols SET category = ? WHERE slug = ? AND category IS NULL")) {
                for (String[] p : protocols) {
                    String cat = p[2] == null || p[2].isBlank() ? null : p[2];
                    if (!existing.containsKey(p[0])) {
                        ins.setString(1, p[0]);
                        ins.setString(2, p[1]);
                        ins.setString(3, cat);
                        ins.addBatch();
                        existing.put(p[0], cat == null ? "" : cat);
                        added++;
                    } else if (existing.get(p[0]).isEmpty() && cat != null) {
                        upd.setString(1, cat);
                        upd.setString(2, p[0]);
                        upd.addBatch();
                    }
                }
                ins.executeBatch();
                upd.executeBatch();
            }
            return added;
        });
    }

    public Optional<String[]> protocol(String slug) {
        return Tx.read(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT slug, name, category, origin FROM protocols WHERE slug = ?")) {
                ps.setString(1, slug);
                ResultSet rs = ps.executeQuery();
                return rs.next() ? Optional.of(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)})
                        : Optional.empty();
            }
        });
    }

    // ---- reads ----------------------------------------------------------------------------------------------

    private static final String COLUMNS = "i.id, i.incident_date, i.semester, i.protocol_slug, i.protocol_name, i.title, i.loss_usd,"
            + " i.loss_raw, i.loss_basis, i.vector, i.vector_rule, i.technique, i.attribution, i.attribution_source,"
            + " i.funds_returned_usd, i.verified, i.origin, i.content_hash";

    public Page find(Query q) {
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE 1=1");
        if (q.text() != null && !q.text().isBlank()) {
            String like = "%" + q.text().trim().toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                    .replace("_", "\\_") + "%";
            where.append(" AND (LOWER(i.protocol_name) LIKE ? ESCAPE '\\' OR LOWER(i.title) LIKE ? ESCAPE '\\'"
                    + " OR LOWER(i.id) LIKE ? ESCAPE '\\')");
            params.add(like);
            params.add(like);
            params.add(like);
        }
        if (q.chain() != null) {
            where.append(" AND i.id IN (SELECT incident_id FROM incident_chains WHERE chain = ?)");
            params.add(q.chain());
        }
        if (q.semester() != null) {
            where.append(" AND i.semester = ?");
            params.add(q.semester());
        }
        if (q.vector() != null) {
            where.append(" AND i.vector = ?");
            params.add(q.vector().code);
        }
        if (q.verified() != null) {
            where.append(" AND i.verified = ?");
            params.add(q.verified());
        }
        if (q.protocol() != null) {
            where.append(" AND i.protocol_slug = ?");
            params.add(q.protocol());
        }
        return Tx.read(db, c -> {
            int total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM incidents i" + where)) {
                bind(ps, params);
                ResultSet rs = ps.executeQuery();
                rs.next();
                total = rs.getInt(1);
            }
            List<Incident> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM incidents i" + where
                    + " ORDER BY i.incident_date DESC, i.id LIMIT ? OFFSET ?")) {
                List<Object> p = new ArrayList<>(params);
                p.add(q.limit());
                p.add(q.offset());
                bind(ps, p);
                ResultSet rs = ps.executeQuery();
                while (rs.next()) items.add(row(rs));
            }
            Map<String, List<String>> chains = chainsOf(c, items.stream().map(Incident::id).toList());
            List<Incident> withChains = new ArrayList<>();
            for (Incident i : items) withChains.add(withDetails(i, chains.getOrDefault(i.id(), List.of()), List.of(), List.of()));
            return new Page(withChains, total);
        });
    }

    public Optional<Incident> get(String id) {
        return Tx.read(db, c -> {
            Incident i;
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM incidents i WHERE i.id = ?")) {
                ps.setString(1, id);
                ResultSet rs = ps.executeQuery();
                if (!rs.next()) return Optional.empty();
                i = row(rs);
            }
            List<SourceRecord> sources = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT dataset, dataset_ref, source_date, source_name, loss_stated,"
                    + " verified, urls FROM incident_sources WHERE incident_id = ? ORDER BY seq")) {
                ps.setString(1, id);
                ResultSet rs = ps.executeQuery();
                while (rs.next()) {
                    String urls = rs.getString(7);
                    sources.add(new SourceRecord(rs.getString(1), rs.getString(2), 0, rs.getDate(3).toLocalDate(),
                            rs.getString(4), null, null, rs.getString(5), null, null, List.of(), List.of(),
                            urls == null || urls.isBlank() ? List.of() : List.of(urls.trim().split("\\s+")),
                            rs.getBoolean(6), null, null, null, null));
                }
            }
            List<ContractRef> contracts = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT chain, address, role, source FROM incident_contracts"
                    + " WHERE incident_id = ? ORDER BY role DESC, chain, address")) {
                ps.setString(1, id);
                ResultSet rs = ps.executeQuery();
                while (rs.next()) contracts.add(new ContractRef(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
            return Optional.of(withDetails(i, chainsOf(c, List.of(id)).getOrDefault(id, List.of()), sources, contracts));
        });
    }

    /** Incidents naming any of these (chain, lowercase address) pairs as victim or vulnerable contract. */
    public Map<String, List<String>> incidentsByContract(String chain, java.util.Collection<String> addresses) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (addresses.isEmpty()) return out;
        return Tx.read(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT address, incident_id FROM incident_contracts WHERE chain = ?"
                    + " AND role <> 'attacker'")) {
                ps.setString(1, chain);
                ResultSet rs = ps.executeQuery();
                Set<String> wanted = new HashSet<>(addresses);
                while (rs.next()) {
                    if (wanted.contains(rs.getString(1))) out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
            return out;
        });
    }

    /** Every incident in brief, and every (chain, address, incident) recorded as vulnerable or victim: the matcher's index. */
    public record IndexRow(String id, java.time.LocalDate date, String protocolSlug, String protocolName, BigDecimal lossUsd,
                           String vector, String title) {}

    public record ContractRow(String chain, String address, String incidentId, String role) {}

    public List<IndexRow> incidentIndex() {
        return Tx.read(db, c -> {
            List<IndexRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, incident_date, protocol_slug, protocol_name, loss_usd, vector,"
                    + " title FROM incidents ORDER BY incident_date, id")) {
                ResultSet rs = ps.executeQuery();
                while (rs.next()) {
                    out.add(new IndexRow(rs.getString(1), rs.getDate(2).toLocalDate(), rs.getString(3), rs.getString(4),
                            rs.getBigDecimal(5), rs.getString(6), rs.getString(7)));
                }
            }
            return out;
        });
    }

    public List<ContractRow> exploitedContractRows() {
        return Tx.read(db, c -> {
            List<ContractRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT chain, address, incident_id, role FROM incident_contracts"
                    + " WHERE role IN ('vulnerable', 'victim') ORDER BY chain, address, incident_id, role")) {
                ResultSet rs = ps.executeQuery();
                while (rs.next()) out.add(new ContractRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
            return out;
        });
    }

    /** Lowercase addresses recorded as vulnerable or victim contracts of any incident on this chain. */
    public List<String> exploitedContracts(String chain) {
        return Tx.read(db, c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT address FROM incident_contracts WHERE chain = ?"
                    + " AND role IN ('vulnerable', 'victim') ORDER BY address")) {
                ps.setString(1, chain);
                ResultSet rs = ps.executeQuery();
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        });
    }

    public List<String> semesters() {
        return Tx.read(db, c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT semester FROM incidents ORDER BY semester DESC")) {
                ResultSet rs = ps.executeQuery();
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        });
    }

    public List<String> chains() {
        return Tx.read(db, c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT chain, COUNT(*) n FROM incident_chains GROUP BY chain ORDER BY n DESC, chain")) {
                ResultSet rs = ps.executeQuery();
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        });
    }

    public Headline headline() {
        return Tx.read(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), COUNT(loss_usd), SUM(loss_usd), MIN(incident_date),"
                    + " MAX(incident_date), COUNT(DISTINCT protocol_slug) FROM incidents");
                 PreparedStatement pk = c.prepareStatement("SELECT COUNT(*) FROM incident_contracts")) {
                ResultSet rs = ps.executeQuery();
                rs.next();
                ResultSet rk = pk.executeQuery();
                rk.next();
                return new Headline(rs.getInt(1), rs.getInt(2), rs.getBigDecimal(3) == null ? BigDecimal.ZERO : rs.getBigDecimal(3),
                        rs.getDate(4) == null ? null : rs.getDate(4).toString(), rs.getDate(5) == null ? null : rs.getDate(5).toString(),
                        rs.getInt(6), rk.getInt(1));
            }
        });
    }

    public List<PublishedFigure> publishedFigures(String period) {
        return Tx.read(db, c -> {
            List<PublishedFigure> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT report, period, metric, figure_value, unit, approx, label, source"
                    + " FROM published_figures" + (period == null ? "" : " WHERE period = ?") + " ORDER BY period DESC, report, metric")) {
                if (period != null) ps.setString(1, period);
                ResultSet rs = ps.executeQuery();
                while (rs.next()) {
                    out.add(new PublishedFigure(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4),
                            rs.getString(5), rs.getBoolean(6), rs.getString(7), rs.getString(8)));
                }
            }
            return out;
        });
    }

    public Optional<String> dataChecksum() {
        return Tx.read(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT checksum FROM data_versions WHERE name = 'incidents'")) {
                ResultSet rs = ps.executeQuery();
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        });
    }

    private static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
        for (int k = 0; k < params.size(); k++) {
            Object o = params.get(k);
            if (o instanceof Integer n) ps.setInt(k + 1, n);
            else if (o instanceof Boolean b) ps.setBoolean(k + 1, b);
            else ps.setString(k + 1, (String) o);
        }
    }

    private static Map<String, List<String>> chainsOf(Connection c, List<String> ids) throws SQLException {
        Map<String, List<String>> out = new HashMap<>();
        if (ids.isEmpty()) return out;
        String marks = String.join(",", java.util.Collections.nCopies(ids.size(), "?"));
        try (PreparedStatement ps = c.prepareStatement("SELECT incident_id, chain FROM incident_chains WHERE incident_id IN ("
                + marks + ") ORDER BY incident_id, chain")) {
            for (int k = 0; k < ids.size(); k++) ps.setString(k + 1, ids.get(k));
            ResultSet rs = ps.executeQuery();
            while (rs.next()) out.computeIfAbsent(rs.getString(1), x -> new ArrayList<>()).add(rs.getString(2));
        }
        return out;
    }

    static Incident row(ResultSet rs) throws SQLException {
        return new Incident(rs.getString(1), rs.getDate(2).toLocalDate(), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getBigDecimal(7), rs.getString(8), rs.getString(9),
                Vector.parse(rs.getString(10)).orElse(Vector.OTHER), rs.getString(11), rs.getString(12), rs.getString(13),
                rs.getString(14), rs.getBigDecimal(15), rs.getBoolean(16), rs.getString(17), List.of(), List.of(), List.of(),
                rs.getString(18));
    }

    private static Incident withDetails(Incident i, List<String> chains, List<SourceRecord> sources, List<ContractRef> contracts) {
        return new Incident(i.id(), i.date(), i.semester(), i.protocolSlug(), i.protocolName(), i.title(), i.lossUsd(), i.lossRaw(),
                i.lossBasis(), i.vector(), i.vectorRule(), i.technique(), i.attribution(), i.attributionSource(),
                i.fundsReturnedUsd(), i.verified(), i.origin(), List.copyOf(chains), sources, contracts, i.contentHash());
    }
}
