package dev.perimeter.infrastructure;

import dev.perimeter.token.Token;
import dev.perimeter.token.TokenRegistry;
import dev.perimeter.util.DataFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Infrastructure for the web and for exposure matching: the catalog (rebuilt by {@link #reload()} after the incident
 * data is synced, because incident links resolve against the database) and per-row totals of linked incidents.
 */
public final class InfrastructureService {
    private static final Logger log = LoggerFactory.getLogger(InfrastructureService.class);

    private final InfrastructureStore store;
    private final DataFiles files;
    private final TokenRegistry registry;
    private final AtomicReference<Snapshot> current = new AtomicReference<>();

    private final int protocolTokenCap;

    /** @param protocolTokenCap registry tokens listed for one protocol at most ({@link #tracked}) */
    public InfrastructureService(InfrastructureStore store, DataFiles files, TokenRegistry registry, int protocolTokenCap) {
        this.store = store;
        this.files = files;
        this.registry = registry;
        this.protocolTokenCap = protocolTokenCap;
    }

    /**
     * What Perimeter tracks for a protocol, for its page: a same-named infrastructure row and its registry tokens (with
     * what each depends on), at most the configured number of tokens and then a "… more" line.
     */
    public List<dev.perimeter.stats.ProtocolDetail.TrackedAsset> tracked(String slug) {
        List<dev.perimeter.stats.ProtocolDetail.TrackedAsset> out = new ArrayList<>();
        Snapshot snap = current.get();
        InfrastructureCatalog catalog = snap == null ? null : snap.catalog();
        if (catalog != null) {
            catalog.get(slug).ifPresent(i -> out.add(new dev.perimeter.stats.ProtocolDetail.TrackedAsset(
                    "infrastructure (" + i.kind() + ")", i.name(), null, null, "status: " + String.join(", ", i.status()))));
        }
        List<Token> tokens = registry.all().stream().filter(t -> slug.equals(t.protocol()))
                .sorted(Comparator.comparing(Token::chain).thenComparing(Token::address)).toList();
        int shown = 0;
        for (Token t : tokens) {
            if (shown++ == protocolTokenCap) {
                out.add(new dev.perimeter.stats.ProtocolDetail.TrackedAsset("…", (tokens.size() - protocolTokenCap)
                        + " more tokens in the registry", null, null, null));
                break;
            }
            List<String> deps = catalog == null ? List.of() : catalog.forToken(t);
            out.add(new dev.perimeter.stats.ProtocolDetail.TrackedAsset("token (" + t.kind() + ")", t.display(), t.chain(), t.address(),
                    deps.isEmpty() ? null : "depends on " + String.join(", ", deps)));
        }
        return out;
    }

    /**
     * Incidents linked to a row: how many, the sum of their known USD losses (null when none of them has a known
     * loss; zero when there are no incidents), and how many have an unknown loss (left out of the sum).
     */
    public record Totals(int incidents, BigDecimal lossUsd, int unknownLoss) {
        static final Totals NONE = new Totals(0, BigDecimal.ZERO, 0);
    }

    public record Row(Infrastructure infrastructure, Totals totals) {}

    /** A registry token that depends on the row, with the rule (and path) that says so. */
    public record DependentToken(Token token, TokenLink link) {}

    public record Detail(Infrastructure infrastructure, Totals totals, List<LinkedIncident> incidents, List<DependentToken> tokens) {}

    public enum Sort {
        NAME, KIND, INCIDENTS, LOST, RISK;

        public static Optional<Sort> parse(String s) {
            if (s == null) return Optional.empty();
            for (Sort x : values()) if (x.name().equalsIgnoreCase(s.trim())) return Optional.of(x);
            return Optional.empty();
        }

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The direction a first click on the column sorts in: text ascending, figures descending. */
        public boolean defaultDescending() {
            return this == INCIDENTS || this == LOST || this == RISK;
        }
    }

    private record Snapshot(InfrastructureCatalog catalog, Map<String, Totals> totals, Map<String, LinkedIncident> incidents) {}

    /**
     * Reads data/infrastructure/, resolves incident links against the database and swaps the catalog in. On any
     * problem it throws (naming the file and line) and the previous catalog, if any, stays in use.
     */
    public void reload() {
        InfrastructureData data = InfrastructureData.load(files);
        Map<IncidentLink, InfrastructureStore.SourceKey> keys = new HashMap<>();
        for (IncidentLink l : data.links()) keys.put(l, new InfrastructureStore.SourceKey(l.dataset(), l.date(), l.name()));
        Map<InfrastructureStore.SourceKey, List<String>> ids = store.incidentIdsBySource(keys.values());
        InfrastructureCatalog catalog = InfrastructureCatalog.build(data, l -> ids.getOrDefault(keys.get(l), List.of()), registry);

        Set<String> linked = new LinkedHashSet<>();
        catalog.all().forEach(i -> linked.addAll(i.incidentIds()));
        Map<String, LinkedIncident> incidents = new HashMap<>();
        for (LinkedIncident i : store.incidents(linked)) incidents.put(i.id(), i);
        Map<String, Totals> totals = new HashMap<>();
        for (Infrastructure i : catalog.all()) totals.put(i.slug(), totals(i, incidents));
        current.set(new Snapshot(catalog, Map.copyOf(totals), Map.copyOf(incidents)));
        int tokens = (int) registry.all().stream().filter(t -> !catalog.forToken(t).isEmpty()).count();
        log.info("infrastructure: {} rows, {} incident links to {} incidents, {} token rules linking {} registry tokens",
                catalog.all().size(), data.links().size(), linked.size(), catalog.rules().size(), tokens);
    }

    static Totals totals(Infrastructure i, Map<String, LinkedIncident> incidents) {
        if (i.incidentIds().isEmpty()) return Totals.NONE;
        BigDecimal sum = null;
        int unknown = 0;
        int count = 0;
        for (String id : i.incidentIds()) {
            LinkedIncident x = incidents.get(id);
            if (x == null) continue;
            count++;
            if (x.lossUsd() == null) {
                unknown++;
            } else {
                sum = sum == null ? x.lossUsd() : sum.add(x.lossUsd());
            }
        }
        return new Totals(count, sum, unknown);
    }

    private Snapshot snapshot() {
        Snapshot s = current.get();
        if (s == null) throw new IllegalStateException("the infrastructure catalog is not loaded yet: call reload() after the data sync");
        return s;
    }

    public InfrastructureCatalog catalog() {
        return snapshot().catalog();
    }

    /** True once reload() has built a catalog. */
    public boolean loaded() {
        return current.get() != null;
    }

    public Totals totals(String slug) {
        return snapshot().totals().getOrDefault(slug, Totals.NONE);
    }

    /** Every row with its totals, sorted; ties (and unknown totals) go by name. */
    public List<Row> rows(Sort sort, boolean descending) {
        Snapshot s = snapshot();
        List<Row> rows = new ArrayList<>();
        for (Infrastructure i : s.catalog().all()) rows.add(new Row(i, s.totals().getOrDefault(i.slug(), Totals.NONE)));
        Comparator<Row> byName = Comparator.comparing(r -> r.infrastructure().name().toLowerCase(Locale.ROOT));
        Comparator<Row> primary = switch (sort) {
            case NAME -> byName;
            case KIND -> Comparator.comparing(r -> r.infrastructure().kind());
            case INCIDENTS -> Comparator.comparingInt(r -> r.totals().incidents());
            case LOST -> Comparator.comparing(r -> r.totals().lossUsd(), Comparator.nullsFirst(Comparator.naturalOrder()));
            case RISK -> Comparator.<Row>comparingInt(r -> r.infrastructure().badCount())
                    .thenComparingInt(r -> r.infrastructure().warningCount());
        };
        if (descending) primary = primary.reversed();
        if (sort == Sort.LOST) {
            // Unknown totals last in both directions.
            Comparator<Row> known = Comparator.comparing(r -> r.totals().lossUsd() == null);
            primary = known.thenComparing(primary);
        }
        rows.sort(sort == Sort.NAME ? primary : primary.thenComparing(byName));
        return List.copyOf(rows);
    }

    public Optional<Detail> detail(String slug) {
        Snapshot s = snapshot();
        return s.catalog().get(slug).map(i -> {
            List<LinkedIncident> incidents = i.incidentIds().stream().map(s.incidents()::get).filter(java.util.Objects::nonNull)
                    .sorted(Comparator.comparing(LinkedIncident::date).reversed().thenComparing(LinkedIncident::id)).toList();
            List<DependentToken> tokens = new ArrayList<>();
            for (Token t : s.catalog().tokensOf(slug)) {
                s.catalog().explain(t).stream().filter(l -> l.infrastructure().equals(slug)).findFirst()
                        .ifPresent(l -> tokens.add(new DependentToken(t, l)));
            }
            return new Detail(i, s.totals().getOrDefault(slug, Totals.NONE), incidents, List.copyOf(tokens));
        });
    }
}
