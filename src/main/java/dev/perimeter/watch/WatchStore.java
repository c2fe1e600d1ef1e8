package dev.perimeter.watch;

import dev.perimeter.db.Database;
import dev.perimeter.db.Sql;
import dev.perimeter.db.Tx;
import dev.perimeter.exposure.FindingKind;
import dev.perimeter.exposure.Severity;
import dev.perimeter.wallet.ChainStatus;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Watches, what each knows (findings and baselined chains), their changes and the webhook deliveries of those changes.
 * Several instances may share the database: a watch is rescanned by the instance holding its lease
 * ({@link #claimDue}), and a rescan's result is written only while that lease is still held.
 */
public final class WatchStore {
    private final Database db;

    public WatchStore(Database db) {
        this.db = db;
    }

    /**
     * A watch as stored. chains in the order given; address lowercase. lastReadAt: when its page, feed or API answer was
     * last read (its creation counts as a read); it is deleted once that is longer ago than PERIMETER_WATCH_TTL.
     */
    public record Watch(String id, String address, String ens, List<String> chains, String label, Instant createdAt,
                        Instant lastScanAt, Instant nextScanAt, Instant lastReadAt) {
        public Watch(String id, String address, String ens, List<String> chains, String label, Instant createdAt, Instant lastScanAt,
                     Instant nextScanAt) {
            this(id, address, ens, chains, label, createdAt, lastScanAt, nextScanAt, createdAt);
        }
    }

    /** How the last scan of one of a watch's chains ended. */
    public record ChainState(String chain, ChainStatus status, Long block, Instant scannedAt) {}

    /** One stored change (a feed entry). */
    public record ChangeEntry(long seq, String entryId, String watchId, Instant createdAt, WatchDiff.ChangeKind kind,
                              WatchedFinding finding, Severity previousSeverity) {}

    /** A webhook delivery still to make. */
    public record Delivery(String entryId, String watchId, String body, int attempts, Instant nextAttemptAt) {}

    // ---- watches ------------------------------------------------------------------------------------------------

    /** Inserts the watch unless max watches exist already; false then. */
    public boolean insert(Watch w, int max) {
        return Tx.run(db, c -> {
            try (PreparedStatement n = c.prepareStatement("SELECT COUNT(*) FROM watches"); ResultSet rs = n.executeQuery()) {
                rs.next();
                if (rs.getInt(1) >= max) return false;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO watches (id, address, ens, chains, label, created_at, next_scan_at,"
                    + " last_read_at) VALUES (?,?,?,?,?,?,?,?)")) {
                ps.setString(1, w.id());
                ps.setString(2, w.address());
                ps.setString(3, w.ens());
                ps.setString(4, String.join(",", w.chains()));
                ps.setString(5, w.label());
                ps.setTimestamp(6, ts(w.createdAt()));
                ps.setTimestamp(7, ts(w.nextScanAt()));
                ps.setTimestamp(8, ts(w.lastReadAt()));
                ps.executeUpdate();
            }
            return true;
        });
    }

    public Optional<Watch> find(String id) {
        return Tx.read(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + WATCH_COLUMNS + " FROM watches WHERE id = ?")) {
                ps.setString(1, id);
                ResultSet rs = ps.executeQuery();
                return rs.next() ? Optional.of(watch(rs)) : Optional.empty();
            }
        });
    }

    /** Deletes the watch with everything it knows, its changes and its pending deliveries. */
    public boolean delete(String id) {
        return delete(id, null);
    }

    /**
     * Deletes the watch (as {@link #delete(String)}) only if it was last read before unreadSince (null: whenever it was
     * read), checked in the same transaction, so a read that comes first keeps it.
     */
    public boolean delete(String id, Instant unreadSince) {
        return Tx.run(db, c -> {
            if (unreadSince != null) {
                // The watch row first, on the condition: its rows in the other tables go with it (ON DELETE CASCADE).
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM watches WHERE id = ? AND last_read_at < ?")) {
                    ps.setString(1, id);
                    ps.setTimestamp(2, ts(unreadSince));
                    return ps.executeUpdate() > 0;
                }
            }
            for (String t : List.of("watch_deliveries", "watch_changes", "watch_findings", "watch_chains")) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + t + " WHERE watch_id = ?")) {
                    ps.setString(1, id);
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM watches WHERE id = ?")) {
                ps.setString(1, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    /** Ids of the watches last read before cutoff (at most limit, longest unread first). */
    public List<String> unreadSince(Instant cutoff, int limit) {
        return Tx.read(db, c -> Sql.rows(c, "SELECT id FROM watches WHERE last_read_at < ? ORDER BY last_read_at, id FETCH FIRST "
                + Math.max(1, limit) + " ROWS ONLY", ps -> ps.setTimestamp(1, ts(cutoff)), rs -> rs.getString(1)));
    }

    /**
     * Records a read of the watch at now, unless one was recorded after notBefore (so a feed polled every minute writes at
     * most once per interval). Returns whether it wrote.
     */
    public boolean touchRead(String id, Instant now, Instant notBefore) {
        return Tx.run(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE watches SET last_read_at = ? WHERE id = ? AND last_read_at < ?")) {
                ps.setTimestamp(1, ts(now));
                ps.setString(2, id);
                ps.setTimestamp(3, ts(notBefore));
                return ps.executeUpdate() > 0;
            }
        });
    }

    /** The longest-unread watch's last read, if any watch exists. */
    public Optional<Instant> oldestRead() {
        return Tx.read(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MIN(last_read_at) FROM watches"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                Timestamp t = rs.getTimestamp(1);
                return Optional.ofNullable(t == null ? null : t.toInstant());
            }
        });
    }

    public int count() {
        return Tx.read(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM watches"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    /** Every watch is due now (the data changed). */
    public int markAllDue(Instant now) {
        return Tx.run(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE watches SET next_scan_at = ? WHERE next_scan_at > ?")) {
                ps.setTimestamp(1, ts(now));
                ps.setTimestamp(2, ts(now));
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Takes the lease on up to limit due watches whose lease is free (or expired), most overdue first. On PostgreSQL the
     * candidates are locked with FOR UPDATE SKIP LOCKED, so instances claiming at once take different rows; on either
     * database the lease is taken by a conditional update, so a watch is never claimed twice.
     */
    public List<Watch> claimDue(String owner, Instant now, Instant leaseUntil, int limit) {
        return Tx.run(db, c -> {
            String sql = "SELECT " + WATCH_COLUMNS + " FROM watches WHERE next_scan_at <= ? AND (lease_until IS NULL OR lease_until < ?)"
                    + " ORDER BY next_scan_at, id FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY" + (db.isPostgres() ? " FOR UPDATE SKIP LOCKED" : "");
            List<Watch> candidates = Sql.rows(c, sql, ps -> {
                ps.setTimestamp(1, ts(now));
                ps.setTimestamp(2, ts(now));
            }, WatchStore::watch);
            List<Watch> mine = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("UPDATE watches SET lease_owner = ?, lease_until = ? WHERE id = ?"
                    + " AND (lease_until IS NULL OR lease_until < ?)")) {
                for (Watch w : candidates) {
                    ps.setString(1, owner);
                    ps.setTimestamp(2, ts(leaseUntil));
                    ps.setString(3, w.id());
                    ps.setTimestamp(4, ts(now));
                    if (ps.executeUpdate() == 1) mine.add(w);
                }
            }
            return mine;
        });
    }

    /** Gives a lease back without a result (the scan could not run): due again at next. */
    public void release(String id, String owner, Instant next) {
        Tx.run(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE watches SET lease_owner = NULL, lease_until = NULL, next_scan_at = ?"
                    + " WHERE id = ? AND lease_owner = ?")) {
                ps.setTimestamp(1, ts(next));
                ps.setString(2, id);
                ps.setString(3, owner);
                return ps.executeUpdate();
            }
        });
    }

    public Map<String, WatchedFinding> findings(String watchId) {
        return Tx.read(db, c -> findings(c, watchId));
    }

    public List<ChainState> chainStates(String watchId) {
        return Tx.read(db, c -> chainStates(c, watchId));
    }

    /** Chains with a baseline: those whose findings are known. */
    public Set<String> baselined(String watchId) {
        Set<String> out = new LinkedHashSet<>();
        for (ChainState s : chainStates(watchId)) if (s.block() != null) out.add(s.chain());
        return out;
    }

    /**
     * Writes a rescan's outcome in one transaction — the watch's findings and chains, its changes and (when body is given)
     * a webhook delivery per change — while owner still holds the lease; releases the lease and sets the next scan.
     * Returns the changes stored: a change equal to its finding's latest entry (kind and severity) is not stored again.
     * @param body the delivery body of a change, or null when no webhook is configured
     * @param maxPending pending deliveries kept at most; beyond, a change gets no delivery (it stays in the feed)
     */
    public List<ChangeEntry> record(String watchId, String owner, Instant now, Instant next, List<WatchDiff.ChainResult> chains,
                                    WatchDiff.Outcome outcome, Function<ChangeEntry, String> body, int maxPending) {
        return Tx.run(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE watches SET last_scan_at = ?, next_scan_at = ?, lease_owner = NULL,"
                    + " lease_until = NULL WHERE id = ? AND lease_owner = ?")) {
                ps.setTimestamp(1, ts(now));
                ps.setTimestamp(2, ts(next));
                ps.setString(3, watchId);
                ps.setString(4, owner);
                if (ps.executeUpdate() != 1) return List.of(); // deleted meanwhile, or the lease expired and another instance has it
            }
            Map<String, ChainState> states = new LinkedHashMap<>();
            for (ChainState s : chainStates(c, watchId)) states.put(s.chain(), s);
            for (WatchDiff.ChainResult r : chains) {
                ChainState before = states.get(r.chain());
                // A failed chain keeps the block of its last good scan: that is what its findings were read at.
                Long block = r.status() == ChainStatus.FAILED ? (before == null ? null : before.block()) : r.block();
                if (block == null && outcome.baselined().contains(r.chain())) block = before != null && before.block() != null ? before.block() : 0L;
                states.put(r.chain(), new ChainState(r.chain(), r.status(), block, now));
            }
            exec(c, "DELETE FROM watch_chains WHERE watch_id = ?", watchId);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO watch_chains (watch_id, chain, status, block, scanned_at) VALUES (?,?,?,?,?)")) {
                for (ChainState s : states.values()) {
                    ps.setString(1, watchId);
                    ps.setString(2, s.chain());
                    ps.setString(3, s.status().code());
                    if (s.block() == null) ps.setNull(4, Types.BIGINT);
                    else ps.setLong(4, s.block());
                    ps.setTimestamp(5, ts(s.scannedAt()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            exec(c, "DELETE FROM watch_findings WHERE watch_id = ?", watchId);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO watch_findings (watch_id, finding_key, chain, kind, severity, asset,"
                    + " asset_symbol, spender, protocol, infrastructure, incident_ids, message) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) {
                for (WatchedFinding f : outcome.state().values()) {
                    ps.setString(1, watchId);
                    ps.setString(2, f.key());
                    ps.setString(3, f.chain());
                    ps.setString(4, f.kind().code());
                    ps.setString(5, f.severity().code());
                    setDetails(ps, 6, f);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            List<ChangeEntry> stored = new ArrayList<>();
            int pending = body == null ? 0 : pendingDeliveries(c);
            for (WatchDiff.Change ch : outcome.changes()) {
                WatchedFinding f = ch.finding();
                // The same change as the finding's latest entry (same kind, same severity) is a repeat — a re-import, a second
                // instance that rescanned from the same state — and is not stored again; a finding that comes back after it
                // was resolved is a new change.
                String after = "-";
                try (PreparedStatement ps = c.prepareStatement("SELECT entry_id, change_kind, severity FROM watch_changes WHERE watch_id = ?"
                        + " AND finding_key = ? ORDER BY seq DESC FETCH FIRST 1 ROWS ONLY")) {
                    ps.setString(1, watchId);
                    ps.setString(2, f.key());
                    ResultSet rs = ps.executeQuery();
                    if (rs.next()) {
                        if (rs.getString(2).equals(ch.kind().code()) && rs.getString(3).equals(f.severity().code())) continue;
                        after = rs.getString(1);
                    }
                }
                String dedup = WatchedFinding.cut(f.key(), 300) + "|" + ch.kind().code() + "|" + f.severity().code() + "|" + after;
                try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM watch_changes WHERE watch_id = ? AND dedup = ?")) {
                    ps.setString(1, watchId);
                    ps.setString(2, dedup);
                    if (ps.executeQuery().next()) continue;
                }
                ChangeEntry e = new ChangeEntry(0, UUID.randomUUID().toString(), watchId, now, ch.kind(), f, ch.previous());
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO watch_changes (entry_id, watch_id, created_at, change_kind,"
                        + " finding_key, finding_kind, chain, severity, previous_severity, asset, asset_symbol, spender, protocol,"
                        + " infrastructure, incident_ids, message, evidence, dedup) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                    ps.setString(1, e.entryId());
                    ps.setString(2, watchId);
                    ps.setTimestamp(3, ts(now));
                    ps.setString(4, ch.kind().code());
                    ps.setString(5, f.key());
                    ps.setString(6, f.kind().code());
                    ps.setString(7, f.chain());
                    ps.setString(8, f.severity().code());
                    ps.setString(9, ch.previous() == null ? null : ch.previous().code());
                    setDetails(ps, 10, f);
                    ps.setString(17, WatchedFinding.cut(f.evidence(), 8000));
                    ps.setString(18, dedup);
                    ps.executeUpdate();
                }
                stored.add(e);
                if (body != null && pending < maxPending) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO watch_deliveries (entry_id, watch_id, body, attempts,"
                            + " next_attempt_at, gave_up) VALUES (?,?,?,0,?,FALSE)")) {
                        ps.setString(1, e.entryId());
                        ps.setString(2, watchId);
                        ps.setString(3, body.apply(e));
                        ps.setTimestamp(4, ts(now));
                        ps.executeUpdate();
                    }
                    pending++;
                }
            }
            return stored;
        });
    }

    /** A watch's changes, newest first. */
    public List<ChangeEntry> changes(String watchId, int limit) {
        return Tx.read(db, c -> Sql.rows(c, "SELECT seq, entry_id, watch_id, created_at, change_kind, finding_key, finding_kind, chain,"
                + " severity, previous_severity, asset, asset_symbol, spender, protocol, infrastructure, incident_ids, message, evidence"
                + " FROM watch_changes WHERE watch_id = ? ORDER BY seq DESC FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY",
                ps -> ps.setString(1, watchId), rs -> {
                    WatchedFinding f = new WatchedFinding(rs.getString(6), rs.getString(8), findingKind(rs.getString(7)), severity(rs.getString(9)),
                            rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15), ids(rs.getString(16)),
                            rs.getString(17), rs.getString(18));
                    String prev = rs.getString(10);
                    return new ChangeEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(),
                            WatchDiff.ChangeKind.of(rs.getString(5)), f, prev == null ? null : severity(prev));
                }));
    }

    // ---- webhook deliveries -------------------------------------------------------------------------------------

    public List<Delivery> dueDeliveries(Instant now, int limit) {
        return Tx.read(db, c -> Sql.rows(c, "SELECT entry_id, watch_id, body, attempts, next_attempt_at FROM watch_deliveries"
                + " WHERE delivered_at IS NULL AND gave_up = FALSE AND next_attempt_at <= ? ORDER BY next_attempt_at, entry_id"
                + " FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY", ps -> ps.setTimestamp(1, ts(now)),
                rs -> new Delivery(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getTimestamp(5).toInstant())));
    }

    /** When the next pending delivery is due, if any. */
    public Optional<Instant> nextDelivery() {
        return Tx.read(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MIN(next_attempt_at) FROM watch_deliveries WHERE delivered_at IS NULL"
                    + " AND gave_up = FALSE"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                Timestamp t = rs.getTimestamp(1);
                return Optional.ofNullable(t == null ? null : t.toInstant());
            }
        });
    }

    /**
     * Takes a delivery for one attempt: moves its next attempt to retryAt, only if no other instance took it meanwhile.
     * A crash during the attempt leaves it due again at retryAt.
     */
    public boolean claimDelivery(Delivery d, Instant retryAt) {
        return Tx.run(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE watch_deliveries SET next_attempt_at = ?, attempts = attempts + 1"
                    + " WHERE entry_id = ? AND attempts = ? AND delivered_at IS NULL AND gave_up = FALSE")) {
                ps.setTimestamp(1, ts(retryAt));
                ps.setString(2, d.entryId());
                ps.setInt(3, d.attempts());
                return ps.executeUpdate() == 1;
            }
        });
    }

    public void delivered(String entryId, Instant at) {
        Tx.run(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE watch_deliveries SET delivered_at = ?, last_error = NULL WHERE entry_id = ?")) {
                ps.setTimestamp(1, ts(at));
                ps.setString(2, entryId);
                return ps.executeUpdate();
            }
        });
    }

    public void failed(String entryId, String error, boolean giveUp) {
        Tx.run(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE watch_deliveries SET last_error = ?, gave_up = ? WHERE entry_id = ?")) {
                ps.setString(1, WatchedFinding.cut(error, 200));
                ps.setBoolean(2, giveUp);
                ps.setString(3, entryId);
                return ps.executeUpdate();
            }
        });
    }

    /** Deliveries by state, for /health and tests: pending, delivered, given up. */
    public record DeliveryCounts(int pending, int delivered, int gaveUp) {}

    public DeliveryCounts deliveryCounts() {
        return Tx.read(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT"
                    + " SUM(CASE WHEN delivered_at IS NULL AND gave_up = FALSE THEN 1 ELSE 0 END),"
                    + " SUM(CASE WHEN delivered_at IS NOT NULL THEN 1 ELSE 0 END),"
                    + " SUM(CASE WHEN gave_up = TRUE THEN 1 ELSE 0 END) FROM watch_deliveries"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new DeliveryCounts(rs.getInt(1), rs.getInt(2), rs.getInt(3));
            }
        });
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static final String WATCH_COLUMNS = "id, address, ens, chains, label, created_at, last_scan_at, next_scan_at, last_read_at";

    private static Watch watch(ResultSet rs) throws SQLException {
        Timestamp last = rs.getTimestamp(7);
        return new Watch(rs.getString(1), rs.getString(2), rs.getString(3), List.of(rs.getString(4).split(",")), rs.getString(5),
                rs.getTimestamp(6).toInstant(), last == null ? null : last.toInstant(), rs.getTimestamp(8).toInstant(),
                rs.getTimestamp(9).toInstant());
    }

    private static Map<String, WatchedFinding> findings(Connection c, String watchId) throws SQLException {
        Map<String, WatchedFinding> out = new LinkedHashMap<>();
        for (WatchedFinding f : Sql.rows(c, "SELECT finding_key, chain, kind, severity, asset, asset_symbol, spender, protocol,"
                + " infrastructure, incident_ids, message FROM watch_findings WHERE watch_id = ? ORDER BY finding_key",
                ps -> ps.setString(1, watchId), rs -> new WatchedFinding(rs.getString(1), rs.getString(2), findingKind(rs.getString(3)),
                        severity(rs.getString(4)), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                        ids(rs.getString(10)), rs.getString(11), null))) {
            out.put(f.key(), f);
        }
        return out;
    }

    /**
     * A finding's details as watch_findings and watch_changes store them, cut to their columns' sizes: asset,
     * asset_symbol, spender, protocol, infrastructure, incident_ids and message, from parameter first on.
     */
    private static void setDetails(PreparedStatement ps, int first, WatchedFinding f) throws SQLException {
        ps.setString(first, WatchedFinding.cut(f.asset(), 42));
        ps.setString(first + 1, WatchedFinding.cut(f.assetSymbol(), 100));
        ps.setString(first + 2, WatchedFinding.cut(f.spender(), 42));
        ps.setString(first + 3, WatchedFinding.cut(f.protocol(), 120));
        ps.setString(first + 4, WatchedFinding.cut(f.infrastructure(), 120));
        ps.setString(first + 5, WatchedFinding.cut(String.join(" ", f.incidentIds()), 4000));
        ps.setString(first + 6, WatchedFinding.cut(f.message(), 4000));
    }

    /** The chains a watch has scanned, by name. */
    private static List<ChainState> chainStates(Connection c, String watchId) throws SQLException {
        return Sql.rows(c, "SELECT chain, status, block, scanned_at FROM watch_chains WHERE watch_id = ? ORDER BY chain",
                ps -> ps.setString(1, watchId), rs -> {
                    long b = rs.getLong(3);
                    return new ChainState(rs.getString(1), ChainStatus.valueOf(rs.getString(2).toUpperCase(Locale.ROOT)),
                            rs.wasNull() ? null : b, rs.getTimestamp(4).toInstant());
                });
    }

    private static int pendingDeliveries(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM watch_deliveries WHERE delivered_at IS NULL AND gave_up = FALSE");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void exec(Connection c, String sql, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }

    static Severity severity(String code) {
        return Severity.valueOf(code.toUpperCase(Locale.ROOT));
    }

    static FindingKind findingKind(String code) {
        return FindingKind.of(code).orElseThrow(() -> new IllegalStateException("unknown finding kind stored: " + code));
    }

    static List<String> ids(String s) {
        return s == null || s.isBlank() ? List.of() : Arrays.asList(s.trim().split(" "));
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}
