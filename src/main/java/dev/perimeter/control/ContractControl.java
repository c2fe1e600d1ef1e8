package dev.perimeter.control;

import dev.perimeter.chain.ControlReading;
import dev.perimeter.exposure.ControlRisk;
import dev.perimeter.infrastructure.InfrastructureService;
import dev.perimeter.token.Token;
import dev.perimeter.token.TokenRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The control reading of one contract for its page and API: the reading (kept or read now), the verdicts of the published
 * rules on it, and what the infrastructure rows say beside it.
 */
public final class ContractControl {
    /**
     * @param verdicts  the rules' verdicts: who can upgrade it, what verifies its bridge (a severity only where a finding
     *                  would follow for a holder)
     * @param compared  what data/infrastructure says beside the reading
     * @param fromCache the reading was kept from an earlier read (within PERIMETER_CONTROL_TTL)
     */
    public record Report(ControlReading reading, List<ControlRisk.Verdict> verdicts, List<InfraComparison.Line> compared, boolean fromCache) {}

    private final ControlService control;
    private final InfrastructureService infrastructure;
    private final TokenRegistry registry;

    public ContractControl(ControlService control, InfrastructureService infrastructure, TokenRegistry registry) {
        this.control = control;
        this.infrastructure = infrastructure;
        this.registry = registry;
    }

    /** Whether the chain's endpoint is configured (its contracts can be read). */
    public boolean covers(String chain) {
        return control.covers(chain);
    }

    /** Whether reading the contract now would reach the chain (no kept reading): such a read costs a unit of scan budget. */
    public boolean needsRead(String chain, String address) {
        return control.covers(chain) && !control.allCached(chain, List.of(address));
    }

    /** The contract's reading without reaching the chain: kept, or "not read" with the reason given. */
    public Report withoutReading(String chain, String address, String why) {
        Optional<ControlReading> kept = control.covers(chain) ? control.cached(chain, address) : Optional.empty();
        return kept.map(r -> report(r, true)).orElseGet(() -> report(ControlReading.notRead(chain, address, 0, why), false));
    }

    /** The contract's reading: kept, or read now. */
    public Report read(String chain, String address) {
        if (!dev.perimeter.util.Chains.isEvm(chain)) {
            return report(ControlReading.notRead(chain, address, 0, "control not read: who controls a " + chain + " account (a program's"
                    + " upgrade authority, a mint's mint and freeze authorities) is not read yet; an LST's stake pool manager is"
                    + " read in a wallet scan"), false);
        }
        if (!control.covers(chain)) {
            return report(ControlReading.notRead(chain, address, 0, "control not read: this instance reads no " + chain + " endpoint"), false);
        }
        ControlService.Lookup l = control.read(chain, List.of(address));
        return report(l.of(address), l.fromCache() > 0);
    }

    /**
     * What data/infrastructure says beside a reading made in a wallet scan (the wallet page and API): the rows of the
     * contract, of the addresses on its controller's path, and, for a registry token, of the infrastructure it depends on.
     * Pure over the loaded catalog: nothing is read.
     */
    public List<InfraComparison.Line> compared(ControlReading r) {
        if (r == null || !r.read() || !infrastructure.loaded()) return List.of();
        List<String> dependsOn = registry.find(r.chain(), r.contract()).map(t -> infrastructure.catalog().forToken(t)).orElse(List.of());
        return InfraComparison.compare(r, infrastructure.catalog(), dependsOn);
    }

    private Report report(ControlReading r, boolean fromCache) {
        String name = registry.find(r.chain(), r.contract()).map(Token::symbol).filter(s -> s != null && !s.isBlank()).orElse("This contract");
        List<ControlRisk.Verdict> verdicts = new ArrayList<>();
        ControlRisk.upgrade(r, name, name.equals("This contract") ? "its code" : "the token").ifPresent(verdicts::add);
        ControlRisk.messaging(r, name).ifPresent(verdicts::add);
        List<String> dependsOn = registry.find(r.chain(), r.contract())
                .map(t -> infrastructure.loaded() ? infrastructure.catalog().forToken(t) : List.<String>of()).orElse(List.of());
        List<InfraComparison.Line> compared = infrastructure.loaded() ? InfraComparison.compare(r, infrastructure.catalog(), dependsOn) : List.of();
        return new Report(r, verdicts, compared, fromCache);
    }
}
