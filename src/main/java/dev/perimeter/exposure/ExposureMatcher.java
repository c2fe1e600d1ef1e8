package dev.perimeter.exposure;

import dev.perimeter.position.Approval;
import dev.perimeter.position.Edge;
import dev.perimeter.position.Holding;
import dev.perimeter.token.Token;
import dev.perimeter.util.Addresses;
import dev.perimeter.util.ChainAddress;
import dev.perimeter.wallet.ChainScan;
import dev.perimeter.wallet.WalletScan;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The heart of Perimeter: a pure function from what a wallet holds and approved, plus the incident and infrastructure
 * data, to findings — each with the rule that fired and the stored rows it matched. No I/O, no clock of its own.
 */
public final class ExposureMatcher {
    /** An incident this recent (days before "today") counts as recent: it ranks higher than an old, fixed bug. */
    public static final int RECENT_DAYS = 365;

    private static final FindingKind APPROVAL = FindingKind.APPROVAL_TO_EXPLOITED_CONTRACT;
    private static final FindingKind HACKED_PROTOCOL = FindingKind.HOLDS_ASSET_OF_HACKED_PROTOCOL;
    private static final FindingKind COMPROMISED_BRIDGE = FindingKind.BRIDGED_VIA_COMPROMISED_BRIDGE;
    private static final FindingKind INFRA_RISK = FindingKind.INFRASTRUCTURE_RISK;
    private static final FindingKind UNLISTED = FindingKind.UNLISTED_TOKEN;
    private static final FindingKind HISTORY = FindingKind.PROTOCOL_HISTORY;

    private static final Set<String> BRIDGE_KINDS = Set.of("bridge", "messaging");

    private ExposureMatcher() {}

    public static List<Finding> match(WalletScan scan, ExposureData data, LocalDate today) {
        List<Finding> out = new ArrayList<>();
        Map<String, Finding> infraGroups = new LinkedHashMap<>();
        Map<String, Finding> historyGroups = new LinkedHashMap<>();
        for (ChainScan c : scan.chains()) {
            for (Approval a : c.approvals()) {
                approval(c, a, data, today).ifPresent(out::add);
                out.addAll(ControlRisk.approval(c.chain(), a, c.control(a.spender()))); // who can upgrade the spender
            }
            Map<ChainAddress, List<Edge>> read = readEdges(c);
            for (Holding h : c.holdings()) {
                out.addAll(ControlRisk.holding(h, c.control(h.token()))); // who can upgrade it, what verifies its bridge
                if (!h.listed()) {
                    out.add(unlisted(h));
                    out.addAll(layers(h, data, today, new java.util.HashSet<>(), read)); // what an unlisted vault or pool rests on
                    continue;
                }
                List<ExposureData.InfraRef> infra = data.infrastructureOf(h);
                boolean bridged = "bridged".equals(h.kind()) || h.originChain() != null;
                // One finding per risk: a compromised bridge behind a bridged token is the strongest statement; the same
                // incidents are not repeated as "hacked protocol", nor the same bridge system as a weak-rating finding.
                List<Finding> bridgeFindings = new ArrayList<>();
                for (ExposureData.InfraRef i : infra) {
                    if (bridged && BRIDGE_KINDS.contains(i.kind()) && (i.exploited() || i.paused() || i.archived())) {
                        bridgeFindings.add(compromisedBridge(h, i, today));
                    }
                }
                out.addAll(bridgeFindings);
                java.util.Set<String> covered = new java.util.HashSet<>();
                bridgeFindings.forEach(f -> covered.addAll(f.incidentIds()));
                Optional<Finding> direct = hackedProtocol(h, data, today).filter(f -> !covered.containsAll(f.incidentIds()));
                direct.ifPresent(out::add);
                direct.ifPresent(f -> covered.addAll(f.incidentIds()));
                out.addAll(layers(h, data, today, covered, read));
                history(h, data, historyGroups);
                for (ExposureData.InfraRef i : infra) {
                    if (bridgeFindings.stream().anyMatch(f -> i.slug().equals(f.infrastructure()))) continue;
                    if (!bridgeFindings.isEmpty() && BRIDGE_KINDS.contains(i.kind()) && !i.exploited()) continue;
                    if (i.exploited() || i.paused() || i.archived() || !i.badReasons().isEmpty() || "custodian".equals(i.kind())) {
                        infraRisk(h, i, today, infraGroups);
                    }
                }
            }
        }
        out.addAll(infraGroups.values());
        out.addAll(historyGroups.values());
        out.sort(Comparator.comparing(Finding::severity).thenComparing(Finding::kind).thenComparing(f -> f.chain() == null ? "" : f.chain())
                .thenComparing(f -> f.assetSymbol() == null ? "" : f.assetSymbol()));
        return List.copyOf(out);
    }

    /** How deep the dependency walk goes from a holding (layers of receipt, vault, LP, bridged tokens). */
    public static final int MAX_DEPTH = 5;

    /** A token reached from a holding, the path that reached it, and how many of its edges share a loss (pools). */
    private record Reached(ExposureData.TokenNode node, List<Finding.PathStep> path, int sharedLayers) {}

