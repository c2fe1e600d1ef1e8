package dev.perimeter.exposure;

import dev.perimeter.position.Holding;
import dev.perimeter.stats.IncidentContext;
import dev.perimeter.token.Token;
import dev.perimeter.token.TokenRegistry;
import dev.perimeter.util.ChainAddress;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Everything the scanner and the matcher need from Perimeter's data, as one immutable value built once per data version:
 * incidents by protocol and by contract, the exploited contracts per chain (whose allowances every scan checks), the
 * infrastructure behind each registry token, the token registry, and every incident's semester context. Both the scan
 * (exploited contracts) and the match (everything else) read the same snapshot, so one report never mixes two versions.
 */
public final class ExposureSnapshot implements ExposureData {
    /**
     * A contract an incident names, with its role (exploited, drainer, vulnerable).
     * @param fixed  the source marks it fixed (patched or upgraded since: revoking is optional)
     * @param source what gave the role: the dataset row (e.g. Revoke.cash's list) or the reviewed evidence
     */
    public record ContractLink(String chain, String address, String incidentId, String role, boolean fixed, String source) {
        public ContractLink(String chain, String address, String incidentId, String role) {
            this(chain, address, incidentId, role, false, null);
        }

        public ContractLink(String chain, String address, String incidentId, String role, boolean fixed) {
            this(chain, address, incidentId, role, fixed, null);
        }
    }

    private final long version;
    private final TokenRegistry registry;
    private final Map<String, List<IncidentRef>> byProtocol;
    private final Map<ChainAddress, List<IncidentRef>> byContract;
    private final Map<ChainAddress, List<IncidentRef>> byVulnerable;
    private final Map<String, List<String>> exploitedByChain;
    private final Map<ChainAddress, java.util.Set<String>> rolesByContract;
    /** What gave each approval-role contract its role (Revoke.cash's list row, the reviewed evidence). */
    private final Map<ChainAddress, List<String>> evidenceByContract;
    /** Contracts every mention of which is marked fixed. */
    private final java.util.Set<ChainAddress> fixedContracts;
    private final Map<ChainAddress, List<InfraRef>> infraByToken;
    private final Map<String, IncidentContext> contexts;
    private final int incidentCount;

    private ExposureSnapshot(long version, TokenRegistry registry, Map<String, List<IncidentRef>> byProtocol,
                             Map<ChainAddress, List<IncidentRef>> byContract, Map<ChainAddress, List<IncidentRef>> byVulnerable,
                             Map<String, List<String>> exploitedByChain, Map<ChainAddress, java.util.Set<String>> rolesByContract,
                             Map<ChainAddress, List<String>> evidenceByContract, java.util.Set<ChainAddress> fixedContracts,
                             Map<ChainAddress, List<InfraRef>> infraByToken,
                             Map<String, IncidentContext> contexts, int incidentCount) {
        this.rolesByContract = rolesByContract;
        this.evidenceByContract = evidenceByContract;
        this.fixedContracts = fixedContracts;
        this.version = version;
        this.registry = registry;
        this.byProtocol = byProtocol;
        this.byContract = byContract;
        this.byVulnerable = byVulnerable;
        this.exploitedByChain = exploitedByChain;
        this.infraByToken = infraByToken;
        this.contexts = contexts;
        this.incidentCount = incidentCount;
    }

    /** No incidents and no infrastructure: what a scan is matched against before any data is loaded. */
    public static ExposureSnapshot empty(TokenRegistry registry) {
        return build(0, registry, List.of(), List.of(), List.of(), t -> List.of(), Map.of());
    }

