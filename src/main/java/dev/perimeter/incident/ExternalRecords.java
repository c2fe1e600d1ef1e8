package dev.perimeter.incident;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perimeter.sources.DefiLlamaFormat;
import dev.perimeter.sources.RevokeFormat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The two datasets that also come as feeds (DefiLlama's hack list, Revoke.cash's approval-exploit list): the identity of a
 * row within its dataset, its canonical content, and how rows from a feed or an import update the shipped rows.
 *
 * <p>Identity: a DefiLlama hack is its date and DefiLlama's protocol id (its normalised name when it has no id); a second
 * row with the same date and id is "#2" in list order (DefiLlama lists Merlin and Mirror twice on one day). A Revoke.cash
 * exploit is its slug. A feed row with the identity of a shipped row updates it (and keeps the shipped row's key, so
 * reviews of it still apply); a row with a new identity is added; rows never disappear (a feed that drops a row leaves the
 * last known version).
 */
public final class ExternalRecords {
    public static final String DEFILLAMA = "defillama";
    public static final String REVOKE = "revoke";
    public static final Set<String> DATASETS = Set.of(DEFILLAMA, REVOKE);
    /** Where the shipped Revoke.cash files link to, by commit (repo:path@commit → a GitHub URL). */
    static final String REVOKE_REPO = "RevokeCash/approval-exploit-list";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ExternalRecords() {}

    /**
     * A row of one of the two datasets.
     * @param id      identity within the dataset
     * @param content canonical JSON text of what was read ({@link DefiLlamaFormat#canonical}, {@link RevokeFormat#canonical})
     * @param origin  where it was read: the shipped file's source, a feed URL or an imported file name
     */
    public record Row(String dataset, String id, String content, String origin) {
        public String hash() {
            return sha256(content);
        }
    }

    public static List<Row> defiLlamaRows(List<DefiLlamaFormat.Hack> hacks, java.util.function.Function<DefiLlamaFormat.Hack, String> origin) {
        List<Row> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (DefiLlamaFormat.Hack h : hacks) {
            String base = h.date() + "|" + (h.defillamaId() != null ? "id:" + h.defillamaId() : "name:" + IncidentMerger.normalise(h.name()));
            int n = seen.merge(base, 1, Integer::sum);
            out.add(new Row(DEFILLAMA, n == 1 ? base : base + "#" + n, DefiLlamaFormat.canonical(h, JSON), origin.apply(h)));
        }
        return out;
    }

    public static List<Row> revokeRows(List<RevokeFormat.Exploit> exploits, java.util.function.Function<RevokeFormat.Exploit, String> origin) {
        List<Row> out = new ArrayList<>();
        for (RevokeFormat.Exploit x : exploits) out.add(new Row(REVOKE, x.slug(), RevokeFormat.canonical(x, JSON), origin.apply(x)));
        return out;
    }

    public static SourceRecord record(Row r, int line) {
        if (r.dataset().equals(DEFILLAMA)) {
            return DatasetReaders.defiLlama(DefiLlamaFormat.fromCanonical(r.content(), JSON), r.origin(), line);
        }
        RevokeFormat.Exploit x = RevokeFormat.fromCanonical(r.content(), JSON);
        return DatasetReaders.revoke(x, r.origin(), fileUrl(r.origin()), line);
    }

    /** The repository file a shipped exploit row names (repo:path@commit), as a link; null for feed URLs and imports. */
    static String fileUrl(String origin) {
        if (origin == null || !origin.startsWith(REVOKE_REPO + ":")) return null;
        int at = origin.lastIndexOf('@');
        if (at < 0) return null;
        return "https://github.com/" + REVOKE_REPO + "/blob/" + origin.substring(at + 1) + "/" + origin.substring(REVOKE_REPO.length() + 1, at);
    }

