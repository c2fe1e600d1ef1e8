package dev.perimeter.contract;

import dev.perimeter.incident.IncidentQueryStore;
import dev.perimeter.incident.IncidentService;
import dev.perimeter.infrastructure.Infrastructure;
import dev.perimeter.infrastructure.InfrastructureService;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What Perimeter's data says about one contract: the incidents naming it — apart, those where users' approvals to it were
 * abused (advice: revoke) and those that merely name it (no advice) — the infrastructure it belongs to, and what it is
 * when it is one of the contracts most wallets approve.
 */
public final class ContractLookup {
    /** What each role means, in words, for the page and the API. */
    public static String roleMeaning(String role) {
        return switch (role) {
            case "exploited" -> "users' approvals to this contract were abused in the attack (Revoke.cash's approval-exploit list, or a reviewed PoC or post-mortem)";
            case "vulnerable" -> "a dataset labels it the vulnerable contract (a PoC header or a hack list): a mention, not evidence that approvals to it are unsafe";
            case "victim" -> "a dataset lists it as a victim (funds or its tokens were taken): a mention, not evidence that approvals to it are unsafe";
            case "affected" -> "a reviewer named it as hit";
            case "mentioned" -> "named by the incident's sources; no evidence that approvals to it were abused";
            case "drainer" -> "the attackers' own address: a compromised front-end or library asked users to approve it";
            case "attacker" -> "the attackers' own address or contract";
            default -> role;
        };
    }

    /** True for a role that says approvals to the contract were abused (or that it is a drainer). */
    public static boolean approvalRole(String role) {
        return dev.perimeter.incident.Incident.APPROVAL_ROLES.contains(role);
    }

    private final IncidentService incidents;
    private final InfrastructureService infrastructure;
    private final WellKnownContracts wellKnown;

    public ContractLookup(IncidentService incidents, InfrastructureService infrastructure, WellKnownContracts wellKnown) {
        this.incidents = incidents;
        this.infrastructure = infrastructure;
        this.wellKnown = wellKnown;
    }

    /** A contract of an infrastructure row, with its role there (e.g. "escrow (L1StandardBridge)"). */
    public record InfraMembership(String slug, String name, String kind, String role, boolean exploited) {}

    /**
     * @param incidents      every incident naming the contract, newest first
     * @param approvalAbuse  those of them whose role says users' approvals to it were abused (or that it is a drainer)
     * @param mentions       the others: named, no advice
     * @param wellKnown      the contract's row in the list of contracts most wallets approve, or null
     * @param advice         plain sentences: what a holder or approver should do
     */
    public record Report(String chain, String address, List<IncidentQueryStore.ContractMention> incidents,
                         List<IncidentQueryStore.ContractMention> approvalAbuse, List<IncidentQueryStore.ContractMention> mentions,
                         InfraMembership infrastructure, WellKnownContracts.Contract wellKnown, List<String> advice) {
        public boolean approvalsAbused() {
            return !approvalAbuse.isEmpty();
        }
    }

    /**
     * A Solana mint that token-rules.csv links to infrastructure (an LST to its stake pool, a Portal-wrapped mint to Portal):
     * the first row it rests on, with the role "token". Solana's programs and mints are not in contracts.csv (EVM addresses
     * only), so a mint's page finds its infrastructure through the token links.
     */
    private Optional<InfraMembership> mintMembership(String address) {
        for (Infrastructure i : infrastructure.catalog().all()) {
            for (dev.perimeter.token.Token t : infrastructure.catalog().tokensOf(i.slug())) {
                if (!dev.perimeter.solana.SolanaRpcReader.CHAIN.equals(t.chain()) || !t.address().equals(address)) continue;
                List<String> slugs = infrastructure.catalog().forToken(t);
                Infrastructure first = slugs.isEmpty() ? i : infrastructure.catalog().get(slugs.get(0)).orElse(i);
                return Optional.of(new InfraMembership(first.slug(), first.name(), first.kind(), "token (" + t.display() + ") resting on it",
                        first.exploited()));
            }
        }
        return Optional.empty();
    }

    /** Empty when neither an incident, an infrastructure row nor the well-known list names the contract (unknown is not safe). */
    public Optional<Report> lookup(String chain, String address) {
        List<IncidentQueryStore.ContractMention> all = incidents.mentionsOf(chain, address);
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
        if (infra == null && infrastructure.loaded() && dev.perimeter.solana.SolanaRpcReader.CHAIN.equals(chain)) {
            infra = mintMembership(address).orElse(null);
        }
        WellKnownContracts.Contract known = wellKnown.find(chain, address).orElse(null);
        if (all.isEmpty() && infra == null && known == null) return Optional.empty();
        List<IncidentQueryStore.ContractMention> abuse = all.stream().filter(m -> approvalRole(m.role())).toList();
        List<IncidentQueryStore.ContractMention> mentions = all.stream().filter(m -> !approvalRole(m.role())).toList();
        List<String> advice = new ArrayList<>();
        var drainer = abuse.stream().filter(m -> m.role().equals("drainer")).findFirst();
        if (drainer.isPresent()) {
            advice.add("Revoke every approval to this address now: it belongs to the attackers of the " + drainer.get().protocolName()
                    + " incident of " + drainer.get().date() + " (a compromised front-end or library asked users to approve it), and"
                    + " whatever it may spend is theirs to take. In your own wallet (or a revoke tool you trust) send approve(this address, 0)"
                    + " on each token you approved.");
        } else if (!abuse.isEmpty() && abuse.stream().allMatch(m -> dev.perimeter.incident.DatasetReaders.fixed(m.source()))) {
            IncidentQueryStore.ContractMention latest = abuse.get(0);
            advice.add("Users' approvals to this contract were abused in the " + latest.protocolName() + " incident of " + latest.date()
                    + "; the exploit is marked fixed since (patched, upgraded or disabled), so revoking approvals to it is optional —"
                    + " and still the safe choice if you no longer use it.");
        } else if (!abuse.isEmpty()) {
            IncidentQueryStore.ContractMention latest = abuse.get(0);
            advice.add("Revoke approvals to this contract: users' approvals to it were abused in the " + latest.protocolName()
                    + " incident of " + latest.date() + (abuse.size() > 1 ? " and " + (abuse.size() - 1) + " other incident(s)" : "")
                    + ". In your own wallet (or a revoke tool you trust) send approve(this contract, 0) on each token you approved.");
        } else if (mentions.stream().anyMatch(m -> m.role().equals("attacker"))) {
            IncidentQueryStore.ContractMention a = mentions.stream().filter(m -> m.role().equals("attacker")).findFirst().orElseThrow();
            advice.add("This address belongs to the attackers of the " + a.protocolName() + " incident of " + a.date()
                    + ": never approve it or send it anything.");
        }
        if (infra != null) {
            advice.add("This contract belongs to " + infra.name() + " (" + infra.kind() + ")" + (infra.exploited() ? ", which has a record of incidents" : "")
                    + ": tokens that depend on it carry its risk. See its page for how it is secured.");
        }
        return Optional.of(new Report(chain, address, List.copyOf(all), abuse, mentions, infra, known, List.copyOf(advice)));
    }
}
