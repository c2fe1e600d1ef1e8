package dev.perimeter.incident;

import dev.perimeter.util.Csv;
import dev.perimeter.util.Semester;
import dev.perimeter.util.Slugs;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Merges records of several datasets that describe the same event into one incident.
 * Rule: records of DIFFERENT datasets whose protocol names match (after normalisation) and whose dates are at most
 * {@link #WINDOW_DAYS} apart are one event. A reviewed override file corrects the cases the rule gets wrong.
 * Pure and deterministic: the same input always gives the same incidents and ids.
 */
public final class IncidentMerger {
    public static final int WINDOW_DAYS = 5;
    /** Dataset priority: the first record of a group is the primary (its date and name lead). */
    public static final List<String> PRIORITY = List.of("defihacklabs", "sok", "chronicle", "seed");

    private static final Set<String> STOPWORDS = Set.of("the", "protocol", "finance", "network", "bridge", "exchange",
            "wallet", "hack", "exploit", "s", "v1", "v2", "v3");

    public record MergeOverride(int line, String action, String key, String targetKey, String reason) {}

    public record Aliases(Map<String, String[]> byName) {
        /** protocol name -> {slug, display name} */
        public static Aliases parse(byte[] csv, String file) {
            Map<String, String[]> m = new HashMap<>();
            for (Csv.Row r : Csv.read(csv, file, List.of("name", "slug", "protocol_name", "reason"))) {
                m.put(r.get("name").toLowerCase(Locale.ROOT), new String[] {r.get("slug"), r.get("protocol_name")});
            }
            return new Aliases(Map.copyOf(m));
        }

        public static Aliases none() {
            return new Aliases(Map.of());
        }
    }

    public static List<MergeOverride> parseOverrides(byte[] csv, String file) {
        List<MergeOverride> out = new ArrayList<>();
        for (Csv.Row r : Csv.read(csv, file, List.of("action", "dataset", "date", "name", "target_dataset", "target_date",
                "target_name", "reason"))) {
            String action = r.get("action");
            if (!action.equals("merge") && !action.equals("separate")) {
                throw new Csv.CsvException(file + ": line " + r.line() + ": action must be merge or separate", null);
            }
            if (r.get("reason").isEmpty()) throw new Csv.CsvException(file + ": line " + r.line() + ": a reason is required", null);
            out.add(new MergeOverride(r.line(), action, r.get("dataset") + "|" + r.get("date") + "|" + r.get("name"),
                    r.get("target_dataset") + "|" + r.get("target_date") + "|" + r.get("target_name"), r.get("reason")));
        }
        return out;
    }

    /** "Harmony's Horizon Bridge" -> "harmonyhorizon"; used only to compare names. */
    static String normalise(String name) {
        StringBuilder sb = new StringBuilder();
        for (String w : name.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            if (!w.isEmpty() && !STOPWORDS.contains(w)) sb.append(w);
        }
        return sb.toString();
    }

    static boolean namesMatch(String a, String b) {
        String x = normalise(a), y = normalise(b);
        if (x.isEmpty() || y.isEmpty()) return false;
        if (x.equals(y)) return true;
        String shorter = x.length() <= y.length() ? x : y, longer = shorter == x ? y : x;
        return shorter.length() >= 4 && longer.startsWith(shorter);
    }

    private final VectorRules vectorRules;
    private final List<MergeOverride> overrides;
    private final Aliases aliases;

    public IncidentMerger(VectorRules vectorRules, List<MergeOverride> overrides, Aliases aliases) {
        this.vectorRules = vectorRules;
        this.overrides = List.copyOf(overrides);
        this.aliases = aliases;
    }

    public List<Incident> merge(List<SourceRecord> all) {
        List<SourceRecord> ordered = new ArrayList<>(all);
        ordered.sort(Comparator.comparingInt((SourceRecord s) -> priority(s.dataset())).thenComparingInt(SourceRecord::line));

        Map<String, SourceRecord> byKey = new HashMap<>();
        for (SourceRecord s : ordered) byKey.putIfAbsent(s.key(), s);
        Map<String, String> forcedMerge = new HashMap<>();
        Set<String> separated = new java.util.HashSet<>();
        for (MergeOverride o : overrides) {
            if (!byKey.containsKey(o.key())) throw new IllegalStateException("merge-overrides line " + o.line()
                    + ": no dataset row " + o.key().replace('|', ' '));
            if (!byKey.containsKey(o.targetKey())) throw new IllegalStateException("merge-overrides line " + o.line()
                    + ": no dataset row " + o.targetKey().replace('|', ' '));
            if (o.action().equals("merge")) forcedMerge.put(o.key(), o.targetKey());
            else {
                separated.add(o.key() + "#" + o.targetKey());
                separated.add(o.targetKey() + "#" + o.key());
            }
        }

        List<List<SourceRecord>> groups = new ArrayList<>();
        Map<String, List<SourceRecord>> groupOf = new HashMap<>();
        // Records forced into a group whose target comes later in priority order are placed after a first pass.
        List<SourceRecord> deferred = new ArrayList<>();
        for (SourceRecord s : ordered) {
            String target = forcedMerge.get(s.key());
            if (target != null) {
                List<SourceRecord> g = groupOf.get(target);
                if (g == null) {
                    deferred.add(s);
                    continue;
                }
                g.add(s);
                groupOf.put(s.key(), g);
                continue;
            }
            List<SourceRecord> best = null;
            long bestDays = Long.MAX_VALUE;
            for (List<SourceRecord> g : groups) {
                if (g.stream().anyMatch(r -> r.dataset().equals(s.dataset()))) continue;
                for (SourceRecord r : g) {
                    if (separated.contains(s.key() + "#" + r.key())) {
                        bestDays = bestDays; // explicit: never merge these two
                        continue;
                    }
                    long days = Math.abs(ChronoUnit.DAYS.between(r.date(), s.date()));
                    if (days <= WINDOW_DAYS && namesMatch(r.name(), s.name()) && days < bestDays
                            && g.stream().noneMatch(x -> separated.contains(s.key() + "#" + x.key()))) {
                        best = g;
                        bestDays = days;
                    }
                }
            }
            if (best == null) {
                best = new ArrayList<>();
                groups.add(best);
            }
            best.add(s);
            groupOf.put(s.key(), best);
        }
        for (SourceRecord s : deferred) {
            List<SourceRecord> g = groupOf.get(forcedMerge.get(s.key()));
            if (g == null) {
                g = new ArrayList<>();
                groups.add(g);
            }
            g.add(s);
            groupOf.put(s.key(), g);
        }

        groups.sort(Comparator.comparing((List<SourceRecord> g) -> g.get(0).date())
                .thenComparingInt(g -> priority(g.get(0).dataset())).thenComparingInt(g -> g.get(0).line()));
        Map<String, Integer> idCounts = new HashMap<>();
        List<Incident> out = new ArrayList<>();
        for (List<SourceRecord> g : groups) {
            out.add(build(g, idCounts, "shipped"));
        }
        return out;
    }

    static int priority(String dataset) {
        int i = PRIORITY.indexOf(dataset);
        return i < 0 ? PRIORITY.size() : i;
    }

    /** Builds one incident from records (the first leads). Also used for imported rows (one record each). */
    public Incident build(List<SourceRecord> g, Map<String, Integer> idCounts, String origin) {
        SourceRecord primary = g.get(0);
        String[] alias = aliases.byName().get(primary.name().toLowerCase(Locale.ROOT));
        String slug = alias != null ? alias[0] : Slugs.slug(primary.name());
        String protocolName = alias != null ? alias[1] : primary.name();

        String baseId = primary.date() + "-" + slug;
        int n = idCounts.merge(baseId, 1, Integer::sum);
        String id = n == 1 ? baseId : baseId + "-" + n;

        SourceRecord lossFrom = g.stream().filter(s -> s.lossUsd() != null).findFirst().orElse(primary);
        String basis = lossFrom.lossBasis();
        if (g.size() > 1 && lossFrom.lossUsd() != null) basis = basis + " (" + lossFrom.dataset() + ")";
        String lossRaw = lossFrom.lossRaw() != null ? lossFrom.lossRaw() : primary.lossRaw();

        Set<String> techniques = new LinkedHashSet<>();
        for (SourceRecord s : g) if (s.technique() != null && !s.technique().isBlank()) techniques.add(s.technique().trim());
        String technique = techniques.isEmpty() ? null : String.join("; ", techniques);

        Vector vector;
        String rule;
        var override = vectorRules.overrideFor(g);
        var explicit = g.stream().filter(s -> s.vector() != null).findFirst();
        if (override.isPresent()) {
            vector = override.get().vector();
            rule = "override:" + override.get().reason();
        } else if (explicit.isPresent()) {
            vector = explicit.get().vector();
            rule = "source:" + explicit.get().dataset();
        } else {
            VectorRules.Result res = new VectorRules.Result(Vector.OTHER, VectorRules.FALLBACK_RULE);
            for (SourceRecord s : g) {
                res = vectorRules.classify(s.technique());
                if (!res.rule().equals(VectorRules.FALLBACK_RULE)) break;
            }
            vector = res.vector();
            rule = res.rule();
        }

        var attributed = g.stream().filter(s -> s.attribution() != null).findFirst();
        BigDecimal returned = g.stream().map(SourceRecord::fundsReturnedUsd).filter(java.util.Objects::nonNull).findFirst().orElse(null);
        boolean verified = g.stream().anyMatch(SourceRecord::verified);

        Set<String> chains = new LinkedHashSet<>();
        for (SourceRecord s : g) chains.addAll(s.chains());
        Map<String, ContractRef> contracts = new LinkedHashMap<>();
        for (SourceRecord s : g) for (ContractRef c : s.contracts()) contracts.putIfAbsent(c.chain() + c.address() + c.role(), c);

        Incident draft = new Incident(id, primary.date(), Semester.of(primary.date()).toString(), slug, protocolName,
                truncate(primary.title(), 500), lossFrom.lossUsd(), truncate(lossRaw, 2000), basis, vector, truncate(rule, 200),
                truncate(technique, 2000), attributed.map(SourceRecord::attribution).orElse(null),
                attributed.map(SourceRecord::attributionSource).orElse(null), returned, verified, origin,
                List.copyOf(chains), List.copyOf(g), List.copyOf(contracts.values()), "");
        return withHash(draft);
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    static Incident withHash(Incident i) {
        // The id is left out: the same content under another id (a re-import) is recognised as unchanged.
        String canonical = String.join("\u0001", String.valueOf(i.date()), i.protocolSlug(), i.protocolName(), i.title(),
                String.valueOf(i.lossUsd()), String.valueOf(i.lossRaw()), String.valueOf(i.lossBasis()), i.vector().code,
                i.vectorRule(), String.valueOf(i.technique()), String.valueOf(i.attribution()),
                String.valueOf(i.attributionSource()), String.valueOf(i.fundsReturnedUsd()), String.valueOf(i.verified()),
                String.join(";", i.chains()),
                i.sources().stream().map(r -> r.dataset() + "|" + r.date() + "|" + r.name() + "|" + r.lossRaw() + "|" + r.urls()
                        + "|" + r.verified()).toList().toString(), i.contracts().toString());
        try {
            String h = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
            return new Incident(i.id(), i.date(), i.semester(), i.protocolSlug(), i.protocolName(), i.title(), i.lossUsd(),
                    i.lossRaw(), i.lossBasis(), i.vector(), i.vectorRule(), i.technique(), i.attribution(),
                    i.attributionSource(), i.fundsReturnedUsd(), i.verified(), i.origin(), i.chains(), i.sources(),
                    i.contracts(), h);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
