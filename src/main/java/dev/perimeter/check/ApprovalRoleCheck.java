package dev.perimeter.check;

import dev.perimeter.contract.WellKnownContracts;
import dev.perimeter.incident.ApprovalRoles;
import dev.perimeter.incident.ContractRef;
import dev.perimeter.incident.DatasetReaders;
import dev.perimeter.incident.Incident;
import dev.perimeter.incident.ShippedIncidents;
import dev.perimeter.util.ChainAddress;
import dev.perimeter.util.Csv;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * check-data's audit of the approval roles (issue 19): which contracts a scan may tell a user to revoke approvals to, and
 * why. Prints every approval-role contract with the evidence that gave it the role, the dataset labels that stay mentions,
 * the registry tokens whose role was taken away, and fails when a well-known contract (data/contracts/well-known.csv) has
 * an approval role that no reviewed row of approval-evidence.csv confirms.
 */
public final class ApprovalRoleCheck {
    /** Roles that made an approval dangerous before issue 19: every contract that had one is decided again here. */
    static final Set<String> FORMER_APPROVAL_ROLES = Set.of("exploited", "vulnerable", "victim", "drainer");

    /** The decision on one contract of one incident. */
    public record Decision(String chain, String address, String incidentId, String datasetRoles, String decision, String evidence) {
        static final List<String> HEADER = List.of("chain", "address", "incident", "roles", "decision", "evidence");

        ChainAddress at() {
            return new ChainAddress(chain, address);
        }
    }

    /** Contracts in the order the report lists them: by "chain:address" as written. */
    private static final java.util.Comparator<ChainAddress> AS_WRITTEN = java.util.Comparator.comparing(ChainAddress::toString);

    private ApprovalRoleCheck() {}

    /** Where the role came from, in a word: revoke (Revoke.cash's list), evidence:KIND, review, or the dataset. */
    static String origin(ContractRef c) {
        String s = c.source() == null ? "" : c.source();
        if (s.startsWith(ApprovalRoles.EVIDENCE_PREFIX)) {
            int open = s.indexOf(" ("), close = s.indexOf("):");
            return "evidence:" + (open > 0 && close > open ? s.substring(open + 2, close) : "?");
        }
        if (s.startsWith("revoke:")) return "revoke";
        if (s.startsWith("review:")) return "review";
        return "dataset";
    }

    /**
     * One row per (contract, incident) that has or had an approval role: what the rule decided — "approval role" (with the
     * evidence) or "mention" (a dataset label only; or a registry token).
     */
    public static List<Decision> decisions(List<Incident> incidents) {
        List<Decision> out = new ArrayList<>();
        for (Incident i : incidents) {
            Map<ChainAddress, List<ContractRef>> byAddress = new LinkedHashMap<>();
            for (ContractRef c : i.contracts()) byAddress.computeIfAbsent(c.at(), k -> new ArrayList<>()).add(c);
            for (List<ContractRef> refs : byAddress.values()) {
                ContractRef approval = refs.stream().filter(c -> Incident.APPROVAL_ROLES.contains(c.role())).findFirst().orElse(null);
                boolean former = refs.stream().anyMatch(c -> FORMER_APPROVAL_ROLES.contains(c.role()) || Incident.MENTIONED.equals(c.role()));
                if (approval == null && !former) continue;
                TreeSet<String> roles = new TreeSet<>();
                refs.forEach(c -> roles.add(c.role()));
                ContractRef first = refs.get(0);
                String decision, evidence;
                if (approval != null) {
                    decision = approval.role() + (DatasetReaders.fixed(approval.source()) ? " (fixed)" : "")
                            + " — approval role from " + origin(approval);
                    evidence = approval.source();
                } else {
                    ContractRef m = refs.stream().filter(c -> Incident.MENTIONED.equals(c.role())).findFirst().orElse(null);
                    decision = "mention — " + (m != null && m.source() != null && m.source().contains("a token of the registry")
                            ? "a token of the registry never has an approval role"
                            : m != null && m.source() != null && m.source().contains("(poc_use)")
                            ? "a reviewed row says the incident only used it as designed: not hit, no finding"
                            : m != null ? "a reviewed row says approvals to it were not abused" : "a dataset label, no evidence that users' approvals were abused");
                    evidence = refs.stream().map(ContractRef::source).filter(java.util.Objects::nonNull).findFirst().orElse("");
                }
                out.add(new Decision(first.chain(), first.address(), i.id(), String.join(" ", roles), decision, evidence));
            }
        }
        out.sort(java.util.Comparator.comparing(Decision::chain).thenComparing(Decision::address).thenComparing(Decision::incidentId));
        return out;
    }