    /**
     * The edges read for a chain's holdings (on-chain reads, a position's underlyings), by chain and node: the walk follows
     * them from any node the data gives no edge for.
     */
    static Map<ChainAddress, List<Edge>> readEdges(ChainScan c) {
        Map<ChainAddress, List<Edge>> out = new java.util.HashMap<>();
        for (Holding h : c.holdings()) {
            for (Edge e : h.edges()) {
                List<Edge> list = out.computeIfAbsent(new ChainAddress(e.chain(), e.from()), k -> new ArrayList<>());
                if (!list.contains(e)) list.add(e);
            }
        }
        return out;
    }

    static List<Finding> layers(Holding h, ExposureData data, LocalDate today, java.util.Set<String> covered) {
        Map<ChainAddress, List<Edge>> read = new java.util.HashMap<>();
        for (Edge e : h.edges()) read.computeIfAbsent(new ChainAddress(e.chain(), e.from()), k -> new ArrayList<>()).add(e);
        return layers(h, data, today, covered, read);
    }

    /**
     * Walks from a holding to what backs it, at most {@link #MAX_DEPTH} layers deep, never visiting a token twice. A node's
     * edges are the data's (the registry's underlying and bridged origin, {@link ExposureData#edges}) and, only where the
     * data gives none, the edges read for the scan's holdings ({@code read}: ERC-4626 asset(), pool coins read on-chain; a
     * position's underlyings). Each token reached is checked as a direct holding is: an incident naming it as the
     * vulnerable contract, an incident of its protocol that was protocol-wide or touched it, a compromised bridge behind
     * it. One finding per holding and root cause (incidents already reported for the holding are skipped), carrying the
     * whole path. Severity follows scope and recency as for a direct holding; each edge into a pool's coin or a position's
     * token ({@link Edge.Layer#SHARED}) lowers it one level (the pool holds other coins too, so a loss is diluted);
     * receipt, vault, wrapper and bridged edges pass a loss through whole, so they do not.
     */
    static List<Finding> layers(Holding h, ExposureData data, LocalDate today, java.util.Set<String> covered, Map<ChainAddress, List<Edge>> read) {
        if (h.isNative()) return List.of();
        ExposureData.TokenNode start = data.token(h.chain(), h.token()).orElse(new ExposureData.TokenNode(h.chain(), h.token(), h.symbol(),
                h.kind(), h.protocol(), null, null, null, null, null));
        List<Finding> out = new ArrayList<>();
        java.util.Set<ChainAddress> visited = new java.util.HashSet<>();
        visited.add(start.at());
        java.util.ArrayDeque<Reached> queue = new java.util.ArrayDeque<>();
        List<Finding.PathStep> root = List.of(h.isPosition()
                ? new Finding.PathStep("position", h.chain(), h.position().contract(), h.symbol() + " (" + h.token() + ")", "held", h.position().source())
                : new Finding.PathStep("token", h.chain(), h.token(), sym(h.symbol(), h.token()), "held", null));
        queue.add(new Reached(start, root, 0));
        java.util.Set<String> reportedInfra = new java.util.HashSet<>();
        while (!queue.isEmpty()) {
            Reached r = queue.poll();
            if (r.path().size() > MAX_DEPTH) continue;
            ExposureData.TokenNode n = r.node();
            List<Edge> edges = data.edges(n.chain(), n.address());
            List<Edge> readHere = read.getOrDefault(n.at(), List.of());
            if (edges.isEmpty()) edges = readHere; // data edges win
            else if (readHere.stream().anyMatch(Edge::toMarket)) { // the market a deposit is lent in joins what the data says it rests on
                edges = new ArrayList<>(edges);
                for (Edge e : readHere) if (e.toMarket()) edges.add(e);
            }
            for (Edge e : edges) {
                Reached x = step(data, r, e);
                if (!visited.add(x.node().at())) continue; // a cycle or a shared underlying
                layerFinding(h, x, data, today, covered).ifPresent(f -> {
                    out.add(f);
                    covered.addAll(f.incidentIds());
                });
                layerBridge(h, x, data, today, covered, reportedInfra).ifPresent(f -> {
                    out.add(f);
                    covered.addAll(f.incidentIds());
                });
                queue.add(x);
            }
        }
        return out;
    }

    private static Reached step(ExposureData data, Reached from, Edge e) {
        ExposureData.TokenNode node = data.token(e.toChain(), e.to())
                .orElse(new ExposureData.TokenNode(e.toChain(), e.to(), null, null, null, null, null, null, null, null));
        List<Finding.PathStep> path = new ArrayList<>(from.path());
        path.add(e.toMarket()
                ? new Finding.PathStep("market", e.toChain(), e.to().substring(e.to().indexOf('#') + 1), e.toName(), e.relation(), e.source())
                : new Finding.PathStep("token", e.toChain(), e.to(), sym(node.symbol(), e.to()), e.relation(), e.source()));
        return new Reached(node, List.copyOf(path), from.sharedLayers() + (e.layer() == Edge.Layer.SHARED ? 1 : 0));
    }

