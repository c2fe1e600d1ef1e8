package dev.perimeter.infrastructure;

import dev.perimeter.token.Token;
import dev.perimeter.token.TokenRegistry;
import dev.perimeter.util.ChainAddress;
import dev.perimeter.util.Chains;
import dev.perimeter.util.Csv;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The infrastructure rows with their contracts and incidents, and which registry tokens depend on which row. Built
 * once from {@link InfrastructureData}; immutable afterwards.
 *
 * <p>A token's dependencies, outermost first: every token rule that matches it, in file order (each adds its slugs in
 * the order written); then what its same-chain underlying token depends on; then what its origin token (the token it
 * represents, on origin_chain) depends on — followed up to {@value #MAX_DEPTH} steps. Debt tokens follow nothing: a
 * borrower owes the underlying, they do not hold it. Each slug appears once, at its first position.
 */
public final class InfrastructureCatalog {
    static final int MAX_DEPTH = 4;

    private final List<Infrastructure> all;
    private final Map<String, Infrastructure> bySlug;
    private final List<TokenRule> rules;
    private final TokenRegistry registry;
    private final Map<ChainAddress, List<TokenLink>> linksByToken;
    private final Map<String, List<Token>> tokensBySlug;
    private final Map<ChainAddress, String> byContract;

    private InfrastructureCatalog(List<Infrastructure> all, List<TokenRule> rules, TokenRegistry registry,
                                  Map<ChainAddress, String> byContract) {
        this.all = List.copyOf(all);
        Map<String, Infrastructure> m = new LinkedHashMap<>();
        for (Infrastructure i : all) m.put(i.slug(), i);
        this.bySlug = Collections.unmodifiableMap(m);
        this.rules = List.copyOf(rules);
        this.registry = registry;
        this.byContract = Map.copyOf(byContract);
        Map<ChainAddress, List<TokenLink>> links = new HashMap<>();
        Map<String, List<Token>> dependents = new HashMap<>();
        for (Token t : registry.all()) {
            List<TokenLink> l = resolve(t);
            if (l.isEmpty()) continue;
            links.put(key(t.chain(), t.address()), l);
            for (TokenLink x : l) dependents.computeIfAbsent(x.infrastructure(), k -> new ArrayList<>()).add(t);
        }
        Comparator<Token> order = Comparator.<Token>comparingInt(t -> chainOrder(t.chain())).thenComparing(t -> t.chain())
                .thenComparing(t -> t.display().toLowerCase(Locale.ROOT)).thenComparing(Token::address);
        Map<String, List<Token>> frozen = new HashMap<>();
        dependents.forEach((k, v) -> {
            v.sort(order);
            frozen.put(k, List.copyOf(v));
        });
        this.linksByToken = Map.copyOf(links);
        this.tokensBySlug = Map.copyOf(frozen);
    }

    /**
     * Joins the parsed files with the incidents ({@code incidentIds} gives the incident ids holding a link's source
     * record) and the token registry. Fails, naming the file and line, on a link that resolves to no incident or an
     * address rule that names no registry token.
     */
    public static InfrastructureCatalog build(InfrastructureData data, Function<IncidentLink, List<String>> incidentIds,
                                              TokenRegistry registry) {
        Map<String, List<Infrastructure.Contract>> contracts = new HashMap<>();
        Map<ChainAddress, String> byContract = new LinkedHashMap<>();
        for (InfrastructureData.ContractRow c : data.contracts()) {
            contracts.computeIfAbsent(c.infrastructure(), k -> new ArrayList<>()).add(c.contract());
            byContract.putIfAbsent(key(c.contract().chain(), c.contract().address()), c.infrastructure());
        }
        Map<String, Set<String>> incidents = new HashMap<>();
        for (IncidentLink l : data.links()) {
            List<String> ids = incidentIds.apply(l);
            if (ids == null || ids.isEmpty()) {
                throw new Csv.CsvException(InfrastructureData.INCIDENT_LINKS + ": line " + l.line() + ": no incident in the database has a "
                        + l.describe() + " (dataset, date and name must match the dataset row exactly)", null);
            }
            incidents.computeIfAbsent(l.infrastructure(), k -> new TreeSet<>()).addAll(ids);
        }
        for (TokenRule r : data.rules()) {
            if (r.matchField().equals("address") && registry.find(r.chain(), r.matchValue()).isEmpty()) {
                throw new Csv.CsvException(InfrastructureData.TOKEN_RULES + ": line " + r.line() + ": rule '" + r.id() + "' names "
                        + r.chain() + " " + r.matchValue() + ", which is not in " + TokenRegistry.FILE, null);
            }
        }
        List<Infrastructure> rows = new ArrayList<>();
        for (Infrastructure i : data.rows()) {
            rows.add(new Infrastructure(i.slug(), i.name(), i.kind(), i.chains(), i.validation(), i.signerThreshold(),
                    i.upgradeability(), i.status(), i.validatedBy(), i.sourceUpgradeability(), i.destinationToken(), i.operator(),
                    i.website(), i.sources(), i.verified(), contracts.getOrDefault(i.slug(), List.of()),
                    List.copyOf(incidents.getOrDefault(i.slug(), Set.of()))));
        }
        return new InfrastructureCatalog(rows, data.rules(), registry, byContract);
    }

    /** A token or contract as the catalog keys it: the address lowercase (empty for a native token). */
    private static ChainAddress key(String chain, String address) {
        return new ChainAddress(chain, address == null ? "" : address.toLowerCase(Locale.ROOT));
    }

    private static int chainOrder(String chain) {
        int i = Chains.slugs().indexOf(chain);
        return i < 0 ? Integer.MAX_VALUE : i;
    }

    // ---- the public API -------------------------------------------------------------------------------------

    /** Every row, in file order. */
    public List<Infrastructure> all() {
        return all;
    }

    public Optional<Infrastructure> get(String slug) {
        return Optional.ofNullable(slug == null ? null : bySlug.get(slug));
    }

    /** The token rules, in file order. */
    public List<TokenRule> rules() {
        return rules;
    }

    /** The infrastructure slugs a token depends on, outermost first, each once; empty for a plain token. */
    public List<String> forToken(Token t) {
        return explain(t).stream().map(TokenLink::infrastructure).toList();
    }

    /** {@link #forToken} with the rule and the token path behind each slug. */
    public List<TokenLink> explain(Token t) {
        if (t == null) return List.of();
        Optional<Token> known = find(t.chain(), t.address());
        if (known.isPresent() && known.get().equals(t)) return linksByToken.getOrDefault(key(t.chain(), t.address()), List.of());
        return resolve(t);
    }

    /** The registry tokens that depend on this row (directly or through an underlying or origin token), by chain and symbol. */
    public List<Token> tokensOf(String slug) {
        return tokensBySlug.getOrDefault(slug, List.of());
    }

    /** The row whose contracts.csv lists this contract (lowercase or checksummed address). */
    public Optional<String> byContract(String chain, String address) {
        if (chain == null || address == null) return Optional.empty();
        return Optional.ofNullable(byContract.get(key(chain, address)));
    }

    // ---- resolution -----------------------------------------------------------------------------------------

    private List<TokenLink> resolve(Token t) {
        Map<String, TokenLink> out = new LinkedHashMap<>();
        collect(t, List.of(), List.of(), new HashSet<>(), out);
        return List.copyOf(out.values());
    }

    private void collect(Token t, List<Token> path, List<String> relations, Set<ChainAddress> visited, Map<String, TokenLink> out) {
        if (!visited.add(key(t.chain(), t.address()))) return;
        for (TokenRule r : rules) {
            if (!r.matches(t)) continue;
            for (String slug : r.infrastructure()) out.putIfAbsent(slug, new TokenLink(slug, r, path, relations));
        }
        if (path.size() >= MAX_DEPTH || "debt".equals(t.kind())) return;
        if (t.underlying() != null) {
            find(t.chain(), t.underlying()).ifPresent(u -> collect(u, append(path, u), append(relations, "underlying"), visited, out));
        }
        if (t.originChain() != null && t.originAddress() != null) {
            find(t.originChain(), t.originAddress())
                    .ifPresent(o -> collect(o, append(path, o), append(relations, "origin"), visited, out));
        }
    }

    private Optional<Token> find(String chain, String address) {
        if (chain == null || address == null) return Optional.empty();
        return registry.find(chain, address.toLowerCase(Locale.ROOT));
    }

    private static <T> List<T> append(List<T> list, T item) {
        List<T> out = new ArrayList<>(list);
        out.add(item);
        return out;
    }
}
