package dev.perimeter.incident;

import dev.perimeter.db.Database;
import dev.perimeter.db.Sql;
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

/** Reads of incidents for pages, the API and the exposure snapshot. */
public final class IncidentQueryStore {
    private final Database db;

    public IncidentQueryStore(Database db) {
        this.db = db;
    }

    private static final String COLUMNS = "i.id, i.incident_date, i.semester, i.protocol_slug, i.protocol_name, i.title, i.loss_usd,"
            + " i.loss_raw, i.loss_basis, i.vector, i.vector_rule, i.technique, i.attribution, i.attribution_source,"
            + " i.funds_returned_usd, i.verified, i.origin, i.content_hash, i.vector_basis, i.scope, i.scope_basis, i.loss_note,"
            + " i.reviewed";

    public IncidentPage find(IncidentQuery q) {
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
            for (Incident i : items) withChains.add(i.withDetails(chains.getOrDefault(i.id(), List.of()), List.of(), List.of(), List.of()));
            return new IncidentPage(withChains, total);
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
                    sources.add(SourceRecord.stored(rs.getString(1), rs.getString(2), rs.getDate(3).toLocalDate(), rs.getString(4),
                                    rs.getString(5))
                            .withUrls(urls == null || urls.isBlank() ? List.of() : List.of(urls.trim().split("\\s+")))
                            .withVerified(rs.getBoolean(6)));
                }
            }
            List<ContractRef> contracts = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT chain, address, role, source FROM incident_contracts"
                    + " WHERE incident_id = ? ORDER BY role DESC, chain, address")) {
                ps.setString(1, id);
                ResultSet rs = ps.executeQuery();
                while (rs.next()) contracts.add(new ContractRef(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
            Map<String, List<AffectedAsset>> assets = assetsOf(c, id);
            return Optional.of(i.withDetails(chainsOf(c, List.of(id)).getOrDefault(id, List.of()), sources, contracts,
                    assets.getOrDefault(id, List.of())));
        });
    }

    /**
     * Every incident in brief, as the exposure matcher needs it: its scope, the contracts it touched (vulnerable, victim
     * or reviewed) and the assets it drained, minted or depegged.
     */
    public record IndexRow(String id, java.time.LocalDate date, String protocolSlug, String protocolName, BigDecimal lossUsd,
                           String vector, String title, String scope, List<ContractRef> affectedContracts,
                           List<AffectedAsset> affectedAssets) {}

    /** @param fixed the source marks the exploit fixed (Revoke.cash's "fixed": the contract was patched or upgraded) */
    /** A contract row the exposure snapshot reads; {@code source} is what gave the role (the dataset row or the evidence). */
    public record ContractRow(String chain, String address, String incidentId, String role, boolean fixed, String source) {}

    public List<IndexRow> incidentIndex() {
        return Tx.read(db, c -> {
            Map<String, List<ContractRef>> touched = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT incident_id, chain, address, role FROM incident_contracts"
                    + " WHERE role IN (" + String.join(", ", Incident.AFFECTED_ROLES.stream().map(r -> "'" + r + "'").toList())
                    + ") ORDER BY incident_id, chain, address, role")) {
                ResultSet rs = ps.executeQuery();
                while (rs.next()) {
                    touched.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new ContractRef(rs.getString(2), rs.getString(3), rs.getString(4), null));
                }
            }
            Map<String, List<AffectedAsset>> assets = assetsOf(c, null);
            List<IndexRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, incident_date, protocol_slug, protocol_name, loss_usd, vector,"
                    + " title, scope FROM incidents ORDER BY incident_date, id")) {
                ResultSet rs = ps.executeQuery();
                while (rs.next()) {
                    String id = rs.getString(1);
                    out.add(new IndexRow(id, rs.getDate(2).toLocalDate(), rs.getString(3), rs.getString(4),
                            rs.getBigDecimal(5), rs.getString(6), rs.getString(7), rs.getString(8),
                            List.copyOf(touched.getOrDefault(id, List.of())), List.copyOf(assets.getOrDefault(id, List.of()))));
                }
            }
            return out;
        });
    }

    /** Affected assets by incident id: of one incident, or of all when {@code id} is null. */
    private static Map<String, List<AffectedAsset>> assetsOf(Connection c, String id) throws SQLException {
        Map<String, List<AffectedAsset>> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT incident_id, symbol, chain, address FROM incident_assets"
                + (id == null ? "" : " WHERE incident_id = ?") + " ORDER BY incident_id, seq")) {
            if (id != null) ps.setString(1, id);
            ResultSet rs = ps.executeQuery();
            while (rs.next()) {
                out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new AffectedAsset(rs.getString(2), rs.getString(3),
                        rs.getString(4)));
            }
        }
        return out;
    }

    public List<ContractRow> exploitedContractRows() {
        return Tx.read(db, c -> {
            List<ContractRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT chain, address, incident_id, role, source FROM incident_contracts"
                    + " WHERE role IN (" + IncidentWriteStore.snapshotRoles() + ") ORDER BY chain, address, incident_id, role")) {
                ResultSet rs = ps.executeQuery();
                while (rs.next()) {
                    out.add(new ContractRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            DatasetReaders.fixed(rs.getString(5)), rs.getString(5)));
                }
            }
            return out;
        });
    }

    public List<String> semesters() {
        return Tx.read(db, c -> Sql.rows(c, "SELECT DISTINCT semester FROM incidents ORDER BY semester DESC", Sql.NONE, rs -> rs.getString(1)));
    }

    public List<String> chains() {
        return Tx.read(db, c -> Sql.rows(c, "SELECT chain, COUNT(*) n FROM incident_chains GROUP BY chain ORDER BY n DESC, chain", Sql.NONE,
                rs -> rs.getString(1)));
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

    /** The rows stored from feeds and imports. */
    public List<ExternalRecords.Row> feedRows() {
        return Tx.read(db, FeedRecordStore::readAll);
    }

    /** The daily closes update-data stored. */
    public List<DailyPrices.Price> storedPrices() {
        return Tx.read(db, PriceRecordStore::readAll);
    }

    /**
     * The stored data checksum and the number of incidents ("checksum:count"): changes on every rebuild and on every CSV
     * import (which adds incidents without a rebuild), whichever process wrote it; empty before the first load.
     */
    public Optional<String> dataVersion() {
        DataVersion v = Tx.read(db, IncidentQueryStore::readDataVersion);
        return v.checksum() == null ? Optional.empty() : Optional.of(v.checksum() + ":" + v.incidents());
    }

    /** The stored data checksum (null before the first load) and the number of incidents (imports only ever add rows). */
    public record DataVersion(String checksum, long incidents) {}

    /** Two cheap reads in one statement, no table scan on H2; the statistics' cache key reads the same. */
    public static DataVersion readDataVersion(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT (SELECT checksum FROM data_versions WHERE name = 'incidents'),"
                + " (SELECT COUNT(*) FROM incidents)")) {
            ResultSet rs = ps.executeQuery();
            rs.next();
            return new DataVersion(rs.getString(1), rs.getLong(2));
        }
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
                rs.getString(19), Scope.parse(rs.getString(20)).orElse(Scope.CONTRACTS), rs.getString(21), List.of(),
                rs.getString(22), rs.getBoolean(23), rs.getString(18));
    }

    /** An incident naming a contract, with the contract's role in it. */
    public record ContractMention(String incidentId, java.time.LocalDate date, String protocolSlug, String protocolName, String title,
                                  BigDecimal lossUsd, String role, String source) {}

    /** Every incident naming this (chain, lowercase address), newest first. */
    public List<ContractMention> mentionsOf(String chain, String address) {
        return Tx.read(db, c -> {
            List<ContractMention> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT i.id, i.incident_date, i.protocol_slug, i.protocol_name, i.title,"
                    + " i.loss_usd, k.role, k.source FROM incident_contracts k JOIN incidents i ON i.id = k.incident_id"
                    + " WHERE k.chain = ? AND k.address = ? ORDER BY i.incident_date DESC, i.id, k.role")) {
                ps.setString(1, chain);
                ps.setString(2, address);
                ResultSet rs = ps.executeQuery();
                while (rs.next()) {
                    out.add(new ContractMention(rs.getString(1), rs.getDate(2).toLocalDate(), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getBigDecimal(6), rs.getString(7), rs.getString(8)));
                }
            }
            return out;
        });
    }
}