    private static Holding asHolding(ExposureData.TokenNode n) {
        return Holding.of(new Token(n.chain(), n.address(), n.symbol(), n.symbol(), 18, n.kind(), n.protocol(), n.underlying(), n.bridge(),
                n.originChain(), n.originAddress(), null, n.protocol() != null || n.kind() != null), BigInteger.ZERO);
    }

    private static Severity lower(Severity s, int levels) {
        Severity[] all = Severity.values();
        int i = Math.min(all.length - 2, s.ordinal() + levels); // never below LOW: a risk stays a risk
        return levels <= 0 ? s : all[Math.max(s.ordinal(), i)];
    }

    private static String pathText(List<Finding.PathStep> path) {
        StringBuilder b = new StringBuilder();
        for (Finding.PathStep p : path) {
            if (b.length() > 0) b.append(" → ");
            b.append(p.name());
        }
        return b.toString();
    }

    private static Optional<Finding> layerFinding(Holding h, Reached x, ExposureData data, LocalDate today, java.util.Set<String> covered) {
        ExposureData.TokenNode n = x.node();
        Holding as = asHolding(n);
        List<ExposureData.IncidentRef> atToken = data.incidentsWithVulnerableContract(n.chain(), n.address()).stream()
                .filter(i -> !covered.contains(i.id())).toList();
        List<ExposureData.IncidentRef> ofProtocol = n.protocol() == null ? List.of()
                : hitting(as, data.incidentsOfProtocol(n.protocol())).stream().filter(i -> !covered.contains(i.id())).toList();
        if (atToken.isEmpty() && ofProtocol.isEmpty()) return Optional.empty();
        List<ExposureData.IncidentRef> all = new ArrayList<>(atToken);
        for (ExposureData.IncidentRef i : ofProtocol) if (all.stream().noneMatch(y -> y.id().equals(i.id()))) all.add(i);
        ExposureData.IncidentRef last = latest(all);
        Severity sev = !atToken.isEmpty() ? (recent(latest(atToken).date(), today) ? Severity.CRITICAL : Severity.MEDIUM)
                : (recent(last.date(), today) ? Severity.HIGH : Severity.LOW);
        sev = lower(sev, x.sharedLayers());
        String symbol = sym(h.symbol(), h.token());
        String what = !atToken.isEmpty() ? "whose contract was hit" : last.protocolWide() ? "protocol-wide exploit" : "exploit that touched it";
        List<Finding.PathStep> path = new ArrayList<>(x.path());
        if (n.protocol() != null) path.add(new Finding.PathStep("protocol", null, null, last.protocolName(), "issued by", n.source()));
        String chainText = pathText(x.path()) + " (" + last.protocolName() + "; " + what + " " + last.date() + ", " + money(last.lossUsd()) + ")";
        Finding.PathStep market = x.path().stream().filter(p -> "market".equals(p.node())).findFirst().orElse(null);
        String msg = market != null ? marketMessage(symbol, market, x, n, last, what, chainText)
                : "Your " + symbol + " rests on " + sym(n.symbol(), n.address()) + ": " + chainText + "."
                + (x.sharedLayers() > 0 ? (h.isPosition() && !"uniswap-v3".equals(h.position().protocol()) && !"pancakeswap-v3".equals(h.position().protocol())
                        ? " The loss would reach this position only in part (" + sharedRelation(x.path()) + "), so this is rated one level lower."
                        : " Through a liquidity pool the loss is shared with the pool's other coins, so this is rated one level lower.") : "");
        List<String> matched = new ArrayList<>();
        matched.add("holding: " + h.chain() + " " + h.token() + " (" + symbol + ")");
        for (Finding.PathStep p : x.path().subList(1, x.path().size())) {
            matched.add("edge: " + p.relation() + " " + p.chain() + " " + p.address() + " (" + p.name() + ")" + (p.source() != null ? " — source: " + p.source() : ""));
        }
        for (ExposureData.IncidentRef i : atToken) matched.add("incident_contracts: " + n.chain() + " " + n.address() + " named by incident " + i.id());
        for (ExposureData.IncidentRef i : ofProtocol) {
            matched.add("incidents: protocol " + i.protocolSlug() + " — " + i.id() + " (" + (i.protocolWide()
                    ? "scope protocol: anything of the protocol may be hit" : "scope " + i.scope() + ": " + i.touch(as)) + ")");
        }
        String rule = "a token this holding rests on (" + x.path().size() + " layer" + (x.path().size() == 2 ? "" : "s") + " down) was hit;"
                + " receipt, vault, wrapper and bridged layers pass a loss through whole, each pool or position layer lowers the severity one level";
        String target = "via:" + (n.protocol() != null ? n.protocol() : n.address());
        return Optional.of(new Finding(sev, HACKED_PROTOCOL, h.chain(), h.token(), h.symbol(), n.protocol() != null ? n.protocol() : last.protocolSlug(),
                null, null, ids(all), msg, new Finding.Evidence(rule, matched, dates(all), List.of(h.token())),
                key(HACKED_PROTOCOL, h.chain(), h.token(), target), false, List.copyOf(path)));
    }