    /**
     * @param incidents      every incident in brief
     * @param contracts      contracts named by incidents (only rows with a role of {@link dev.perimeter.incident.Incident#APPROVAL_ROLES}
     *                       — exploited, drainer — make a contract one whose approvals are dangerous, and never a registry
     *                       token; "vulnerable" rows make a held token "hit")
     * @param infrastructure every infrastructure row as the matcher sees it
     * @param infraOfToken   the infrastructure slugs a registry token depends on, in order
     * @param contexts       incident id → its semester context (may lack ids: then none is shown)
     */
    public static ExposureSnapshot build(long version, TokenRegistry registry, List<IncidentRef> incidents, List<ContractLink> contracts,
                                         List<InfraRef> infrastructure, Function<Token, List<String>> infraOfToken,
                                         Map<String, IncidentContext> contexts) {
        Map<String, IncidentRef> byId = new HashMap<>();
        Map<String, List<IncidentRef>> p = new HashMap<>();
        for (IncidentRef i : incidents) {
            byId.put(i.id(), i);
            p.computeIfAbsent(i.protocolSlug(), k -> new ArrayList<>()).add(i);
        }
        Map<ChainAddress, List<IncidentRef>> c = new HashMap<>();
        Map<ChainAddress, List<IncidentRef>> v = new HashMap<>();
        Map<String, List<String>> ex = new LinkedHashMap<>();
        Map<ChainAddress, java.util.Set<String>> roles = new HashMap<>();
        java.util.Set<ChainAddress> fixed = new java.util.HashSet<>(), notFixed = new java.util.HashSet<>();
        Map<ChainAddress, java.util.Set<String>> evidence = new HashMap<>();
        for (ContractLink row : contracts) {
            IncidentRef i = byId.get(row.incidentId());
            if (i == null) continue;
            ChainAddress k = new ChainAddress(row.chain(), row.address());
            if ("vulnerable".equals(row.role())) {
                List<IncidentRef> vl = v.computeIfAbsent(k, x -> new ArrayList<>());
                if (!vl.contains(i)) vl.add(i);
            }
            // Approvals are dangerous only where users' approvals were abused (or the address is a drainer), and never
            // merely because the spender is a token contract of the registry (the build demotes those; this holds even
            // for data stored by an older build).
            if (!dev.perimeter.incident.Incident.APPROVAL_ROLES.contains(row.role())) continue;
            if (registry.find(row.chain(), row.address()).isPresent()) continue;
            (row.fixed() ? fixed : notFixed).add(k);
            roles.computeIfAbsent(k, x -> new java.util.TreeSet<>()).add(row.role());
            if (row.source() != null) evidence.computeIfAbsent(k, x -> new java.util.LinkedHashSet<>()).add(row.source());
            List<IncidentRef> l = c.computeIfAbsent(k, x -> new ArrayList<>());
            if (l.isEmpty()) ex.computeIfAbsent(row.chain(), x -> new ArrayList<>()).add(row.address());
            if (!l.contains(i)) l.add(i);
        }
        Map<String, InfraRef> infraBySlug = new HashMap<>();
        for (InfraRef i : infrastructure) infraBySlug.put(i.slug(), i);
        Map<ChainAddress, List<InfraRef>> byToken = new HashMap<>();
        for (Token t : registry.all()) {
            List<InfraRef> refs = infraOfToken.apply(t).stream().map(infraBySlug::get).filter(Objects::nonNull).toList();
            if (!refs.isEmpty()) byToken.put(new ChainAddress(t.chain(), t.address()), refs);
        }
        Map<ChainAddress, java.util.Set<String>> frozenRoles = new HashMap<>();
        roles.forEach((k, x) -> frozenRoles.put(k, java.util.Set.copyOf(x)));
        Map<ChainAddress, List<String>> frozenEvidence = new HashMap<>();
        evidence.forEach((k, x) -> frozenEvidence.put(k, List.copyOf(x)));
        fixed.removeAll(notFixed);
        return new ExposureSnapshot(version, registry, frozen(p), frozen(c), frozen(v), frozen(ex), Map.copyOf(frozenRoles),
                Map.copyOf(frozenEvidence), java.util.Set.copyOf(fixed), frozen(byToken), Map.copyOf(contexts), incidents.size());
    }

    private static <K, T> Map<K, List<T>> frozen(Map<K, List<T>> m) {
        Map<K, List<T>> out = new HashMap<>();
        m.forEach((k, x) -> out.put(k, List.copyOf(x)));
        return Map.copyOf(out);
    }

    private static ChainAddress key(String chain, String address) {
        return new ChainAddress(chain, address);
    }

    /** Changes with every rebuild from new data. */
    public long version() {
        return version;
    }

    public TokenRegistry registry() {
        return registry;
    }

    @Override
    public java.util.Optional<TokenNode> token(String chain, String address) {
        return registry.find(chain, address).map(t -> new TokenNode(t.chain(), t.address(), t.symbol(), t.kind(), t.protocol(),
                t.underlying(), t.originChain(), t.originAddress(), t.bridge(), t.source()));
    }

    @Override
    public List<IncidentRef> incidentsOfProtocol(String protocolSlug) {
        return byProtocol.getOrDefault(protocolSlug, List.of());
    }

    @Override
    public List<IncidentRef> incidentsAtContract(String chain, String address) {
        return byContract.getOrDefault(key(chain, address), List.of());
    }

    @Override
    public boolean fixedAtContract(String chain, String address) {
        return fixedContracts.contains(key(chain, address));
    }

    @Override
    public java.util.Set<String> rolesAtContract(String chain, String address) {
        return rolesByContract.getOrDefault(key(chain, address), java.util.Set.of());
    }

    @Override
    public List<String> approvalEvidence(String chain, String address) {
        return evidenceByContract.getOrDefault(key(chain, address), List.of());
    }

    @Override
    public List<IncidentRef> incidentsWithVulnerableContract(String chain, String address) {
        return byVulnerable.getOrDefault(key(chain, address), List.of());
    }

    @Override
    public List<InfraRef> infrastructureOf(Holding h) {
        if (h.isNative() || !h.listed()) return List.of();
        return infraByToken.getOrDefault(h.at(), List.of());
    }

    /**
     * Lowercase addresses recorded on this chain as contracts whose users' approvals were abused, or drainers: every scan
     * checks allowances to them.
     */
    public List<String> exploitedContracts(String chain) {
        return exploitedByChain.getOrDefault(chain, List.of());
    }

    /** The semester context of these incidents (ids without one are left out). */
    public Map<String, IncidentContext> contexts(Collection<String> incidentIds) {
        Map<String, IncidentContext> out = new LinkedHashMap<>();
        for (String id : incidentIds) {
            IncidentContext c = contexts.get(id);
            if (c != null) out.put(id, c);
        }
        return out;
    }

    public int incidentCount() {
        return incidentCount;
    }

    public int exploitedContractCount() {
        return exploitedByChain.values().stream().mapToInt(List::size).sum();
    }
}