    /**
     * The records of one dataset: the shipped rows, each replaced by a stored feed row of the same identity (which keeps the
     * shipped row's key), then the stored rows of new identities, oldest first. Keys that repeat get "#2", "#3"…
     */
    public static List<SourceRecord> records(List<Row> shipped, Map<String, Row> stored) {
        return records(shipped, stored, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
    }

    /** The same, collecting the records that come from stored rows (not from the shipped files) in {@code fromStored}. */
    public static List<SourceRecord> records(List<Row> shipped, Map<String, Row> stored, Set<SourceRecord> fromStored) {
        List<SourceRecord> out = new ArrayList<>();
        Map<String, Integer> keys = new HashMap<>();
        int line = 1;
        java.util.Set<String> shippedIds = new java.util.HashSet<>();
        for (Row r : shipped) {
            line++;
            shippedIds.add(r.id());
            SourceRecord own = record(r, line);
            String key = unique(own.baseKey(), keys);
            Row over = stored.get(r.id());
            if (over == null) {
                out.add(own.withKey(key));
            } else {
                SourceRecord o = record(over, line).withKey(key);
                fromStored.add(o);
                out.add(o);
            }
        }
        List<Row> added = new ArrayList<>();
        for (Row r : stored.values()) if (!shippedIds.contains(r.id())) added.add(r);
        added.sort(Comparator.comparing(Row::id));
        int base = Math.max(line, 1_000_000);
        for (Row r : added) {
            SourceRecord s = record(r, ++base);
            SourceRecord keyed = s.withKey(unique(s.baseKey(), keys));
            fromStored.add(keyed);
            out.add(keyed);
        }
        return out;
    }

    private static String unique(String baseKey, Map<String, Integer> keys) {
        int n = keys.merge(baseKey, 1, Integer::sum);
        return n == 1 ? baseKey : baseKey + " #" + n;
    }

    /** What a batch of incoming rows would do to the effective rows. */
    public record Diff(List<Row> added, List<Row> updated, int unchanged) {
        public List<Row> toStore() {
            List<Row> all = new ArrayList<>(added);
            all.addAll(updated);
            return all;
        }

        public boolean changes() {
            return !added.isEmpty() || !updated.isEmpty();
        }
    }

    /**
     * Compares incoming rows of one dataset with its shipped rows overlaid by the stored ones (both keyed by identity), by
     * identity and content.
     */
    public static Diff diff(List<Row> incoming, List<Row> shipped, Map<String, Row> stored) {
        Map<String, String> effective = new LinkedHashMap<>();
        for (Row r : shipped) effective.put(r.id(), r.content());
        for (Row r : stored.values()) effective.put(r.id(), r.content());
        List<Row> added = new ArrayList<>(), updated = new ArrayList<>();
        int unchanged = 0;
        for (Row in : incoming) {
            Row r = sameHackWithoutId(in, effective.keySet());
            String have = effective.get(r.id());
            if (have == null) added.add(r);
            else if (have.equals(r.content())) unchanged++;
            else updated.add(r);
        }
        return new Diff(List.copyOf(added), List.copyOf(updated), unchanged);
    }

    /**
     * A DefiLlama row known by its id ({@code date|id:N}) that no row holds, while a row of the same date and normalised name
     * without an id does ({@code date|name:x}): the same hack, from a dump that left the ids out (the shipped 2026 dump has
     * none, DefiLlama's endpoint gives them). It takes that row's identity, so it updates the row instead of adding a second
     * record of one hack (records of one dataset never merge). Any other row is returned as it is.
     */
    static Row sameHackWithoutId(Row r, java.util.Set<String> known) {
        if (!r.dataset().equals(DEFILLAMA) || known.contains(r.id()) || !r.id().matches("\\d{4}-\\d{2}-\\d{2}\\|id:[^#]+")) return r;
        DefiLlamaFormat.Hack h = DefiLlamaFormat.fromCanonical(r.content(), JSON);
        String byName = h.date() + "|name:" + IncidentMerger.normalise(h.name());
        return known.contains(byName) ? new Row(r.dataset(), byName, r.content(), r.origin()) : r;
    }

    static String sha256(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