    /**
     * A lender's finding: "Your aEthUSDC is lent in Aave V3 Core, where rsETH (KelpDAO; protocol-wide exploit 2026-04-18,
     * ~$292M) is accepted as collateral (liquidation threshold 75%): bad debt there falls on lenders." A frozen or paused
     * reserve is said as such (from the collateral step's relation).
     */
    private static String marketMessage(String symbol, Finding.PathStep market, Reached x, ExposureData.TokenNode n, ExposureData.IncidentRef last,
                                        String what, String chainText) {
        int at = x.path().indexOf(market);
        Finding.PathStep collateral = at + 1 < x.path().size() ? x.path().get(at + 1) : null;
        String marketName = market.name().endsWith(" market") ? market.name().substring(0, market.name().length() - 7) : market.name();
        String accepted = collateral == null ? "is accepted as collateral" : "is " + collateral.relation();
        return "Your " + symbol + " is lent in " + marketName + ", where " + sym(n.symbol(), n.address()) + " (" + last.protocolName() + "; " + what
                + " " + last.date() + ", " + money(last.lossUsd()) + ") " + accepted + ": bad debt there falls on lenders, so this is rated "
                + (x.sharedLayers() == 1 ? "one level" : x.sharedLayers() + " levels") + " below the exploit itself. Path: " + chainText + ".";
    }

    /** The relation of the first step that shares a loss, for the message (a lender's exposure to a market's collateral). */
    private static String sharedRelation(List<Finding.PathStep> path) {
        return path.size() > 1 ? path.get(1).relation() : "a shared layer";
    }

    private static Optional<Finding> layerBridge(Holding h, Reached x, ExposureData data, LocalDate today, java.util.Set<String> covered,
                                                 java.util.Set<String> reported) {
        ExposureData.TokenNode n = x.node();
        boolean bridged = "bridged".equals(n.kind()) || n.originChain() != null;
        if (!bridged) return Optional.empty();
        for (ExposureData.InfraRef i : data.infrastructureOf(asHolding(n))) {
            if (!BRIDGE_KINDS.contains(i.kind()) || !(i.exploited() || i.paused() || i.archived()) || !reported.add(i.slug())) continue;
            if (!i.incidents().isEmpty() && covered.containsAll(ids(i.incidents()))) continue;
            Finding direct = compromisedBridge(asHolding(n), i, today);
            Severity sev = lower(direct.severity(), x.sharedLayers());
            List<Finding.PathStep> path = new ArrayList<>(x.path());
            path.add(new Finding.PathStep("infrastructure", null, null, i.name(), "minted by bridge", null));
            String symbol = sym(h.symbol(), h.token());
            String msg = "Your " + symbol + " rests on " + sym(n.symbol(), n.address()) + " (" + pathText(x.path()) + "), " + lowerFirst(direct.message()
                    .replaceFirst("^Your .+? on \\S+ is ", ""));
            List<String> matched = new ArrayList<>();
            matched.add("holding: " + h.chain() + " " + h.token() + " (" + symbol + ")");
            for (Finding.PathStep p : x.path().subList(1, x.path().size())) {
                matched.add("edge: " + p.relation() + " " + p.chain() + " " + p.address() + " (" + p.name() + ")" + (p.source() != null ? " — source: " + p.source() : ""));
            }
            matched.addAll(direct.evidence().matched().subList(1, direct.evidence().matched().size()));
            return Optional.of(new Finding(sev, COMPROMISED_BRIDGE, h.chain(), h.token(), h.symbol(), h.protocol(), i.slug(), null,
                    direct.incidentIds(), msg, new Finding.Evidence("a bridged token this holding rests on depends on a bridge with incidents,"
                    + " or paused or archived", matched, direct.evidence().incidentDates(), List.of(h.token())),
                    key(COMPROMISED_BRIDGE, h.chain(), h.token(), i.slug()), false, List.copyOf(path)));
        }
        return Optional.empty();
    }

    static boolean recent(LocalDate d, LocalDate today) {
        return d != null && !d.isBefore(today.minusDays(RECENT_DAYS));
    }

    static String sym(String s, String address) {
        return s != null && !s.isBlank() ? s : shortAddr(address);
    }

    static String shortAddr(String a) {
        if (a == null || !Addresses.isHex40(a)) return String.valueOf(a);
        String c = Addresses.checksum(a);
        return c.substring(0, 6) + "…" + c.substring(38);
    }

    static String money(BigDecimal x) {
        return dev.perimeter.util.Usd.approx(x);
    }

    static List<String> ids(List<ExposureData.IncidentRef> l) {
        return l.stream().map(ExposureData.IncidentRef::id).distinct().toList();
    }

    static List<String> dates(List<ExposureData.IncidentRef> l) {
        return l.stream().map(i -> i.date() + " " + i.protocolName()).distinct().toList();
    }

    static ExposureData.IncidentRef latest(List<ExposureData.IncidentRef> l) {
        return l.stream().max(Comparator.comparing(ExposureData.IncidentRef::date)).orElseThrow();
    }

