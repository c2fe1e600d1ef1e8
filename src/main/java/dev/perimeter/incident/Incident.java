package dev.perimeter.incident;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * One event, with every dataset record merged into it.
 * @param vectorRule   short code of what set the vector: "reviewed", "rule:&lt;id&gt;", "source:&lt;dataset&gt;" or the fallback
 * @param vectorBasis  the same in words: the rule's meaning and the text it matched, or the reviewed source and reason
 * @param scope        what the incident touched (contracts | protocol | peripheral)
 * @param scopeBasis   the review or documented rule that set the scope, in words
 * @param affectedAssets tokens drained, minted or depegged (reviewed); empty when not reviewed
 * @param lossNote     why the USD loss is what it is when a review or a conflict decided it; null otherwise
 * @param reviewed     a verified review (reviews.csv) decided vector, scope and loss
 */
public record Incident(
        String id,
        LocalDate date,
        String semester,
        String protocolSlug,
        String protocolName,
        String title,
        BigDecimal lossUsd,
        String lossRaw,
        String lossBasis,
        Vector vector,
        String vectorRule,
        String technique,
        String attribution,
        String attributionSource,
        BigDecimal fundsReturnedUsd,
        boolean verified,
        String origin,
        List<String> chains,
        List<SourceRecord> sources,
        List<ContractRef> contracts,
        String vectorBasis,
        Scope scope,
        String scopeBasis,
        List<AffectedAsset> affectedAssets,
        String lossNote,
        boolean reviewed,
        String contentHash) {

    /**
     * Contract roles that say a contract was hit: vulnerable (its code was at fault), exploited (users approved or deposited
     * into it, and the attack abused that), victim (funds were taken from it), affected (a reviewer named it). Drainer and
     * attacker addresses are the attackers' own: they were not hit.
     */
    public static final List<String> AFFECTED_ROLES = List.of("vulnerable", "exploited", "victim", "affected");

    /**
     * Roles whose contracts make an approval dangerous: every scan checks allowances to them. Only from evidence that users'
     * approvals to the contract were abused — Revoke.cash's approval-exploit list, a reviewed row of
     * data/contracts/approval-evidence.csv (a PoC that pulls victims' tokens with transferFrom through it, or a post-mortem),
     * a review's {@code =exploited} — or an attacker's drainer address. A dataset's "vulnerable" or "victim" label is a
     * mention: shown with its incident, never a reason to revoke. A token contract of the registry never has one
     * ({@link ApprovalRoles}). Never attacker EOAs.
     */
    public static final List<String> APPROVAL_ROLES = List.of("exploited", "drainer");

    /**
     * The roles the exposure snapshot reads: the approval roles, and "vulnerable" (a held token whose own contract an
     * incident names as the vulnerable one).
     */
    public static final List<String> SNAPSHOT_ROLES = List.of("exploited", "drainer", "vulnerable");

    /** A role that only says the incident's sources name the contract (ApprovalRoles demotes an approval role to it). */
    public static final String MENTIONED = "mentioned";

    public Incident {
        chains = chains == null ? List.of() : List.copyOf(chains);
        sources = sources == null ? List.of() : List.copyOf(sources);
        contracts = contracts == null ? List.of() : List.copyOf(contracts);
        affectedAssets = affectedAssets == null ? List.of() : List.copyOf(affectedAssets);
        scope = scope == null ? Scope.CONTRACTS : scope;
    }

    public BigDecimal netLossUsd() {
        if (lossUsd == null) return null;
        return fundsReturnedUsd == null ? lossUsd : lossUsd.subtract(fundsReturnedUsd).max(BigDecimal.ZERO);
    }

    /** The vulnerable, victim and reviewed contracts: what the incident touched. */
    public List<ContractRef> affectedContracts() {
        return contracts.stream().filter(c -> AFFECTED_ROLES.contains(c.role())).toList();
    }

    public Incident withId(String newId) {
        return new Incident(newId, date, semester, protocolSlug, protocolName, title, lossUsd, lossRaw, lossBasis, vector, vectorRule,
                technique, attribution, attributionSource, fundsReturnedUsd, verified, origin, chains, sources, contracts, vectorBasis,
                scope, scopeBasis, affectedAssets, lossNote, reviewed, contentHash);
    }

    public Incident withOrigin(String newOrigin) {
        return new Incident(id, date, semester, protocolSlug, protocolName, title, lossUsd, lossRaw, lossBasis, vector, vectorRule,
                technique, attribution, attributionSource, fundsReturnedUsd, verified, newOrigin, chains, sources, contracts, vectorBasis,
                scope, scopeBasis, affectedAssets, lossNote, reviewed, contentHash);
    }

    public Incident withHash(String hash) {
        return new Incident(id, date, semester, protocolSlug, protocolName, title, lossUsd, lossRaw, lossBasis, vector, vectorRule,
                technique, attribution, attributionSource, fundsReturnedUsd, verified, origin, chains, sources, contracts, vectorBasis,
                scope, scopeBasis, affectedAssets, lossNote, reviewed, hash);
    }

    public Incident withDetails(List<String> newChains, List<SourceRecord> newSources, List<ContractRef> newContracts,
                                List<AffectedAsset> newAssets) {
        return new Incident(id, date, semester, protocolSlug, protocolName, title, lossUsd, lossRaw, lossBasis, vector, vectorRule,
                technique, attribution, attributionSource, fundsReturnedUsd, verified, origin, newChains, newSources, newContracts,
                vectorBasis, scope, scopeBasis, newAssets, lossNote, reviewed, contentHash);
    }
}
