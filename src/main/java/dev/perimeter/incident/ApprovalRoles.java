package dev.perimeter.incident;

import dev.perimeter.util.Addresses;
import dev.perimeter.util.ChainAddress;
import dev.perimeter.util.Csv;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which contracts make an approval dangerous, from evidence (issue 19). A contract gets an approval role
 * ({@link Incident#APPROVAL_ROLES}: exploited, drainer) only from
 * <ul>
 *   <li>Revoke.cash's approval-exploit list (its addresses are the contracts whose users' approvals were abused, or the
 *       attackers' drainers — {@link RevokeRoles});</li>
 *   <li>a reviewed row of {@value #FILE}: a DeFiHackLabs PoC that pulls victims' tokens with transferFrom through the
 *       contract, or a post-mortem that says users' approvals to it were abused (each row names the record of its incident,
 *       the evidence and a reason); a row may also mark such a contract fixed since, or take a dataset's approval role away
 *       ({@code mention});</li>
 *   <li>a review's {@code chain:0xaddress=exploited} (reviews.csv).</li>
 * </ul>
 * A PoC header's "Vulnerable Contract" or a chronicle's "victim" is a mention: the contract keeps that role, shown with its
 * incident, and is never a reason to revoke. A token contract of the registry never has an approval role (an approval whose
 * spender is a token contract is not a risk on its own): the build turns such a role into {@link Incident#MENTIONED}.
 */
public final class ApprovalRoles {
    public static final String FILE = "contracts/approval-evidence.csv";
    public static final List<String> ROLES = List.of("exploited", "drainer", "fixed", "mention", "not_hit");
    public static final List<String> KINDS = List.of("poc_transferfrom", "post_mortem", "poc_use");
    /** The source of a role a row set starts with this; check-data and the contract page read it. */
    public static final String EVIDENCE_PREFIX = "approval evidence: ";
    static final int MAX_EVIDENCE = 250;
    static final int MAX_REASON = 200;

    /**
     * One reviewed row.
     * @param record the {@code dataset|date|name} key of a record of the incident the row is about
     * @param role   exploited | drainer | fixed (exploited, fixed since: revoking optional) | mention (no approval role) |
     *               not_hit (a dataset calls it vulnerable, but the incident only used it as designed: neither its holders
     *               nor its approvers were exposed — no role that makes a finding, shown as a mention)
     * @param kind   poc_transferfrom | post_mortem | poc_use (the PoC line that uses the contract as designed)
     */
    public record Evidence(int line, String chain, String address, String record, String role, String kind, String evidence,
                           String reason) {
        /** The role it stores: a fixed exploit is stored "exploited" with the fixed mark, as Revoke.cash's fixed rows are. */
        String storedRole() {
            return switch (role) {
                case "fixed" -> "exploited";
                case "mention", "not_hit" -> Incident.MENTIONED;
                default -> role;
            };
        }

        String source() {
            return EVIDENCE_PREFIX + FILE + " line " + line + " (" + kind + "): " + evidence
                    + ("fixed".equals(role) ? DatasetReaders.FIXED_BY_EVIDENCE : "");
        }
    }

    /** What the build did: the rows applied, the registry tokens whose approval role was taken away. */
    public record Applied(List<Incident> incidents, List<Evidence> used, List<String> demotedTokens) {}

    private ApprovalRoles() {}

    public static List<Evidence> parse(byte[] csv, String file) {
        List<Evidence> out = new ArrayList<>();
        Set<RowKey> seen = new HashSet<>();
        for (Csv.Row r : Csv.read(csv, file, List.of("chain", "address", "record", "role", "evidence_kind", "evidence", "reason"))) {
            String at = file + ": line " + r.line() + ": ";
            String chain = r.get("chain").toLowerCase(Locale.ROOT);
            if (!(dev.perimeter.util.Chains.bySlug(chain).isPresent() || chain.matches("chain-\\d+"))) {
                throw new Csv.CsvException(at + "unknown chain '" + r.get("chain") + "'", null);
            }
            String address = Addresses.lower(r.get("address")).orElseThrow(() -> new Csv.CsvException(at + "address is not 0x + 40 hex", null));
            String record = r.get("record");
            if (record.split("\\|", -1).length < 3) throw new Csv.CsvException(at + "record must be dataset|date|name", null);
            String role = r.get("role");
            if (!ROLES.contains(role)) throw new Csv.CsvException(at + "unknown role '" + role + "' " + ROLES, null);
            String kind = r.get("evidence_kind");
            if (!KINDS.contains(kind)) throw new Csv.CsvException(at + "unknown evidence_kind '" + kind + "' " + KINDS, null);
            String evidence = r.get("evidence");
            if (evidence.isBlank() || evidence.length() > MAX_EVIDENCE) {
                throw new Csv.CsvException(at + "evidence must be given, at most " + MAX_EVIDENCE + " characters", null);
            }
            if (kind.equals("post_mortem") && !evidence.startsWith("https://")) {
                throw new Csv.CsvException(at + "a post_mortem's evidence is the URL read", null);
            }
            if (kind.equals("poc_use") != role.equals("not_hit")) {
                throw new Csv.CsvException(at + "not_hit rows, and only they, cite poc_use evidence", null);
            }
            if ((kind.equals("poc_transferfrom") || kind.equals("poc_use")) && !evidence.matches("[\\w.-]+/[\\w.-]+:\\S+\\.sol@[0-9a-f]{40} L\\d+")) {
                throw new Csv.CsvException(at + "a " + kind + "'s evidence is owner/repo:path.sol@commit L<line>", null);
            }
            String reason = r.get("reason");
            if (reason.isBlank() || reason.length() > MAX_REASON) {
                throw new Csv.CsvException(at + "reason must be given, at most " + MAX_REASON + " characters", null);
            }
            if (!seen.add(new RowKey(new ChainAddress(chain, address), record))) throw new Csv.CsvException(at + "a second row for " + chain + ":" + address + " and " + record, null);
            out.add(new Evidence(r.line(), chain, address, record, role, kind, evidence, reason));
        }
        return List.copyOf(out);
    }

    /** What one evidence row is about: one contract in one dataset record (a second row for both is refused). */
    private record RowKey(ChainAddress contract, String record) {}

    /** The rows of {@value #FILE} whose record is no dataset row (check-data fails on them). */
    public static List<String> dangling(List<Evidence> evidence, List<SourceRecord> records) {
        return SourceRecord.dangling(FILE, evidence, Evidence::line, Evidence::record, records);
    }

    /**
     * Applies the evidence rows to the incidents holding their records, then takes every approval role away from registry
     * token contracts.
     * @param registryTokens chain and (lowercase) address of every token of the registry
     */
    public static Applied apply(List<Incident> incidents, List<Evidence> evidence, Set<ChainAddress> registryTokens) {
        Map<String, List<Evidence>> byRecord = new java.util.HashMap<>();
        for (Evidence e : evidence) byRecord.computeIfAbsent(e.record(), k -> new ArrayList<>()).add(e);
        List<Incident> out = new ArrayList<>(incidents.size());
        List<Evidence> used = new ArrayList<>();
        List<String> demoted = new ArrayList<>();
        for (Incident i : incidents) {
            List<Evidence> rows = new ArrayList<>();
            for (SourceRecord s : i.sources()) rows.addAll(byRecord.getOrDefault(s.key(), List.of()));
            List<ContractRef> contracts = new ArrayList<>(i.contracts());
            for (Evidence e : rows) {
                // The reviewed row replaces every approval role the datasets gave this address in this incident; the
                // datasets' mentions (vulnerable, victim, attacker…) stay — except after a not_hit row, which also takes
                // away the "vulnerable"/"victim"/"affected" labels (a held token with them would read as hit).
                boolean notHit = e.role().equals("not_hit");
                contracts.removeIf(c -> c.chain().equals(e.chain()) && c.address().equals(e.address())
                        && (Incident.APPROVAL_ROLES.contains(c.role()) || Incident.MENTIONED.equals(c.role())
                            || (notHit && Incident.AFFECTED_ROLES.contains(c.role()))));
                contracts.add(new ContractRef(e.chain(), e.address(), e.storedRole(), e.source()));
                used.add(e);
            }
            List<ContractRef> checked = new ArrayList<>(contracts.size());
            Set<ContractRef.RoleAt> have = new HashSet<>();
            for (ContractRef c : contracts) {
                ContractRef x = c;
                if (Incident.APPROVAL_ROLES.contains(c.role()) && registryTokens.contains(c.at())) {
                    x = new ContractRef(c.chain(), c.address(), Incident.MENTIONED, trim(c.source() + " — a token of the registry: never an approval role"));
                    demoted.add(c.chain() + ":" + c.address() + " (" + c.role() + ", " + i.id() + ")");
                }
                if (have.add(x.roleAt())) checked.add(x);
            }
            if (checked.equals(i.contracts())) {
                out.add(i);
                continue;
            }
            List<String> chains = new ArrayList<>(i.chains());
            for (ContractRef c : checked) if (!c.chain().startsWith("chain-") && !chains.contains(c.chain())) chains.add(c.chain());
            out.add(IncidentMerger.withHash(i.withDetails(chains, i.sources(), checked, i.affectedAssets())));
        }
        return new Applied(List.copyOf(out), List.copyOf(used), List.copyOf(demoted));
    }

    private static String trim(String s) {
        return s.length() <= 400 ? s : s.substring(0, 399) + "…";
    }
}