    static String lowerFirst(String s) {
        if (s == null || s.isEmpty()) return "";
        String t = s.replaceFirst("^Derived: ", "");
        t = t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
        return Character.toLowerCase(t.charAt(0)) + t.substring(1);
    }

    static String key(FindingKind kind, String chain, String asset, String target) {
        return kind.code() + ":" + chain + ":" + asset + ":" + target;
    }

    private static Optional<Finding> approval(ChainScan c, Approval a, ExposureData data, LocalDate today) {
        List<ExposureData.IncidentRef> hits = data.incidentsAtContract(c.chain(), a.spender());
        if (hits.isEmpty()) return Optional.empty();
        ExposureData.IncidentRef last = latest(hits);
        java.util.Set<String> roles = data.rolesAtContract(c.chain(), a.spender());
        boolean drainer = roles.contains("drainer");
        BigInteger held = c.holdings().stream().filter(h -> h.token().equals(a.token())).map(Holding::balanceRaw).findFirst()
                .orElse(BigInteger.ZERO);
        boolean exceeds = a.allowanceRaw().compareTo(held) > 0;
        // An approval to a drainer (the attackers' own address behind a front-end or supply-chain compromise) is critical
        // whatever its size: whatever it allows is theirs to take.
        // An exploit its list marks fixed (the contract was patched or upgraded) leaves the approval harmless by that list's
        // word: low, and said so; a drainer is never "fixed".
        boolean fixed = !drainer && data.fixedAtContract(c.chain(), a.spender());
        Severity sev = drainer || (!fixed && (a.unlimited() || exceeds)) ? Severity.CRITICAL : fixed ? Severity.LOW : Severity.HIGH;
        String symbol = sym(a.tokenSymbol(), a.token());
        String amount = switch (a.kind()) {
            case ALL_NFTS -> "transfer every NFT you hold of collection " + symbol;
            case PERMIT2 -> "spend " + erc20Amount(a, symbol) + " through Permit2 (" + a.expiryText() + ")";
            case ERC20 -> "spend " + erc20Amount(a, symbol);
        };
        String revoke = switch (a.kind()) {
            case ALL_NFTS -> "Revoke this approval for all in your wallet";
            case PERMIT2 -> "Revoke this Permit2 allowance in your wallet";
            case ERC20 -> "Revoke this approval in your wallet";
        };
        String msg = drainer
                ? "You allow " + shortAddr(a.spender()) + " to " + amount + "; that address belongs to the attackers of the "
                        + last.protocolName() + " incident of " + last.date() + " (a compromised front-end or library asked users to approve it)."
                        + " " + revoke + " now."
                : fixed ? "You allow " + shortAddr(a.spender()) + " to " + amount + "; that contract was exploited in the "
                        + last.protocolName() + " incident of " + last.date() + ", and the exploit is marked fixed since (the contract"
                        + " was patched or upgraded): revoking is optional, and still the safe choice if you no longer use it."
                : "You allow " + shortAddr(a.spender()) + " to " + amount + "; that contract was exploited in the "
                        + last.protocolName() + " incident of " + last.date() + ". " + revoke + ".";
        if (dev.perimeter.util.Chains.SOLANA.equals(c.chain())) {
            // Solana's approval is a token account's delegate: the Token program lets the delegate move up to the delegated
            // amount without the owner. Undone by the owner's Revoke instruction (wallets offer it; or `spl-token revoke`).
            String delegated = a.allowanceText() != null ? a.allowanceText() + " " + symbol : a.allowanceRaw() + " raw units of " + symbol;
            msg = "Your " + symbol + " token account names " + shortAddr(a.spender()) + " as its delegate for up to " + delegated + "; that address "
                    + (drainer ? "belongs to the attackers of the " : "was exploited in the ") + last.protocolName() + " incident of " + last.date()
                    + ". Revoke the delegate now: in your wallet, or with the Token program's Revoke instruction (spl-token revoke <token account>)"
                    + " signed by the account's owner.";
        }
        List<String> matched = new ArrayList<>();
        matched.add(switch (a.kind()) {
            case ALL_NFTS -> "approval for all: " + c.chain() + " collection " + a.token() + " → operator " + a.spender()
                    + ", isApprovedForAll = true, found by " + a.foundBy() + " at block " + c.block();
            case PERMIT2 -> "Permit2 allowance: " + c.chain() + " token " + a.token() + " → spender " + a.spender() + ", amount " + a.allowanceRaw()
                    + (a.unlimited() ? " (unlimited)" : "") + ", expiration " + a.expiration() + " (unix seconds), found by " + a.foundBy()
                    + " at block " + c.block();
            case ERC20 -> "approval: " + c.chain() + " token " + a.token() + " → spender " + a.spender() + ", allowance " + a.allowanceRaw()
                    + (a.unlimited() ? " (unlimited)" : "") + ", found by " + a.foundBy() + " at block " + c.block();
        });
        for (ExposureData.IncidentRef i : hits) matched.add("incident_contracts: " + c.chain() + " " + a.spender() + " named by incident " + i.id());
        if (!roles.isEmpty()) matched.add("role of the spender in those incidents: " + String.join(", ", roles));
        for (String e : data.approvalEvidence(c.chain(), a.spender())) matched.add("evidence of the role: " + e);
        if (fixed) matched.add("every incident naming the spender marks the exploit fixed (patched or upgraded since)");
        if (exceeds && !a.unlimited()) matched.add("the allowance is larger than the balance held (" + held + ")");
        String rule = drainer ? "the spender is an attacker's drainer address recorded in an incident (front-end or supply-chain compromise)"
                : "the spender is a contract whose users' approvals were abused in an incident (Revoke.cash's approval-exploit list,"
                        + " or a reviewed PoC or post-mortem); a dataset's mere \"vulnerable\" or \"victim\" label is never enough";
        return Optional.of(new Finding(sev, APPROVAL, c.chain(), a.token(), a.tokenSymbol(), last.protocolSlug(), null, a.spender(),
                ids(hits), msg, new Finding.Evidence(rule, matched, dates(hits), List.of(a.token())),
                key(APPROVAL, c.chain(), a.token(), approvalTarget(a)), false));
    }

