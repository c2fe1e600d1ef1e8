package dev.perimeter.exposure;

import dev.perimeter.position.Holding;
import dev.perimeter.stats.IncidentContext;
import dev.perimeter.util.ChainAddress;
import dev.perimeter.wallet.WalletScan;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * A scan, its findings and the summary the page leads with — everything a page or the JSON shows, so views render from
 * the report alone.
 * @param infrastructure holding ({@link Holding#at}: chain and token) → the infrastructure slugs the holding depends on
 * @param contexts       incident id → its semester context, for the incidents of the findings
 * @param dataVersion    the snapshot version the findings were matched against
 * @param grade          the wallet grade for this viewer (formula v2, {@link Grade})
 */
public record ExposureReport(List<WalletScan> scans, List<Finding> findings, Summary summary, Checked checked, boolean cached,
                             Map<ChainAddress, List<String>> infrastructure, Map<String, IncidentContext> contexts, long dataVersion,
                             Grade grade) {

    /**
     * @param bySeverity counts of findings not dismissed, by severity code
     * @param exposedUsd priced value of holdings named by a finding (null when nothing is priced)
     * @param totalUsd   priced value of all holdings (null when nothing is priced)
     */
    public record Summary(Map<String, Integer> bySeverity, int findings, int dismissed, BigDecimal exposedUsd, BigDecimal totalUsd,
                          int holdings, int unpriced, int approvals) {}

    /** What was checked, so "no known exposure" is a statement with its scope. */
    public record Checked(List<String> chains, int tokensInRegistry, int incidents, int exploitedContracts) {}

    /** The infrastructure slugs a holding of this report depends on, in order (empty when none). */
    public List<String> infrastructureOf(Holding h) {
        return infrastructure.getOrDefault(h.at(), List.of());
    }

    /** The semester context of one of the findings' incidents, or null. */
    public IncidentContext context(String incidentId) {
        return contexts.get(incidentId);
    }
}
