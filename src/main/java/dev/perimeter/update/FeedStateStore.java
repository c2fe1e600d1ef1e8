package dev.perimeter.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.perimeter.db.Database;
import dev.perimeter.db.Tx;
import dev.perimeter.sources.FeedFetcher;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Each feed's validators (for conditional requests) and how its last update went (table feed_state). */
public final class FeedStateStore {
    /**
     * @param validators file (a feed URL's path) → what the server said last time
     * @param errorKind  null after a success; else unreachable, timeout, http_status, too_large, truncated or invalid
     */
    public record State(String feed, Map<String, FeedFetcher.Validators> validators, Instant lastAttempt, Instant lastSuccess,
                        Instant lastChanged, String errorKind, String error) {
        public static State none(String feed) {
            return new State(feed, Map.of(), null, null, null, null, null);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Database db;

    public FeedStateStore(Database db) {
        this.db = db;
    }

    public State get(String feed) {
        return Tx.read(db, c -> read(c, feed)).orElse(State.none(feed));
    }

    public List<State> all() {
        return Tx.read(db, c -> {
            List<State> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT feed FROM feed_state ORDER BY feed")) {
                ResultSet rs = ps.executeQuery();
                List<String> feeds = new ArrayList<>();
                while (rs.next()) feeds.add(rs.getString(1));
                for (String f : feeds) read(c, f).ifPresent(out::add);
            }
            return out;
        });
    }

    /** A successful update: new validators (merged over the old ones), the time, and whether it changed data. */
    public void success(String feed, Map<String, FeedFetcher.Validators> validators, Instant now, boolean changed) {
        Tx.run(db, c -> {
            State old = read(c, feed).orElse(State.none(feed));
            Map<String, FeedFetcher.Validators> merged = new LinkedHashMap<>(old.validators());
            merged.putAll(validators);
            write(c, new State(feed, merged, now, now, changed ? now : old.lastChanged(), null, null));
            return null;
        });
    }

    /** A failed update: its kind and Perimeter's sentence; the validators stay as they were. */
    public void failure(String feed, String kind, String message, Instant now) {
        Tx.run(db, c -> {
            State old = read(c, feed).orElse(State.none(feed));
            write(c, new State(feed, old.validators(), now, old.lastSuccess(), old.lastChanged(), kind,
                    message == null ? null : message.length() > 500 ? message.substring(0, 500) : message));
            return null;
        });
    }

    private static Optional<State> read(Connection c, String feed) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT validators, last_attempt, last_success, last_changed, last_error_kind,"
                + " last_error FROM feed_state WHERE feed = ?")) {
            ps.setString(1, feed);
            ResultSet rs = ps.executeQuery();
            if (!rs.next()) return Optional.empty();
            Map<String, FeedFetcher.Validators> v = new LinkedHashMap<>();
            String text = rs.getString(1);
            if (text != null && !text.isBlank()) {
                try {
                    JsonNode o = JSON.readTree(text);
                    o.fields().forEachRemaining(e -> v.put(e.getKey(), new FeedFetcher.Validators(
                            e.getValue().path("etag").isTextual() ? e.getValue().get("etag").asText() : null,
                            e.getValue().path("lastModified").isTextual() ? e.getValue().get("lastModified").asText() : null)));
                } catch (java.io.IOException e) {
                    // Unreadable validators only cost a full download next time.
                }
            }
            return Optional.of(new State(feed, Map.copyOf(v), instant(rs.getTimestamp(2)), instant(rs.getTimestamp(3)),
                    instant(rs.getTimestamp(4)), rs.getString(5), rs.getString(6)));
        }
    }

    private static void write(Connection c, State s) throws SQLException {
        ObjectNode o = JSON.createObjectNode();
        s.validators().forEach((k, v) -> o.putObject(k).put("etag", v.etag()).put("lastModified", v.lastModified()));
        try (PreparedStatement del = c.prepareStatement("DELETE FROM feed_state WHERE feed = ?")) {
            del.setString(1, s.feed());
            del.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO feed_state (feed, validators, last_attempt, last_success,"
                + " last_changed, last_error_kind, last_error) VALUES (?,?,?,?,?,?,?)")) {
            ps.setString(1, s.feed());
            ps.setString(2, o.toString());
            ps.setTimestamp(3, ts(s.lastAttempt()));
            ps.setTimestamp(4, ts(s.lastSuccess()));
            ps.setTimestamp(5, ts(s.lastChanged()));
            ps.setString(6, s.errorKind());
            ps.setString(7, s.error());
            ps.executeUpdate();
        }
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