    /** "up to 1,000 USDC", "an unlimited amount of USDC", "up to 123 raw units of XYZ". */
    private static String erc20Amount(Approval a, String symbol) {
        return a.unlimited() ? "an unlimited amount of " + symbol
                : a.allowanceText() != null ? "up to " + a.allowanceText() + " " + symbol : "up to " + a.allowanceRaw() + " raw units of " + symbol;
    }

    /**
     * The target of an approval finding's key: the spender of an ERC-20 allowance (as always), "all-nfts:" or "permit2:"
     * and the spender for the other kinds, so the three approvals of one token to one spender are three findings.
     */
    static String approvalTarget(Approval a) {
        return a.kind() == Approval.Kind.ERC20 ? a.spender() : a.kind().code() + ":" + a.spender();
    }

    /**
     * The incidents of the holding's protocol that hit it: protocol-wide ones (its keys, bridge, treasury or core
     * contracts), and those whose affected contracts or assets include the token or its underlying.
     */
    static List<ExposureData.IncidentRef> hitting(Holding h, List<ExposureData.IncidentRef> ofProtocol) {
        return ofProtocol.stream().filter(i -> i.protocolWide() || i.touch(h) != null).toList();
    }

    private static Optional<Finding> hackedProtocol(Holding h, ExposureData data, LocalDate today) {
        List<ExposureData.IncidentRef> atToken = h.isNative() ? List.of() : data.incidentsWithVulnerableContract(h.chain(), h.token());
        List<ExposureData.IncidentRef> ofProtocol = h.protocol() == null ? List.of() : hitting(h, data.incidentsOfProtocol(h.protocol()));
        if (atToken.isEmpty() && ofProtocol.isEmpty()) return Optional.empty();
        List<ExposureData.IncidentRef> all = new ArrayList<>(atToken);
        for (ExposureData.IncidentRef i : ofProtocol) if (all.stream().noneMatch(x -> x.id().equals(i.id()))) all.add(i);
        ExposureData.IncidentRef last = latest(all);
        boolean recent = recent(last.date(), today);
        Severity sev;
        String rule;
        if (!atToken.isEmpty()) {
            sev = recent(latest(atToken).date(), today) ? Severity.CRITICAL : Severity.MEDIUM;
            rule = "this very token contract is recorded in an incident";
        } else {
            sev = recent ? Severity.HIGH : Severity.LOW;
            rule = "the token belongs to protocol '" + h.protocol() + "', and an incident of it was protocol-wide or touched this token";
        }
        String symbol = sym(h.symbol(), h.token());
        String what = switch (h.kind() == null ? "" : h.kind()) {
            case "receipt" -> "a receipt token of ";
            case "debt" -> "a debt position in ";
            case "lp" -> "a liquidity-pool token of ";
            case "lst", "lrt" -> "a staking token of ";
            case "position" -> "a position in ";
            default -> "a token of ";
        };
        String name = h.protocol() != null && !ofProtocol.isEmpty() ? ofProtocol.get(0).protocolName() : last.protocolName();
        String msg = (!atToken.isEmpty() ? "Your " + symbol + " contract itself was hit in the " + latest(atToken).protocolName()
                + " incident of " + latest(atToken).date() + " (" + money(latest(atToken).lossUsd()) + " lost)."
                : "Your " + symbol + " is " + what + name + ", which was hacked " + all.size() + (all.size() == 1 ? " time" : " times")
                + " in a way that reaches this token; the latest on " + last.date() + " (" + money(last.lossUsd()) + " lost)"
                + (recent ? ", within the last 12 months." : "."));
        List<String> matched = new ArrayList<>();
        matched.add("holding: " + h.chain() + " " + h.token() + " (" + symbol + ", kind " + h.kind() + ", protocol " + h.protocol() + ")");
        for (ExposureData.IncidentRef i : atToken) matched.add("incident_contracts: " + h.chain() + " " + h.token() + " named by incident " + i.id());
        for (ExposureData.IncidentRef i : ofProtocol) {
            matched.add("incidents: protocol " + i.protocolSlug() + " — " + i.id() + " (" + (i.protocolWide()
                    ? "scope protocol: its keys, bridge, treasury or core contracts were hit, so anything of the protocol may be"
                    : "scope " + i.scope() + ": " + i.touch(h)) + ")");
        }
        return Optional.of(new Finding(sev, HACKED_PROTOCOL, h.chain(), h.token(), h.symbol(), h.protocol() != null ? h.protocol() : last.protocolSlug(),
                null, null, ids(all), msg, new Finding.Evidence(rule, matched, dates(all), List.of(h.token())),
                key(HACKED_PROTOCOL, h.chain(), h.token(), h.protocol()), false));
    }

