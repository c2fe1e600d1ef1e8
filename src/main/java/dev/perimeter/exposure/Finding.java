package dev.perimeter.exposure;

import java.util.List;

/**
 * One risk the wallet carries, with the evidence for it.
 * @param kind           what kind of risk it is
 * @param asset          token address (lowercase) or "native"
 * @param key            stable key of the risk (kind, chain, asset, target) — no wallet address — used for dismissal
 */
public record Finding(Severity severity, FindingKind kind, String chain, String asset, String assetSymbol, String protocol,
                      String infrastructure, String spender, List<String> incidentIds, String message, Evidence evidence,
                      String key, boolean dismissed, List<PathStep> path) {

    /** The same finding without a dependency path (the risk is the holding itself). */
    public Finding(Severity severity, FindingKind kind, String chain, String asset, String assetSymbol, String protocol,
                   String infrastructure, String spender, List<String> incidentIds, String message, Evidence evidence,
                   String key, boolean dismissed) {
        this(severity, kind, chain, asset, assetSymbol, protocol, infrastructure, spender, incidentIds, message, evidence, key,
                dismissed, List.of());
    }

    /**
     * One step from the holding to what the risk sits on: a token, a protocol or an infrastructure row, how it relates to
     * the step before ("underlying", "bridged from", …) and the source that says so.
     * @param node token | protocol | infrastructure
     */
    public record PathStep(String node, String chain, String address, String name, String relation, String source) {}

    /** Why the finding exists: the rule that fired and the stored rows it matched, in words. */
    public record Evidence(String rule, List<String> matched, List<String> incidentDates, List<String> assets) {}

    public Finding withDismissed(boolean d) {
        return new Finding(severity, kind, chain, asset, assetSymbol, protocol, infrastructure, spender, incidentIds, message, evidence,
                key, d, path);
    }
}
