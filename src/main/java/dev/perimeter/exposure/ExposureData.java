package dev.perimeter.exposure;

import dev.perimeter.position.Edge;
import dev.perimeter.position.Holding;
import dev.perimeter.util.ChainAddress;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** What the matcher may look up: incidents by protocol and by contract, and the infrastructure behind a holding. */
public interface ExposureData {
    /** A token an incident drained, minted or depegged: a symbol, with chain and lowercase address where known. */
    record AssetRef(String symbol, String chain, String address) {}

    /**
     * An incident as the matcher needs it.
     * @param scope             contracts | protocol | peripheral (what the incident touched)
     * @param affectedContracts contracts it named as vulnerable, victim or (reviewed) affected
     * @param affectedAssets    tokens it drained, minted or depegged (reviewed)
     */
    record IncidentRef(String id, LocalDate date, String protocolSlug, String protocolName, BigDecimal lossUsd, String vector,
                       String title, String scope, List<ChainAddress> affectedContracts, List<AssetRef> affectedAssets) {
        public IncidentRef {
            scope = scope == null ? "contracts" : scope;
            affectedContracts = affectedContracts == null ? List.of() : List.copyOf(affectedContracts);
            affectedAssets = affectedAssets == null ? List.of() : List.copyOf(affectedAssets);
        }

        public boolean protocolWide() {
            return "protocol".equals(scope);
        }

        /**
         * How this incident touched the holding, in words, or null: the holding's token or its registry underlying is
         * an affected contract or an affected asset's address on the same chain, or the token's symbol is an affected
         * asset's (when the asset has no address and names no other chain). An underlying is matched by address only:
         * "USDC drained from pool X" says nothing about every token backed by USDC.
         */
        public String touch(Holding h) {
            if (h.isNative()) return null;
            for (ChainAddress c : affectedContracts) {
                if (!c.chain().equals(h.chain())) continue;
                if (c.address().equals(h.token())) return "the token contract " + c.address() + " is named by the incident";
                if (c.address().equals(h.underlying())) return "its underlying " + c.address() + " is named by the incident";
            }
            for (AssetRef a : affectedAssets) {
                if (a.address() != null) {
                    if (!h.chain().equals(a.chain())) continue;
                    if (a.address().equals(h.token())) return "the incident drained, minted or depegged " + a.symbol() + " (this token)";
                    if (a.address().equals(h.underlying())) return "the incident drained, minted or depegged its underlying " + a.symbol();
                } else if ((a.chain() == null || a.chain().equals(h.chain())) && h.symbol() != null
                        && a.symbol().equalsIgnoreCase(h.symbol())) {
                    return "the incident drained, minted or depegged " + a.symbol();
                }
            }
            return null;
        }
    }

    /** An infrastructure row as the matcher needs it; weak points are L2BEAT-style dimensions rated bad/warning, with reasons. */
    record InfraRef(String slug, String name, String kind, boolean exploited, boolean paused, boolean archived,
                    List<IncidentRef> incidents, List<String> badReasons, List<String> warningReasons, String operator) {}

    /**
     * A registry token as the dependency walk needs it: what it is, its protocol, and its edges — the same-chain
     * underlying (receipt, debt, vault, wrapper) and the origin it is bridged from — each with the registry row's source.
     */
    record TokenNode(String chain, String address, String symbol, String kind, String protocol, String underlying,
                     String originChain, String originAddress, String bridge, String source) {
        /** The chain and address the walk keys this token by. */
        public ChainAddress at() {
            return new ChainAddress(chain, address);
        }
    }

    /** The registry's view of a token, for walking from a holding to what backs it (empty when it is not in the registry). */
    default java.util.Optional<TokenNode> token(String chain, String address) {
        return java.util.Optional.empty();
    }

    /**
     * The data's edges from a token: the registry's same-chain underlying and the origin it is bridged from, each with
     * the registry row's source. Empty when the data gives none (then the walk follows edges read on-chain, if any).
     */
    default List<Edge> edges(String chain, String address) {
        return token(chain, address).map(ExposureData::edgesOf).orElse(List.of());
    }

    /**
     * A registry row's edges. The underlying of an LP token is one of its pool's coins: a loss there is shared with the
     * pool's other coins ({@link Edge.Layer#SHARED}); a receipt, debt, vault, wrapper or bridged token passes a loss
     * through whole.
     */
    static List<Edge> edgesOf(TokenNode n) {
        List<Edge> out = new java.util.ArrayList<>(2);
        if (n.underlying() != null && !n.underlying().isBlank()) {
            String relation = switch (n.kind() == null ? "" : n.kind()) {
                case "receipt" -> "receipt for deposited";
                case "debt" -> "debt in";
                case "lp" -> "pool coin";
                case "wrapped" -> "wraps";
                default -> "underlying";
            };
            out.add(new Edge(n.chain(), n.address(), n.chain(), n.underlying(), relation, n.source(),
                    "lp".equals(n.kind()) ? Edge.Layer.SHARED : Edge.Layer.WHOLE));
        }
        if (n.originChain() != null && n.originAddress() != null && !n.originAddress().isBlank()) {
            out.add(new Edge(n.chain(), n.address(), n.originChain(), n.originAddress(),
                    "bridged from" + (n.bridge() != null ? " (bridge " + n.bridge() + ")" : ""), n.source(), Edge.Layer.WHOLE));
        }
        return List.copyOf(out);
    }

    List<IncidentRef> incidentsOfProtocol(String protocolSlug);

    /**
     * Incidents that name this contract with a role whose approvals are dangerous — exploited (users' approvals to it were
     * abused, with evidence) or drainer (for spenders of approvals); never a dataset's mere "vulnerable" or "victim" label,
     * never attacker addresses, never a registry token.
     */
    List<IncidentRef> incidentsAtContract(String chain, String address);

    /**
     * True when every incident naming this contract marks it fixed (Revoke.cash's "fixed": patched or upgraded since, so
     * revoking is optional).
     */
    default boolean fixedAtContract(String chain, String address) {
        return false;
    }

    /** What gave this contract its approval role, one line each (Revoke.cash's list row, a reviewed PoC or post-mortem). */
    default List<String> approvalEvidence(String chain, String address) {
        return List.of();
    }

    /** The approval roles incidents give this contract (exploited, drainer), e.g. to tell a drainer apart. */
    default java.util.Set<String> rolesAtContract(String chain, String address) {
        return java.util.Set.of();
    }

    /**
     * Incidents that name this contract as the VULNERABLE one (the code at fault). Datasets also list "victim" addresses
     * that are merely the assets stolen (USDC, USDT…); those must not make a token look hacked itself.
     */
    List<IncidentRef> incidentsWithVulnerableContract(String chain, String address);

    /** The infrastructure a holding depends on, in order (empty for plain tokens and unknown rows). */
    List<InfraRef> infrastructureOf(Holding h);
}