    /**
     * Incidents of the holding's protocol that did not touch it (a peripheral contract, or other contracts): one info
     * note per chain and protocol, listing the holdings it covers. History, never a risk finding.
     */
    private static void history(Holding h, ExposureData data, Map<String, Finding> groups) {
        if (h.protocol() == null) return;
        List<ExposureData.IncidentRef> ofProtocol = data.incidentsOfProtocol(h.protocol());
        List<ExposureData.IncidentRef> hit = hitting(h, ofProtocol);
        List<ExposureData.IncidentRef> apart = ofProtocol.stream().filter(i -> !hit.contains(i)).toList();
        if (apart.isEmpty()) return;
        String gk = key(HISTORY, h.chain(), "*", h.protocol());
        String symbol = sym(h.symbol(), h.token());
        Finding prev = groups.get(gk);
        if (prev != null) {
            List<String> assets = new ArrayList<>(prev.evidence().assets());
            assets.add(h.token());
            List<String> matched = new ArrayList<>(prev.evidence().matched());
            matched.add("holding: " + h.chain() + " " + h.token() + " (" + symbol + ")");
            groups.put(gk, new Finding(prev.severity(), prev.kind(), prev.chain(), prev.asset(), prev.assetSymbol(), prev.protocol(), null, null,
                    prev.incidentIds(), prev.message().replaceFirst("^Your (.+?) on ", "Your $1, " + symbol + " on "),
                    new Finding.Evidence(prev.evidence().rule(), matched, prev.evidence().incidentDates(), assets), prev.key(), false));
            return;
        }
        ExposureData.IncidentRef last = latest(apart);
        String name = apart.get(0).protocolName();
        String which = apart.size() == 1 ? "its incident of " + last.date() + " (" + money(last.lossUsd()) + " lost, scope " + last.scope() + ")"
                : "its " + apart.size() + " incidents (the latest on " + last.date() + ", " + money(last.lossUsd()) + " lost)";
        String msg = "Your " + symbol + " on " + h.chain() + (h.isPosition() ? " is a position in " : " is a token of ") + name + "; " + which
                + " did not touch this asset: history, not a risk.";
        List<String> matched = new ArrayList<>();
        matched.add("holding: " + h.chain() + " " + h.token() + " (" + symbol + ")");
        for (ExposureData.IncidentRef i : apart) {
            matched.add("incidents: protocol " + i.protocolSlug() + " — " + i.id() + " (scope " + i.scope()
                    + (i.affectedContracts().isEmpty() && i.affectedAssets().isEmpty() ? ", no affected contract or asset on record"
                    : ", its affected contracts and assets do not include this token") + ")");
        }
        groups.put(gk, new Finding(Severity.INFO, HISTORY, h.chain(), h.token(), h.symbol(), h.protocol(), null, null, ids(apart), msg,
                new Finding.Evidence("the token's protocol had incidents, none protocol-wide and none touching this token", matched,
                        dates(apart), new ArrayList<>(List.of(h.token()))), gk, false));
    }

    private static Finding compromisedBridge(Holding h, ExposureData.InfraRef i, LocalDate today) {
        boolean recentIncident = !i.incidents().isEmpty() && recent(latest(i.incidents()).date(), today);
        Severity sev = i.paused() || i.archived() || recentIncident ? Severity.CRITICAL : Severity.HIGH;
        String symbol = sym(h.symbol(), h.token());
        StringBuilder msg = new StringBuilder("Your " + symbol + " on " + h.chain() + " is a bridged token that depends on " + i.name());
        if (!i.incidents().isEmpty()) {
            ExposureData.IncidentRef last = latest(i.incidents());
            msg.append(", which was exploited on ").append(last.date()).append(" (").append(money(last.lossUsd())).append(" lost)");
        } else if (i.exploited()) {
            msg.append(", which is recorded as exploited");
        }
        if (i.paused()) msg.append("; the bridge is paused");
        if (i.archived()) msg.append("; the bridge is discontinued");
        msg.append(". A bridged token is only worth what the bridge still holds behind it.");
        List<String> matched = new ArrayList<>();
        matched.add("holding: " + h.chain() + " " + h.token() + " (" + symbol + ", kind " + h.kind()
                + (h.bridge() != null ? ", registry bridge " + h.bridge() : "") + (h.originChain() != null ? ", origin " + h.originChain() + " " + h.originAddress() : "") + ")");
        matched.add("infrastructure: " + i.slug() + " (" + i.kind() + ")" + (i.exploited() ? " exploited" : "") + (i.paused() ? " paused" : "")
                + (i.archived() ? " archived" : ""));
        for (ExposureData.IncidentRef r : i.incidents()) matched.add("incident link: " + i.slug() + " — " + r.id());
        return new Finding(sev, COMPROMISED_BRIDGE, h.chain(), h.token(), h.symbol(), h.protocol(), i.slug(), null, ids(i.incidents()),
                msg.toString(), new Finding.Evidence("the asset is a bridged representation and its bridge has incidents or is paused/archived",
                matched, dates(i.incidents()), List.of(h.token())), key(COMPROMISED_BRIDGE, h.chain(), h.token(), i.slug()), false);
    }

