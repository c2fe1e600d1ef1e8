package dev.perimeter.incident;

import dev.perimeter.util.Csv;
import dev.perimeter.util.Semester;
import dev.perimeter.util.Slugs;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Turns dataset records into incidents: one event, one incident (issue 12).
 *
 * <p>Merge rules, strongest first (a pair is merged by the first rule that holds):
 * <ol>
 *   <li>{@code reviewed} / {@code override}: the records a verified review lists (reviews.csv), or a merge override
 *       (merge-overrides.csv), are one event whatever their dates and names.</li>
 *   <li>{@code same-attack-tx}: the records name the same attack transaction hash, are at most {@value #TX_WINDOW_DAYS}
 *       days apart and not on different chains — across datasets and within one.</li>
 *   <li>{@code same-vulnerable-contract}: a contract one record names as vulnerable (or exploited: Revoke.cash's contracts
 *       users approved) is named vulnerable, exploited or victim by the other (same chain and address), at most
 *       {@value #CONTRACT_WINDOW_DAYS} days apart — unless both name attack transactions and none is shared (then they are
 *       separate attacks on one contract).</li>
 *   <li>{@code same-name}: names equal after splitting CamelCase, lowercasing and removing spacing, punctuation, years and
 *       words like Finance, Protocol, Network (short names too), at most {@value #NAME_WINDOW_DAYS} days apart, in
 *       different datasets. Names alone never merge two records of one dataset: the SoK list, for one, has two THORChain
 *       rows on one day with different losses.</li>
 *   <li>{@code name-prefix}: in different datasets, one normalised name starts with the other (at least 4 characters),
 *       at most {@value #NAME_WINDOW_DAYS} days apart.</li>
 *   <li>{@code same-date-chain-loss}: in different datasets, at most {@value #LOSS_WINDOW_DAYS} day apart, on a shared
 *       known chain, both stating a USD loss of $100K or more within 1% of each other (DefiLlama's "Ooki" and Revoke.cash's
 *       "bZx Hack", one $55M key theft on BSC and Polygon).</li>
 *   <li>{@code same-source-url}: in different datasets, at most {@value #URL_WINDOW_DAYS} days apart, not on different
 *       chains, both cite the same post (an alert on X by its status id, or a post-mortem page: {@link SourceUrls}) and their
 *       names share something ({@link #namesRelated}: similar names, a word of 4+ letters inside a word of the other, or one
 *       protocol by protocol-aliases.csv). Left apart, as a near-miss of this rule: a post one dataset cites for two of its rows (a
 *       round-up or a post-mortem of two attacks), names that share nothing, stated losses over {@link #CONFLICT_FACTOR}×
 *       apart, different chains.</li>
 *   <li>{@code loss-and-name-within-10-days}: in different datasets, at most {@value #LOSS_NAME_WINDOW_DAYS} days apart, not
 *       on different chains, both stating a USD loss of $100K or more within 5% of each other, under related names
 *       ({@link #namesRelated}) — a dataset that dates an event by its evidence post a week later (the SoK's "Anyswap" and
 *       DefiLlama's "Multichain", one $7.9M router exploit). Left apart, as a near-miss of this rule: the same pair in one
 *       dataset, or on different chains.</li>
 * </ol>
 * Name and loss rules never put two records of one dataset into one incident, and the closest dates are joined first. Records
 * of different reviews, or that a "separate" override names, are never merged. Pairs on the same chain (or with an
 * unknown chain), at most {@value #NEAR_MISS_DAYS} days apart with similar names or a rejected rule, that stay apart are
 * reported as near-misses with the reason. Pure and deterministic.
 */
public final class IncidentMerger {
    public static final int NAME_WINDOW_DAYS = 5;
    public static final int CONTRACT_WINDOW_DAYS = 10;
    public static final int TX_WINDOW_DAYS = 10;
    public static final int NEAR_MISS_DAYS = 10;
    public static final int LOSS_WINDOW_DAYS = 1;
    public static final int URL_WINDOW_DAYS = 10;
    public static final int LOSS_NAME_WINDOW_DAYS = 10;
    /** Two stated losses within this share of the larger are "the same loss" for {@code loss-and-name-within-10-days}. */
    static final BigDecimal LOSS_NAME_TOLERANCE = new BigDecimal("0.05");
    /** The merge rules, strongest first, as merge-report.csv names them. */
    public static final List<String> RULES = List.of("reviewed", "override", "same-attack-tx", "same-vulnerable-contract",
            "same-name", "name-prefix", "same-date-chain-loss", "same-source-url", "loss-and-name-within-10-days");
    static final BigDecimal MIN_LOSS_FOR_RULE = new BigDecimal("100000");
    /** Dataset priority: the first record of a group is the primary (its date and name lead, its id is kept). */
    public static final List<String> PRIORITY = List.of("defihacklabs", "sok", "chronicle", "seed", "defillama", "revoke");
    /** A disagreement between two USD figures of one incident larger than this factor is a conflict. */
    public static final BigDecimal CONFLICT_FACTOR = BigDecimal.TEN;

    private static final Set<String> STOPWORDS = Set.of("the", "protocol", "finance", "network", "bridge", "exchange",
            "wallet", "hack", "exploit", "s", "v1", "v2", "v3", "io", "labs", "token", "dao");

    public record MergeOverride(int line, String action, String key, String targetKey, String reason) {}

    /** One line of merge-report.csv: a merge with the rule that made it, or a near-miss left apart with the reason. */
    public record ReportRow(String kind, String rule, String incident, String otherIncident, String recordA, String recordB,
                            long days, String detail) {
        public static final List<String> HEADER = List.of("kind", "rule", "incident", "other_incident", "record_a", "record_b",
                "days_apart", "detail");
    }

    public record Result(List<Incident> incidents, List<ReportRow> report) {}

    /** The protocol a dataset's name stands for: its slug and the name pages show. */
    public record Alias(String slug, String protocolName) {}

    /** @param byName a dataset's name (lowercase) → the protocol it stands for */
    public record Aliases(Map<String, Alias> byName) {
        public static Aliases parse(byte[] csv, String file) {
            Map<String, Alias> m = new HashMap<>();
            for (Csv.Row r : Csv.read(csv, file, List.of("name", "slug", "protocol_name", "reason"))) {
                m.put(r.get("name").toLowerCase(Locale.ROOT), new Alias(r.get("slug"), r.get("protocol_name")));
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

    /** "Harmony's Horizon Bridge" -> "harmonyhorizon", "2024 LI.FI Hack" -> "lifi"; used only to compare names. */
    static String normalise(String name) {
        StringBuilder sb = new StringBuilder();
        // CamelCase words are words too ("RoeFinance" is "Roe Finance", "GYMNetwork" is "GYM Network").
        String spaced = CAMEL.matcher(name).replaceAll(" ");
        for (String w : NOT_A_WORD.split(spaced.toLowerCase(Locale.ROOT))) {
            if (!w.isEmpty() && !STOPWORDS.contains(w) && !YEAR.matcher(w).matches()) sb.append(w);
        }
        return sb.toString();
    }

    /** A year in a name ("2024 LI.FI Hack", "2023 Multichain Hack") says when, not who. */
    private static final java.util.regex.Pattern YEAR = java.util.regex.Pattern.compile("(19|20)\\d\\d");
    private static final java.util.regex.Pattern NOT_A_WORD = java.util.regex.Pattern.compile("[^a-z0-9]+");
    private static final java.util.regex.Pattern CAMEL = java.util.regex.Pattern.compile("(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])");

    static boolean namesEqual(String a, String b) {
        return equalNormalised(normalise(a), normalise(b));
    }

    private static boolean equalNormalised(String x, String y) {
        return !x.isEmpty() && x.equals(y);
    }

    static boolean namePrefix(String a, String b) {
        return prefixNormalised(normalise(a), normalise(b));
    }

    private static boolean prefixNormalised(String x, String y) {
        if (x.isEmpty() || y.isEmpty() || x.equals(y)) return false;
        String shorter = x.length() <= y.length() ? x : y, longer = shorter == x ? y : x;
        return shorter.length() >= 4 && longer.startsWith(shorter);
    }

    /** Names that look alike without matching a merge rule: one contains the other, or they differ by ≤ 2 edits. */
    static boolean namesSimilar(String a, String b) {
        return similarNormalised(normalise(a), normalise(b));
    }

    private static boolean similarNormalised(String x, String y) {
        if (x.length() < 3 || y.length() < 3) return false;
        if (x.contains(y) || y.contains(x)) return true;
        return Math.min(x.length(), y.length()) >= 5 && editDistance(x, y) <= 2;
    }

    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private final VectorRules vectorRules;
    private final List<MergeOverride> overrides;
    private final Aliases aliases;
    private final Reviews reviews;
    private final Set<String> loadedDatasets;

    /** A merger without reviews, for imports and tests. */
    public IncidentMerger(VectorRules vectorRules, List<MergeOverride> overrides, Aliases aliases) {
        this(vectorRules, overrides, aliases, Reviews.none(), Set.copyOf(PRIORITY));
    }

    /** @param loadedDatasets the datasets whose records are passed to {@link #merge}: review records of others are pending */
    public IncidentMerger(VectorRules vectorRules, List<MergeOverride> overrides, Aliases aliases, Reviews reviews,
                          Collection<String> loadedDatasets) {
        this.vectorRules = vectorRules;
        this.overrides = List.copyOf(overrides);
        this.aliases = aliases;
        this.reviews = reviews;
        this.loadedDatasets = Set.copyOf(loadedDatasets);
    }

    public Reviews reviews() {
        return reviews;
    }

    public Set<String> loadedDatasets() {
        return loadedDatasets;
    }

    /**
     * References in the override and review files that point nowhere: a record of a loaded dataset that does not exist.
     * Review records of a dataset that is not loaded are not problems (they are pending).
     */
    public List<String> danglingReferences(List<SourceRecord> all) {
        Set<String> keys = new HashSet<>();
        for (SourceRecord s : all) keys.add(s.key());
        List<String> out = new ArrayList<>();
        for (MergeOverride o : overrides) {
            for (String k : List.of(o.key(), o.targetKey())) {
                if (!keys.contains(k)) out.add(ShippedIncidents.MERGE_OVERRIDES + ": line " + o.line() + ": no dataset row " + k.replace('|', ' '));
            }
        }
        for (Reviews.Review r : reviews.all()) {
            for (String k : r.records()) {
                String dataset = k.substring(0, k.indexOf('|'));
                if (loadedDatasets.contains(dataset) && !keys.contains(k)) {
                    out.add(Reviews.FILE + ": line " + r.line() + ": no dataset row " + k.replace('|', ' '));
                }
            }
        }
        return out;
    }

    public List<Incident> merge(List<SourceRecord> all) {
        return mergeWithReport(all).incidents();
    }

    private record Edge(int a, int b, int strength, String rule, long days, String detail) {}

    /**
     * What the pair rules read of each record, worked out once per record and merge instead of once per pair compared:
     * its normalised name and the posts it cites.
     */
    private static final class PerRecord {
        private final Map<String, String> names = new HashMap<>();
        private final Map<SourceRecord, Set<String>> posts = new java.util.IdentityHashMap<>();

        String name(String name) {
            return names.computeIfAbsent(name, IncidentMerger::normalise);
        }

        Set<String> posts(SourceRecord r) {
            return posts.computeIfAbsent(r, SourceUrls::of);
        }
    }

    /** A pair left apart; {@code rule} names the rule that considered and refused it ("" for similar names alone). */
    private record NearMiss(int a, int b, long days, String rule, String reason) {}

    public Result mergeWithReport(List<SourceRecord> all) {
        List<String> dangling = danglingReferences(all);
        if (!dangling.isEmpty()) throw new IllegalStateException(dangling.get(0));
        List<SourceRecord> ordered = new ArrayList<>(all);
        ordered.sort(Comparator.comparingInt((SourceRecord s) -> priority(s.dataset())).thenComparing(SourceRecord::dataset)
                .thenComparingInt(SourceRecord::line));
        int n = ordered.size();
        Map<String, Integer> byKey = new HashMap<>();
        for (int i = 0; i < n; i++) byKey.putIfAbsent(ordered.get(i).key(), i);

        // Which review names each record; explicit separations.
        int[] reviewOf = new int[n];
        for (int i = 0; i < n; i++) reviewOf[i] = reviews.forRecord(ordered.get(i).key()).map(Reviews.Review::line).orElse(-1);
        Map<Long, String> separated = new HashMap<>();
        List<Edge> edges = new ArrayList<>();
        for (MergeOverride o : overrides) {
            int a = byKey.get(o.key()), b = byKey.get(o.targetKey());
            if (o.action().equals("merge")) edges.add(new Edge(a, b, 0, "override", days(ordered, a, b), o.reason()));
            else {
                separated.put(pair(a, b), "separate override (" + ShippedIncidents.MERGE_OVERRIDES + " line " + o.line() + "): " + o.reason());
            }
        }
        // A post one dataset cites for two of its rows covers more than one event: it never merges anything. A link one
        // dataset gives for three rows or more is no post at all (the dataset's own file, an index page): not compared.
        Set<String> postOfSeveralRows = new HashSet<>(), notAPost = new HashSet<>();
        Map<String, Integer> citing = new HashMap<>();
        PerRecord per = new PerRecord();
        for (SourceRecord r : ordered) {
            for (String u : per.posts(r)) {
                int times = citing.merge(r.dataset() + "\u0000" + u, 1, Integer::sum);
                if (times == 2) postOfSeveralRows.add(u);
                if (times == 3) notAPost.add(u);
            }
        }
        for (Reviews.Review r : reviews.all()) {
            if (!r.verified()) continue;
            List<Integer> members = r.records().stream().map(byKey::get).filter(Objects::nonNull).toList();
            for (int k = 1; k < members.size(); k++) {
                edges.add(new Edge(members.get(0), members.get(k), 0, "reviewed", days(ordered, members.get(0), members.get(k)),
                        "reviews.csv line " + r.line() + " lists both records (" + r.eventName() + ")"));
            }
        }

        // Automatic rules over pairs at most NEAR_MISS_DAYS apart.
        List<NearMiss> nearMisses = new ArrayList<>();
        Integer[] byDate = new Integer[n];
        for (int i = 0; i < n; i++) byDate[i] = i;
        java.util.Arrays.sort(byDate, Comparator.comparing((Integer i) -> ordered.get(i).date()).thenComparingInt(i -> i));
        for (int x = 0; x < n; x++) {
            for (int y = x + 1; y < n; y++) {
                int i = byDate[x], j = byDate[y];
                long d = days(ordered, i, j);
                if (d > NEAR_MISS_DAYS) break;
                int a = Math.min(i, j), b = Math.max(i, j);
                candidate(ordered.get(a), ordered.get(b), a, b, d, postOfSeveralRows, notAPost, per, edges, nearMisses);
            }
        }
        edges.sort(Comparator.comparingInt(Edge::strength).thenComparingLong(Edge::days).thenComparingInt(Edge::a)
                .thenComparingInt(Edge::b));

        int[] parent = new int[n];
        Map<Integer, List<Integer>> members = new HashMap<>();
        for (int i = 0; i < n; i++) {
            parent[i] = i;
            members.put(i, new ArrayList<>(List.of(i)));
        }
        List<Edge> joined = new ArrayList<>();
        for (Edge e : edges) {
            int ra = find(parent, e.a()), rb = find(parent, e.b());
            if (ra == rb) continue;
            List<Integer> ga = members.get(ra), gb = members.get(rb);
            String blocked = blocked(ordered, ga, gb, reviewOf, separated, e);
            if (blocked != null) {
                nearMisses.add(new NearMiss(e.a(), e.b(), e.days(), e.rule(), "rule " + e.rule() + " would merge them, kept apart: " + blocked));
                continue;
            }
            parent[rb] = ra;
            ga.addAll(gb);
            members.remove(rb);
            joined.add(e);
        }

        List<List<SourceRecord>> groups = new ArrayList<>();
        Map<Integer, List<SourceRecord>> groupOfRoot = new HashMap<>();
        for (int i = 0; i < n; i++) {
            int r = find(parent, i);
            groupOfRoot.computeIfAbsent(r, k -> {
                List<SourceRecord> g = new ArrayList<>();
                groups.add(g);
                return g;
            }).add(ordered.get(i));
        }
        for (List<SourceRecord> g : groups) {
            g.sort(Comparator.comparingInt((SourceRecord s) -> priority(s.dataset())).thenComparing(SourceRecord::dataset)
                    .thenComparingInt(SourceRecord::line));
        }
        groups.sort(Comparator.comparing((List<SourceRecord> g) -> g.get(0).date())
                .thenComparingInt(g -> priority(g.get(0).dataset())).thenComparingInt(g -> g.get(0).line()));
        Map<String, Integer> idCounts = new HashMap<>();
        List<Incident> out = new ArrayList<>();
        Map<SourceRecord, String> incidentOf = new java.util.IdentityHashMap<>();
        for (List<SourceRecord> g : groups) {
            Incident inc = build(g, idCounts, "shipped");
            out.add(inc);
            for (SourceRecord s : g) incidentOf.put(s, inc.id());
        }

        List<ReportRow> report = new ArrayList<>();
        for (Edge e : joined) {
            SourceRecord a = ordered.get(e.a()), b = ordered.get(e.b());
            report.add(new ReportRow("merged", e.rule(), incidentOf.get(a), "", a.key(), b.key(), e.days(), e.detail()));
        }
        Set<Long> reported = new HashSet<>();
        nearMisses.sort(Comparator.comparingInt(NearMiss::a).thenComparingInt(NearMiss::b));
        for (NearMiss m : nearMisses) {
            if (find(parent, m.a()) == find(parent, m.b()) || !reported.add(pair(m.a(), m.b()))) continue;
            SourceRecord a = ordered.get(m.a()), b = ordered.get(m.b());
            // A pair a reviewer kept apart says so, whether or not a rule would have joined it.
            String sep = separated.get(pair(m.a(), m.b()));
            String reason = sep == null || m.reason().contains(sep) ? m.reason() : sep + " [automatic: " + m.reason() + "]";
            report.add(new ReportRow("near_miss", m.rule(), incidentOf.get(a), incidentOf.get(b), a.key(), b.key(), m.days(), reason));
        }
        // Every reviewed separation is shown, also of pairs no rule looks at (further apart, or names that share nothing).
        for (MergeOverride o : overrides) {
            if (o.action().equals("merge")) continue;
            int x = byKey.get(o.key()), y = byKey.get(o.targetKey());
            if (find(parent, x) == find(parent, y) || !reported.add(pair(x, y))) continue;
            SourceRecord a = ordered.get(Math.min(x, y)), b = ordered.get(Math.max(x, y));
            report.add(new ReportRow("separate", "override", incidentOf.get(a), incidentOf.get(b), a.key(), b.key(),
                    days(ordered, x, y), separated.get(pair(x, y))));
        }
        report.sort(Comparator.comparing(ReportRow::kind).thenComparing(ReportRow::incident).thenComparing(ReportRow::recordA)
                .thenComparing(ReportRow::recordB));
        return new Result(out, List.copyOf(report));
    }

    /** Adds the automatic merge edge the pair qualifies for, or a near-miss with the reasons it does not. */
    private void candidate(SourceRecord a, SourceRecord b, int ia, int ib, long d, Set<String> postOfSeveralRows,
                           Set<String> notAPost, PerRecord per, List<Edge> edges, List<NearMiss> misses) {
        boolean chainsKnown = !a.chains().isEmpty() && !b.chains().isEmpty();
        boolean chainsMeet = !chainsKnown || a.chains().stream().anyMatch(b.chains()::contains);
        boolean sameDataset = a.dataset().equals(b.dataset());
        List<String> whyNot = new ArrayList<>();

        Set<String> tx = new LinkedHashSet<>(a.txHashes());
        tx.retainAll(b.txHashes());
        if (!tx.isEmpty()) {
            String h = tx.iterator().next();
            if (d <= TX_WINDOW_DAYS && chainsMeet) {
                edges.add(new Edge(ia, ib, 1, "same-attack-tx", d, "both name attack tx " + h));
                return;
            }
            whyNot.add("both name attack tx " + h.substring(0, 10) + "… but on different chains (" + String.join(";", a.chains())
                    + " vs " + String.join(";", b.chains()) + "): a PoC header copied from another incident?");
        }

        Optional<ContractRef> shared = sharedVulnerable(a, b);
        if (shared.isPresent() && d <= CONTRACT_WINDOW_DAYS) {
            ContractRef c = shared.get();
            if (a.txHashes().isEmpty() || b.txHashes().isEmpty()) {
                edges.add(new Edge(ia, ib, 2, "same-vulnerable-contract", d, "both name " + c.chain() + ":" + c.address()));
                return;
            }
            whyNot.add("same vulnerable contract " + c.chain() + ":" + c.address()
                    + " but different attack transactions: separate attacks on one contract?");
        }

        String na = per.name(a.name()), nb = per.name(b.name());
        if (equalNormalised(na, nb)) {
            if (!sameDataset && d <= NAME_WINDOW_DAYS) {
                edges.add(new Edge(ia, ib, 3, "same-name", d, "'" + a.name() + "' = '" + b.name() + "' (normalised '" + na + "')"));
                return;
            }
            whyNot.add(sameDataset ? "same name listed twice in " + a.dataset() + (d == 0 ? " on one day" : ", " + daysText(d) + " apart")
                    + lossesOf(a, b) + ": names alone never merge records of one dataset"
                    : "same name but " + daysText(d) + " apart (the name rule allows " + NAME_WINDOW_DAYS + ")");
        } else if (prefixNormalised(na, nb)) {
            if (!sameDataset && d <= NAME_WINDOW_DAYS) {
                edges.add(new Edge(ia, ib, 4, "name-prefix", d, "'" + na + "' / '" + nb + "'"));
                return;
            }
            whyNot.add("one name starts with the other, " + daysText(d) + " apart" + (sameDataset ? ", one dataset" : ""));
        } else if (similarNormalised(na, nb)) {
            whyNot.add("similar names '" + a.name() + "' / '" + b.name() + "', " + daysText(d) + " apart: no rule merges them");
        }
        if (!sameDataset && chainsKnown && chainsMeet && d <= LOSS_WINDOW_DAYS && sameLoss(a, b)) {
            edges.add(new Edge(ia, ib, 5, "same-date-chain-loss", d, "both state " + dev.perimeter.util.Usd.approx(a.lossUsd())
                    + " on " + String.join(";", sharedChains(a, b)) + ", " + daysText(d) + " apart"));
            return;
        }
        // same-source-url: one post (alert or post-mortem) cited by two datasets.
        String urlRefused = null;
        List<String> posts = SourceUrls.shared(per.posts(a), per.posts(b)).stream().filter(u -> !notAPost.contains(u)).toList();
        if (!posts.isEmpty()) {
            String post = posts.stream().filter(u -> !postOfSeveralRows.contains(u)).findFirst().orElse(null);
            String cited = "both cite " + SourceUrls.display(post != null ? post : posts.get(0));
            if (sameDataset) urlRefused = cited + ", in one dataset (" + a.dataset() + " lists them as two events)";
            else if (post == null) urlRefused = cited + ", a post one dataset cites for two of its rows (a round-up or two attacks)";
            else if (d > URL_WINDOW_DAYS) urlRefused = cited + " but " + daysText(d) + " apart";
            else if (!chainsMeet) urlRefused = cited + " but on different chains (" + String.join(";", a.chains()) + " vs "
                    + String.join(";", b.chains()) + ")";
            else if (!namesRelated(a.name(), b.name())) urlRefused = cited + " but the names '" + a.name() + "' / '" + b.name()
                    + "' share nothing";
            else if (!conflicts(List.of(a), b.lossUsd()).isEmpty()) urlRefused = cited + " but their losses are over "
                    + CONFLICT_FACTOR + "× apart" + lossesOf(a, b);
            else {
                edges.add(new Edge(ia, ib, 6, "same-source-url", d, cited + "; names '" + a.name() + "' / '" + b.name() + "', "
                        + daysText(d) + " apart"));
                return;
            }
            whyNot.add("same-source-url: " + urlRefused);
        }
        // loss-and-name-within-10-days: the same stated loss under related names, up to ten days apart.
        String lossNameRefused = null;
        if (d <= LOSS_NAME_WINDOW_DAYS && lossWithin(a, b, LOSS_NAME_TOLERANCE) && namesRelated(a.name(), b.name())) {
            String what = "both state " + dev.perimeter.util.Usd.approx(a.lossUsd()) + " and " + dev.perimeter.util.Usd.approx(b.lossUsd())
                    + " under related names '" + a.name() + "' / '" + b.name() + "', " + daysText(d) + " apart";
            if (sameDataset) lossNameRefused = what + ", in one dataset (" + a.dataset() + " lists them as two events)";
            else if (!chainsMeet) lossNameRefused = what + ", on different chains (" + String.join(";", a.chains()) + " vs "
                    + String.join(";", b.chains()) + ")";
            else {
                edges.add(new Edge(ia, ib, 7, "loss-and-name-within-10-days", d, what + (chainsKnown ? "" : " (chain unknown)")));
                return;
            }
            whyNot.add("loss-and-name-within-10-days: " + lossNameRefused);
        }
        String rule = urlRefused != null ? "same-source-url" : lossNameRefused != null ? "loss-and-name-within-10-days" : "";
        if (!whyNot.isEmpty() && (chainsMeet || !tx.isEmpty() || !rule.isEmpty())) {
            misses.add(new NearMiss(ia, ib, d, rule, String.join("; ", whyNot) + (chainsKnown ? "" : " (chain unknown)")));
        }
    }

    /**
     * Names that plausibly name one protocol: equal or one the start of the other after normalising, similar
     * ({@link #namesSimilar}), a word of 4+ letters of one inside a word of the other ("MIMSpell" / "Abracadabra Spell",
     * "XSURGE" / "SurgeBNB", "StarsArena" / "Arena SocialFi"), or one protocol by protocol-aliases.csv ("Anyswap" /
     * "Multichain").
     */
    boolean namesRelated(String a, String b) {
        if (namesEqual(a, b) || namePrefix(a, b) || namesSimilar(a, b)) return true;
        for (String x : words(a)) {
            for (String y : words(b)) {
                if (Math.min(x.length(), y.length()) >= 4 && (x.contains(y) || y.contains(x))) return true;
            }
        }
        String sa = aliasSlug(a), sb = aliasSlug(b);
        return (sa != null || sb != null) && (sa != null ? sa : Slugs.slug(a)).equals(sb != null ? sb : Slugs.slug(b));
    }

    private String aliasSlug(String name) {
        Alias alias = aliases.byName().get(name.toLowerCase(Locale.ROOT));
        return alias == null ? null : alias.slug();
    }

    /** The words of a name as {@link #normalise} sees them: CamelCase split, lowercase, without stopwords and years. */
    static List<String> words(String name) {
        List<String> out = new ArrayList<>();
        for (String w : NOT_A_WORD.split(CAMEL.matcher(name).replaceAll(" ").toLowerCase(Locale.ROOT))) {
            if (!w.isEmpty() && !STOPWORDS.contains(w) && !YEAR.matcher(w).matches()) out.add(w);
        }
        return out;
    }

    /** Both records state a USD loss of at least $100K, the two within {@code tolerance} of the larger. */
    static boolean lossWithin(SourceRecord a, SourceRecord b, BigDecimal tolerance) {
        if (a.lossUsd() == null || b.lossUsd() == null) return false;
        if (a.lossUsd().compareTo(MIN_LOSS_FOR_RULE) < 0 || b.lossUsd().compareTo(MIN_LOSS_FOR_RULE) < 0) return false;
        BigDecimal diff = a.lossUsd().subtract(b.lossUsd()).abs();
        return diff.compareTo(a.lossUsd().max(b.lossUsd()).multiply(tolerance)) <= 0;
    }

    /** Both records state a USD loss of at least $100K, and the two are within 1% of each other. */
    static boolean sameLoss(SourceRecord a, SourceRecord b) {
        if (a.lossUsd() == null || b.lossUsd() == null || a.lossUsd().compareTo(MIN_LOSS_FOR_RULE) < 0) return false;
        // Only figures the sources state: a loss Perimeter priced from token amounts merges nothing.
        if (LossPricing.converted(a.lossBasis()) || LossPricing.converted(b.lossBasis())) return false;
        BigDecimal diff = a.lossUsd().subtract(b.lossUsd()).abs();
        return diff.compareTo(a.lossUsd().max(b.lossUsd()).movePointLeft(2)) <= 0;
    }

    private static List<String> sharedChains(SourceRecord a, SourceRecord b) {
        return a.chains().stream().filter(b.chains()::contains).filter(c -> !c.equals("other")).toList();
    }

    private static String daysText(long d) {
        return d == 1 ? "1 day" : d + " days";
    }

    private static String lossesOf(SourceRecord a, SourceRecord b) {
        if (a.lossRaw() == null || b.lossRaw() == null) return "";
        return " with losses '" + a.lossRaw() + "' and '" + b.lossRaw() + "'";
    }

    /** A contract one record names as vulnerable (or exploited: the contract users approved) and the other as affected too. */
    private static Optional<ContractRef> sharedVulnerable(SourceRecord a, SourceRecord b) {
        for (ContractRef x : a.contracts()) {
            if (!Incident.AFFECTED_ROLES.contains(x.role())) continue;
            for (ContractRef y : b.contracts()) {
                if (!Incident.AFFECTED_ROLES.contains(y.role())) continue;
                if (!x.chain().equals(y.chain()) || !x.address().equals(y.address())) continue;
                if (atFault(x.role()) || atFault(y.role())) return Optional.of(x);
            }
        }
        return Optional.empty();
    }

    private static boolean atFault(String role) {
        return role.equals("vulnerable") || role.equals("exploited");
    }

    /** Why two groups must stay apart, or null. */
    private static String blocked(List<SourceRecord> ordered, List<Integer> ga, List<Integer> gb, int[] reviewOf,
                                  Map<Long, String> separated, Edge e) {
        for (int x : ga) {
            for (int y : gb) {
                String s = separated.get(pair(x, y));
                if (s != null) return s;
                if (reviewOf[x] >= 0 && reviewOf[y] >= 0 && reviewOf[x] != reviewOf[y]) {
                    return "reviews.csv lines " + reviewOf[x] + " and " + reviewOf[y] + " review them as different events";
                }
            }
        }
        if (e.strength() >= 3) { // name, shared-post and loss rules
            for (int x : ga) {
                for (int y : gb) {
                    if (ordered.get(x).dataset().equals(ordered.get(y).dataset())) {
                        return "each already holds a " + ordered.get(x).dataset() + " record (a name or loss rule never joins two)";
                    }
                }
            }
        }
        return null;
    }

    private static long pair(int a, int b) {
        return ((long) Math.min(a, b) << 32) | Math.max(a, b);
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static long days(List<SourceRecord> l, int a, int b) {
        return Math.abs(ChronoUnit.DAYS.between(l.get(a).date(), l.get(b).date()));
    }

    static int priority(String dataset) {
        int i = PRIORITY.indexOf(dataset);
        return i < 0 ? PRIORITY.size() : i;
    }

    /**
     * Every USD figure of the records that differs from {@code lead} by more than {@link #CONFLICT_FACTOR} times, in
     * record order. Empty when the figures agree (or there is nothing to compare).
     */
    public static List<LossFigure> conflicts(List<SourceRecord> records, BigDecimal lead) {
        List<LossFigure> out = new ArrayList<>();
        if (lead == null || lead.signum() <= 0) return out;
        for (SourceRecord s : records) {
            for (LossFigure f : s.figures()) {
                if (f.usd() == null) continue;
                BigDecimal hi = f.usd().max(lead), lo = f.usd().min(lead);
                if (lo.signum() <= 0 || hi.compareTo(lo.multiply(CONFLICT_FACTOR)) > 0) out.add(f);
            }
        }
        return out;
    }

    /** Builds one incident from records (the first leads). Also used for imported rows (one record each). */
    public Incident build(List<SourceRecord> g, Map<String, Integer> idCounts, String origin) {
        SourceRecord primary = g.get(0);
        Alias alias = aliases.byName().get(primary.name().toLowerCase(Locale.ROOT));
        String slug = alias != null ? alias.slug() : Slugs.slug(primary.name());
        String protocolName = alias != null ? alias.protocolName() : primary.name();

        String baseId = primary.date() + "-" + slug;
        int count = idCounts.merge(baseId, 1, Integer::sum);
        String id = count == 1 ? baseId : baseId + "-" + count;

        Optional<Reviews.Review> anyReview = g.stream().map(s -> reviews.forRecord(s.key())).flatMap(Optional::stream).findFirst();
        Reviews.Review review = anyReview.filter(Reviews.Review::verified).orElse(null);
        Reviews.Review unverified = anyReview.filter(r -> !r.verified()).orElse(null);

        // ---- loss: a verified review decides; else the first stated USD figure, unless another figure conflicts.
        // A figure a source states in dollars leads over one Perimeter priced from token amounts (LossPricing).
        SourceRecord lossFrom = g.stream().filter(s -> s.lossUsd() != null && !LossPricing.converted(s.lossBasis())).findFirst()
                .or(() -> g.stream().filter(s -> s.lossUsd() != null).findFirst()).orElse(primary);
        String lossRaw = lossFrom.lossRaw() != null ? lossFrom.lossRaw() : primary.lossRaw();
        BigDecimal lossUsd;
        String basis;
        String lossNote = null;
        List<LossFigure> conflicting = conflicts(g, lossFrom.lossUsd());
        if (review != null) {
            lossUsd = review.lossUsd();
            basis = lossUsd != null ? "reviewed_usd" : "unknown:reviewed_no_usd";
            lossNote = (review.lossNote().isEmpty() ? "" : review.lossNote() + " ") + "(reviewed: " + review.firstSource() + ")";
            if (!conflicting.isEmpty()) lossNote += " The datasets' figures disagreed over " + CONFLICT_FACTOR + "×: "
                    + describe(figures(g)) + ".";
        } else if (!conflicting.isEmpty()) {
            lossUsd = null;
            basis = "unknown:conflicting_sources";
            lossNote = "conflicting sources: " + describe(figures(g)) + " differ more than " + CONFLICT_FACTOR
                    + "× and no review settles it";
        } else {
            lossUsd = lossFrom.lossUsd();
            basis = lossFrom.lossBasis();
            lossNote = LossPricing.noteOf(lossFrom);
            if (g.size() > 1 && lossUsd != null) basis = basis + " (" + lossFrom.dataset() + ")";
        }
        if (lossUsd != null) lossUsd = lossUsd.setScale(2, RoundingMode.HALF_UP);

        Set<String> techniques = new LinkedHashSet<>();
        for (SourceRecord s : g) if (s.technique() != null && !s.technique().isBlank()) techniques.add(s.technique().trim());
        String technique = techniques.isEmpty() ? null : String.join("; ", techniques);

        // ---- vector: a verified review, else a vector the source states (seed, import), else the rule table.
        Vector vector;
        String rule;
        String vectorBasis;
        var explicit = g.stream().filter(s -> s.vector() != null).findFirst();
        if (review != null) {
            vector = review.vector();
            rule = "reviewed";
            vectorBasis = review.basis();
        } else if (explicit.isPresent()) {
            vector = explicit.get().vector();
            rule = "source:" + explicit.get().dataset();
            vectorBasis = "stated by the " + explicit.get().dataset() + " record (" + explicit.get().datasetRef() + ")";
        } else {
            VectorRules.Result res = vectorRules.classify(g);
            vector = res.vector();
            rule = res.rule();
            vectorBasis = res.basis();
        }
        if (unverified != null) vectorBasis += "; " + unverified.basis();

        Set<String> chains = new LinkedHashSet<>();
        for (SourceRecord s : g) chains.addAll(s.chains());
        Map<ContractRef.RoleAt, ContractRef> contracts = new LinkedHashMap<>();
        for (SourceRecord s : g) for (ContractRef c : s.contracts()) contracts.putIfAbsent(c.roleAt(), c);
        if (review != null) {
            // A role set by the review replaces every role the datasets gave that address in this incident.
            for (ContractRef c : review.contracts()) {
                if (Reviews.setsRole(c)) contracts.values().removeIf(x -> x.chain().equals(c.chain()) && x.address().equals(c.address()));
            }
            for (ContractRef c : review.contracts()) contracts.putIfAbsent(c.roleAt(), c);
        }

        // ---- scope: a verified review, else the documented rule (data/SOURCES.md).
        Scope scope;
        String scopeBasis;
        List<AffectedAsset> assets = List.of();
        long named = contracts.values().stream().filter(c -> Incident.AFFECTED_ROLES.contains(c.role())).count();
        if (review != null) {
            scope = review.scope();
            scopeBasis = review.basis();
            assets = review.assets();
        } else if (vector == Vector.INFRASTRUCTURE) {
            scope = Scope.PROTOCOL;
            scopeBasis = SCOPE_RULE_INFRASTRUCTURE;
        } else if (rule.equals("rule:rug-pull")) {
            scope = Scope.PROTOCOL;
            scopeBasis = SCOPE_RULE_RUG_PULL;
        } else if (named > 0) {
            scope = Scope.CONTRACTS;
            scopeBasis = SCOPE_RULE_NAMED_CONTRACTS + " (" + named + ")";
        } else {
            scope = Scope.CONTRACTS;
            scopeBasis = SCOPE_RULE_NO_CONTRACTS;
        }

        LocalDate date = review != null ? review.eventDate() : primary.date();
        var attributed = g.stream().filter(s -> s.attribution() != null).findFirst();
        BigDecimal returned = g.stream().map(SourceRecord::fundsReturnedUsd).filter(Objects::nonNull).findFirst().orElse(null);
        boolean verified = g.stream().anyMatch(SourceRecord::verified);

        Incident draft = new Incident(id, date, Semester.of(date).toString(), slug, protocolName,
                truncate(primary.title(), 500), lossUsd, truncate(lossRaw, 2000), basis, vector, truncate(rule, 200),
                truncate(technique, 2000), attributed.map(SourceRecord::attribution).orElse(null),
                attributed.map(SourceRecord::attributionSource).orElse(null), returned, verified, origin,
                List.copyOf(chains), List.copyOf(g), List.copyOf(contracts.values()), truncate(vectorBasis, 4000), scope,
                truncate(scopeBasis, 4000), assets, truncate(lossNote, 4000), review != null, "");
        return withHash(draft);
    }

    public static final String SCOPE_RULE_INFRASTRUCTURE = "rule scope-infrastructure: a key, signer, operator, front-end or"
            + " supply-chain compromise reaches whatever those keys control, so anything of the protocol may be hit";
    public static final String SCOPE_RULE_RUG_PULL = "rule scope-rug-pull: the team or an insider took the funds, so anything"
            + " of the protocol may be hit";
    public static final String SCOPE_RULE_NAMED_CONTRACTS = "rule scope-named-contracts: the sources name the vulnerable or"
            + " victim contracts; only those (and tokens they are) were touched";
    public static final String SCOPE_RULE_NO_CONTRACTS = "rule scope-no-contracts-named: the sources name no contract, so no"
            + " token is known to be touched; the incident is history for its protocol, not a risk to its tokens";

    private static List<LossFigure> figures(List<SourceRecord> g) {
        List<LossFigure> out = new ArrayList<>();
        for (SourceRecord s : g) out.addAll(s.figures());
        return out;
    }

    private static String describe(List<LossFigure> figures) {
        List<String> parts = new ArrayList<>();
        for (LossFigure f : figures) parts.add(dev.perimeter.util.Usd.approx(f.usd()) + " (" + f.label() + ": \"" + f.raw() + "\")");
        return String.join(", ", parts);
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
                        + "|" + r.verified()).toList().toString(), i.contracts().toString(), String.valueOf(i.vectorBasis()),
                i.scope().code, String.valueOf(i.scopeBasis()), i.affectedAssets().toString(), String.valueOf(i.lossNote()),
                String.valueOf(i.reviewed()));
        try {
            return i.withHash(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8))));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
