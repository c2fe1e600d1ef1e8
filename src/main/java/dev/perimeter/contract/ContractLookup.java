package dev.perimeter.contract;

import dev.perimeter.incident.IncidentQueryStore;
import dev.perimeter.incident.IncidentService;
import dev.perimeter.infrastructure.Infrastructure;
import dev.perimeter.infrastructure.InfrastructureService;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What Perimeter's data says about one contract: the incidents naming it, the infrastructure it belongs to, what to do. */
public final class ContractLookup {
    /** Roles that make an approval to the contract dangerous (an approval to an attacker's address is too). */
    static final Set<String> REVOKE_ROLES = Set.of("exploited", "vulnerable", "victim", "drainer", "attacker");

    /** What each role means, in words, for the page and the API. */
    public static String roleMeaning(String role) {
        return switch (role) {
            case "exploited" -> "users approved or deposited into this contract, and the attack abused it";
            case "vulnerable" -> "its code was at fault";
            case "victim" -> "funds were taken from it";
            case "affected" -> "a reviewer named it as hit";
            case "drainer" -> "the attackers' own address: a compromised front-end or library asked users to approve it";
            case "attacker" -> "the attackers' own address or contract";
            default -> role;
        };
    }

    private final IncidentService incidents;
    private final InfrastructureService infrastructure;

    public ContractLookup(IncidentService incidents, InfrastructureService infrastructure) {
        this.incidents = incidents;
        this.infrastructure = infrastructure;
    }

    /** A contract of an infrastructure row, with its role there (e.g. "escrow (L1StandardBridge)"). */
    public record InfraMembership(String slug, String name, String kind, String role, boolean exploited) {}

    /**
     * @param advice plain sentences: what a holder or approver should do
     */
    public record Report(String chain, String address, List<IncidentQueryStore.ContractMention> incidents,
                         InfraMembership infrastructure, List<String> advice) {}

    /** Empty when neither an incident nor an infrastructure row names the contract (unknown is not the same as safe). */
    public Optional<Report> lookup(String chain, String address) {
        List<IncidentQueryStore.ContractMention> mentions = incidents.mentionsOf(chain, address);
        InfraMembership infra = null;
        if (infrastructure.loaded()) {
            Optional<String> slug = infrastructure.catalog().byContract(chain, address);
            if (slug.isPresent()) {
                Infrastructure i = infrastructure.catalog().get(slug.get()).orElseThrow();
                String role = i.contracts().stream().filter(c -> c.chain().equals(chain) && c.address().equals(address))
                        .map(Infrastructure.Contract::role).findFirst().orElse(null);
                infra = new InfraMembership(i.slug(), i.name(), i.kind(), role, i.exploited());
            }
        }
        if (mentions.isEmpty() && infra == null) return Optional.empty();
        List<String> advice = new ArrayList<>();
        var drainer = mentions.stream().filter(m -> m.role().equals("drainer")).findFirst();
        if (drainer.isPresent()) {
            advice.add("Revoke every approval to this address now: it belongs to the attackers of the " + drainer.get().protocolName()
                    + " incident of " + drainer.get().date() + " (a compromised front-end or library asked users to approve it), and"
                    + " whatever it may spend is theirs to take. In your own wallet (or a revoke tool you trust) send approve(this address, 0)"
                    + " on each token you approved.");
        } else if (!mentions.isEmpty() && mentions.stream().allMatch(m -> m.source() != null
                && m.source().endsWith(dev.perimeter.incident.DatasetReaders.FIXED_MARK))) {
            IncidentQueryStore.ContractMention latest = mentions.get(0);
            advice.add("This contract was exploited in the " + latest.protocolName() + " incident of " + latest.date() + "; the exploit"
                    + " list marks it fixed since (patched or upgraded), so revoking approvals to it is optional — and still the safe"
                    + " choice if you no longer use it.");
        } else if (mentions.stream().anyMatch(m -> REVOKE_ROLES.contains(m.role()))) {
            IncidentQueryStore.ContractMention latest = mentions.get(0);
            advice.add("Revoke approvals to this contract: it is named in the " + latest.protocolName() + " incident of " + latest.date()
                    + (mentions.size() > 1 ? " and " + (mentions.size() - 1) + " other incident(s)" : "")
                    + ". In your own wallet (or a revoke tool you trust) send approve(this contract, 0) on each token you approved.");
        }
        if (infra != null) {
            advice.add("This contract belongs to " + infra.name() + " (" + infra.kind() + ")" + (infra.exploited() ? ", which has a record of incidents" : "")
                    + ": tokens that depend on it carry its risk. See its page for how it is secured.");
        }
        return Optional.of(new Report(chain, address, List.copyOf(mentions), infra, List.copyOf(advice)));
    }
}