    private static void infraRisk(Holding h, ExposureData.InfraRef i, LocalDate today, Map<String, Finding> groups) {
        String gk = key(INFRA_RISK, h.chain(), "*", i.slug());
        Finding prev = groups.get(gk);
        String symbol = sym(h.symbol(), h.token());
        if (prev != null) {
            List<String> assets = new ArrayList<>(prev.evidence().assets());
            assets.add(h.token());
            List<String> matched = new ArrayList<>(prev.evidence().matched());
            matched.add("holding: " + h.chain() + " " + h.token() + " (" + symbol + ")");
            groups.put(gk, new Finding(prev.severity(), prev.kind(), prev.chain(), prev.asset(), prev.assetSymbol(), prev.protocol(),
                    prev.infrastructure(), null, prev.incidentIds(), prev.message().replaceFirst("^Your (.+?) on ", "Your $1, " + symbol + " on "),
                    new Finding.Evidence(prev.evidence().rule(), matched, prev.evidence().incidentDates(), assets), prev.key(), false));
            return;
        }
        boolean recentIncident = !i.incidents().isEmpty() && recent(latest(i.incidents()).date(), today);
        Severity sev;
        String reason;
        if (i.exploited() || i.paused() || i.archived()) {
            sev = recentIncident || i.paused() || i.archived() ? Severity.HIGH : Severity.MEDIUM;
            reason = i.exploited() && !i.incidents().isEmpty()
                    ? "which was exploited on " + latest(i.incidents()).date() + " (" + money(latest(i.incidents()).lossUsd()) + " lost)"
                    : i.paused() ? "which is paused" : i.archived() ? "which is discontinued" : "which is recorded as exploited";
        } else if ("custodian".equals(i.kind())) {
            // A custodial issuer is a known, visible trust assumption: low, with its weakest rating spelled out.
            sev = Severity.LOW;
            reason = "a custodial issuer" + (i.operator() != null ? " (" + i.operator() + ")" : "")
                    + ": its value rests on that company's reserves, and it can freeze or block tokens"
                    + (i.badReasons().isEmpty() ? "" : "; " + lowerFirst(i.badReasons().get(0)));
        } else {
            sev = Severity.MEDIUM;
            reason = "whose security is rated weak: " + lowerFirst(i.badReasons().get(0));
        }
        String msg = "Your " + symbol + " on " + h.chain() + " depends on " + i.name() + ", " + reason + ".";
        List<String> matched = new ArrayList<>();
        matched.add("holding: " + h.chain() + " " + h.token() + " (" + symbol + ")");
        matched.add("infrastructure: " + i.slug() + " (" + i.kind() + ")");
        for (String b : i.badReasons()) matched.add("rated bad: " + b);
        for (ExposureData.IncidentRef r : i.incidents()) matched.add("incident link: " + i.slug() + " — " + r.id());
        groups.put(gk, new Finding(sev, INFRA_RISK, h.chain(), h.token(), h.symbol(), h.protocol(), i.slug(), null, ids(i.incidents()), msg,
                new Finding.Evidence("the asset depends on infrastructure with weak guarantees or a record of incidents", matched,
                        dates(i.incidents()), new ArrayList<>(List.of(h.token()))), gk, false));
    }

    private static Finding unlisted(Holding h) {
        List<String> facts = new ArrayList<>();
        facts.add("received by the wallet (Transfer event) and not in the token registry");
        facts.add(h.symbol() != null ? "symbol() answers '" + h.symbol() + "'" : "symbol() gives no readable answer");
        facts.add(h.decimals() >= 0 ? "decimals() answers " + h.decimals() : "decimals() gives no usable answer");
        facts.add("balance " + h.balanceRaw() + " raw units");
        String msg = (h.symbol() != null ? "“" + h.symbol() + "”" : "A token") + " at " + shortAddr(h.token())
                + " is not in Perimeter's registry, so we cannot say what backs it. Unknown is not the same as safe — or as spam.";
        return new Finding(Severity.INFO, UNLISTED, h.chain(), h.token(), h.symbol(), null, null, null, List.of(), msg,
                new Finding.Evidence("the token is held but not in the registry", facts, List.of(), List.of(h.token())),
                key(UNLISTED, h.chain(), h.token(), ""), false);
    }
}
