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

/** The incident writes: replacing the shipped data (one transaction, keyed by its checksum) and importing a user's rows. */
public final class IncidentWriteStore {
    private final Database db;
    private final java.time.Clock clock;

    public IncidentWriteStore(Database db, java.time.Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public record ImportResult(int added, int unchanged) {}

    /** What a rebuild is given: the stored feed rows as they are in this transaction. */
    public interface Plan<T> {
        /**
         * @param stored the rows stored from feeds and imports, read under the lock
         * @param currentChecksum the data version stored now (null before the first load)
         * @return what to write, or null to write nothing
         */
        Outcome<T> plan(ShippedIncidents.Stored stored, String currentChecksum, Summary before);
    }

    /**
     * The shipped and feed incidents as stored before a rebuild, in brief: for reporting what a rebuild changed.
     * @param incidents id → what was stored of it
     * @param approvalContracts every contract whose approvals are dangerous (Incident.APPROVAL_ROLES)
     */
    public record Summary(Map<String, Brief> incidents, Set<dev.perimeter.util.ChainAddress> approvalContracts) {}

    /** An incident as stored before a rebuild: its protocol's name, its date, its USD loss (null = unknown). */
    public record Brief(String protocolName, java.time.LocalDate date, BigDecimal lossUsd) {}

    private static Summary summary(Connection c) throws SQLException {
        Map<String, Brief> incidents = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, protocol_name, incident_date, loss_usd FROM incidents"
                + " WHERE origin IN ('shipped', 'feed')")) {
            ResultSet rs = ps.executeQuery();
            while (rs.next()) {
                incidents.put(rs.getString(1), new Brief(rs.getString(2), rs.getDate(3).toLocalDate(), rs.getBigDecimal(4)));
            }
        }
        Set<dev.perimeter.util.ChainAddress> contracts = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT k.chain, k.address FROM incident_contracts k JOIN incidents i"
                + " ON i.id = k.incident_id WHERE i.origin IN ('shipped', 'feed') AND k.role IN (" + roles() + ")")) {
            ResultSet rs = ps.executeQuery();
            while (rs.next()) contracts.add(new dev.perimeter.util.ChainAddress(rs.getString(1), rs.getString(2)));
        }
        return new Summary(incidents, contracts);
    }

    /** Incident.APPROVAL_ROLES as an SQL list of literals. */
    static String roles() {
        return sqlList(Incident.APPROVAL_ROLES);
    }

    /** Incident.SNAPSHOT_ROLES as an SQL list of literals. */
    static String snapshotRoles() {
        return sqlList(Incident.SNAPSHOT_ROLES);
    }

    private static String sqlList(List<String> roles) {
        return String.join(", ", roles.stream().map(r -> "'" + r + "'").toList());
    }

    /**
     * @param rowsToStore feed or import rows to insert or update
     * @param incidents   the full set of shipped and feed incidents to replace the stored ones with; null: store nothing
     * @param result      what the caller gets back
     */
    public record Outcome<T>(String checksum, List<ExternalRecords.Row> rowsToStore, List<Incident> incidents,
                             List<PublishedFigure> figures, T result, List<DailyPrices.Price> pricesToStore) {
        public Outcome(String checksum, List<ExternalRecords.Row> rowsToStore, List<Incident> incidents, List<PublishedFigure> figures,
                       T result) {
            this(checksum, rowsToStore, incidents, figures, result, List.of());
        }
    }

    /** A PostgreSQL advisory lock key: every rebuild of the incidents, in any instance, holds it for its transaction. */
    static final long REBUILD_LOCK = 0x5045_5249_0013L;

    /**
     * Rebuilds the shipped and feed incidents in one transaction: under a lock (PostgreSQL: an advisory transaction lock,
     * so instances sharing the database take turns), reads the stored feed rows, asks {@code plan} what to write, then
     * stores its rows, replaces every incident of origin shipped or feed (imported CSV incidents are kept, and keep
     * their ids), the published figures and the data version. Nothing is written when the plan returns null.
     */
    public <T> T rebuild(Plan<T> plan, java.util.function.Supplier<T> nothing) {
        return Tx.run(db, c -> {
            if (db.isPostgres()) {
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    ps.setLong(1, REBUILD_LOCK);
                    ps.executeQuery();
                }
            }
            String current = null;
            // H2: the row lock serialises rebuilds of processes sharing the file (a command run while the server runs, through
            // H2's auto-server): a second rebuild waits here until the first commits, then reads its checksum and rows.
            try (PreparedStatement ps = c.prepareStatement("SELECT checksum FROM data_versions WHERE name = 'incidents'"
                    + (db.isPostgres() ? "" : " FOR UPDATE"))) {
                ResultSet rs = ps.executeQuery();
                if (rs.next()) current = rs.getString(1);
            }
            Outcome<T> o = plan.plan(ShippedIncidents.Stored.of(FeedRecordStore.readAll(c)).withPrices(PriceRecordStore.readAll(c)), current,
                    summary(c));
            if (o == null) return nothing.get();
            if (o.incidents() == null) return o.result();
            FeedRecordStore.upsert(c, o.rowsToStore(), clock.instant());
            PriceRecordStore.insertMissing(c, o.pricesToStore(), clock.instant());
            for (String t : List.of("incident_assets", "incident_contracts", "incident_sources", "incident_chains")) {
                exec(c, "DELETE FROM " + t + " WHERE incident_id IN (SELECT id FROM incidents WHERE origin IN ('shipped', 'feed'))");
            }
            exec(c, "DELETE FROM incidents WHERE origin IN ('shipped', 'feed')");
            exec(c, "DELETE FROM protocols WHERE origin IN ('shipped', 'feed') AND slug NOT IN (SELECT protocol_slug FROM incidents)");
            Set<String> takenIds = ids(c);
            List<Incident> placed = new ArrayList<>();
            for (Incident i : o.incidents()) {
                String id = i.id();
                for (int n = 2; takenIds.contains(id); n++) id = i.id() + "-" + n;
                takenIds.add(id);
                placed.add(id.equals(i.id()) ? i : i.withId(id));
            }
            ProtocolStore.insertMissing(c, placed, "shipped");
            insertIncidents(c, placed);
            PublishedFigureStore.replaceAll(c, o.figures());
            // Updated in place (not deleted and inserted): a rebuild waiting on this row's lock then reads the new checksum.
            int updated;
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE data_versions SET checksum = ?, loaded_at = ?, row_count = ? WHERE name = 'incidents'")) {
                ps.setString(1, o.checksum());
                ps.setTimestamp(2, Timestamp.from(clock.instant()));
                ps.setInt(3, placed.size());
                updated = ps.executeUpdate();
            }
            if (updated == 0) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO data_versions (name, checksum, loaded_at, row_count) VALUES ('incidents', ?, ?, ?)")) {
                    ps.setString(1, o.checksum());
                    ps.setTimestamp(2, Timestamp.from(clock.instant()));
                    ps.setInt(3, placed.size());
                    ps.executeUpdate();
                }
            }
            return o.result();
        });
    }

    /**
     * Replaces the shipped incidents and published figures with {@code incidents}, in one transaction, unless the
     * stored checksum already equals {@code checksum}. Imported incidents are kept. Returns true when data was loaded.
     */
    public boolean syncShipped(String checksum, List<Incident> incidents, List<PublishedFigure> figures) {
        return rebuild((stored, current, before) -> checksum.equals(current) ? null
                : new Outcome<>(checksum, List.of(), incidents, figures, true), () -> false);
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
                toAdd.add(i.withId(id));
            }
            ProtocolStore.insertMissing(c, toAdd, "import");
            insertIncidents(c, toAdd);
            return new ImportResult(toAdd.size(), unchanged);
        });
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

    private static void insertIncidents(Connection c, List<Incident> incidents) throws SQLException {
        try (PreparedStatement pi = c.prepareStatement("INSERT INTO incidents (id, incident_date, semester, protocol_slug,"
                + " protocol_name, title, loss_usd, loss_raw, loss_basis, vector, vector_rule, technique, attribution,"
                + " attribution_source, funds_returned_usd, verified, origin, content_hash, vector_basis, scope, scope_basis, loss_note,"
                + " reviewed) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
             PreparedStatement pa = c.prepareStatement("INSERT INTO incident_assets (incident_id, seq, symbol, chain, address)"
                     + " VALUES (?,?,?,?,?)");
             PreparedStatement pc = c.prepareStatement("INSERT INTO incident_chains (incident_id, chain) VALUES (?,?)");
             PreparedStatement psrc = c.prepareStatement("INSERT INTO incident_sources (incident_id, seq, dataset, dataset_ref,"
                     + " source_date, source_name, loss_stated, verified, urls, loss_usd) VALUES (?,?,?,?,?,?,?,?,?,?)");
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
                pi.setString(19, i.vectorBasis());
                pi.setString(20, i.scope().code);
                pi.setString(21, i.scopeBasis());
                pi.setString(22, i.lossNote());
                pi.setBoolean(23, i.reviewed());
                pi.addBatch();
                int aseq = 0;
                for (AffectedAsset a : i.affectedAssets()) {
                    pa.setString(1, i.id());
                    pa.setInt(2, aseq++);
                    pa.setString(3, cut(a.symbol(), 80));
                    pa.setString(4, a.chain());
                    pa.setString(5, a.address());
                    pa.addBatch();
                }
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
                    psrc.setBigDecimal(10, s.lossUsd() == null ? null : s.lossUsd().setScale(2, java.math.RoundingMode.HALF_UP));
                    psrc.addBatch();
                }
                Set<ContractRef.RoleAt> seen = new HashSet<>();
                for (ContractRef k : i.contracts()) {
                    if (!seen.add(k.roleAt())) continue;
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
            pa.executeBatch();
        }
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