    /** approval-roles.csv as check-data --approval-report writes it. */
    public static String decisionsCsv(List<Decision> rows) {
        StringBuilder sb = new StringBuilder(String.join(",", Decision.HEADER)).append('\n');
        for (Decision d : rows) {
            sb.append(String.join(",", List.of(Csv.quote(d.chain()), Csv.quote(d.address()), Csv.quote(d.incidentId()),
                    Csv.quote(d.datasetRoles()), Csv.quote(d.decision()), Csv.quote(d.evidence())))).append('\n');
        }
        return sb.toString();
    }

    /** Prints the section; returns the problems (well-known contracts with an unconfirmed approval role). */
    static List<String> run(ShippedIncidents.Loaded loaded, WellKnownContracts wellKnown, List<ApprovalRoles.Evidence> evidence, PrintStream out) {
        List<String> problems = new ArrayList<>();
        List<Decision> decisions = decisions(loaded.incidents());
        Map<ChainAddress, List<Decision>> approval = new TreeMap<>(AS_WRITTEN);
        Set<ChainAddress> mentionOnly = new TreeSet<>(AS_WRITTEN);
        Map<String, Integer> byOrigin = new TreeMap<>();
        for (Decision d : decisions) {
            if (d.decision().startsWith("exploited") || d.decision().startsWith("drainer")) {
                approval.computeIfAbsent(d.at(), x -> new ArrayList<>()).add(d);
            }
        }
        for (Decision d : decisions) {
            if (!approval.containsKey(d.at())) mentionOnly.add(d.at());
        }
        for (List<Decision> l : approval.values()) {
            Set<String> origins = new TreeSet<>();
            for (Decision d : l) origins.add(d.decision().substring(d.decision().indexOf(" from ") + 6));
            for (String o : origins) byOrigin.merge(o, 1, Integer::sum);
        }
        Set<ChainAddress> confirmed = new java.util.HashSet<>();
        for (ApprovalRoles.Evidence e : evidence) confirmed.add(new ChainAddress(e.chain(), e.address()));
        int reviewed = approval.size() + mentionOnly.size();
        out.println();
        out.println("## Approval roles (who a scan may tell to revoke)");
        out.println("rule: only contracts whose users' approvals were abused (Revoke.cash's list, a reviewed PoC or post-mortem in "
                + ApprovalRoles.FILE + ", a review's =exploited) or drainers; a dataset's \"vulnerable\"/\"victim\" label is a mention;"
                + " a registry token never");
        out.println("contracts decided (had or have an approval role): " + reviewed + " — approval role: " + approval.size()
                + ", mention only: " + mentionOnly.size() + " (decisions per incident: " + decisions.size() + ")");
        out.println("approval-role contracts by evidence: " + byOrigin);
        long used = loaded.approvalRoles().used().size();
        out.println("reviewed evidence rows (" + ApprovalRoles.FILE + "): " + evidence.size() + ", applied: " + used);
        out.println("registry tokens whose approval role was taken away: " + loaded.approvalRoles().demotedTokens().size());
        loaded.approvalRoles().demotedTokens().forEach(t -> out.println("  " + t));
        Set<ChainAddress> named = new java.util.HashSet<>();
        for (Decision d : decisions) named.add(d.at());
        int known = 0;
        for (WellKnownContracts.Contract w : wellKnown.all()) {
            ChainAddress k = w.at();
            if (named.contains(k)) known++;
            if (approval.containsKey(k) && !confirmed.contains(k)) {
                problems.add(WellKnownContracts.FILE + " line " + w.line() + ": " + w.project() + " " + w.name() + " (" + k
                        + ") has an approval role (" + approval.get(k).get(0).decision() + ", " + approval.get(k).get(0).incidentId()
                        + ") that no reviewed row of " + ApprovalRoles.FILE + " confirms");
            }
        }
        out.println("well-known contracts (" + WellKnownContracts.FILE + "): " + wellKnown.all().size() + ", named by an incident: " + known
                + ", with an approval role: " + wellKnown.all().stream().filter(w -> approval.containsKey(w.at())).count()
                + " (each must be confirmed by a reviewed evidence row)");
        out.println("every approval-role contract with the evidence that gave it the role:");
        for (Map.Entry<ChainAddress, List<Decision>> e : approval.entrySet()) {
            for (Decision d : e.getValue()) {
                out.println("  " + e.getKey() + " " + d.incidentId() + " — " + d.decision() + " — " + d.evidence());
            }
        }
        return problems;
    }
}
