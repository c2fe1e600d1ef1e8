package dev.perimeter.exposure;

import dev.perimeter.wallet.WalletScan;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** A scan, its findings and the summary the page leads with. */
public record ExposureReport(List<WalletScan> scans, List<Finding> findings, Summary summary, Checked checked, boolean cached) {

    /**
     * @param bySeverity counts of findings not dismissed, by severity code
     * @param exposedUsd priced value of holdings named by a finding (null when nothing is priced)
     * @param totalUsd   priced value of all holdings (null when nothing is priced)
     */
    public record Summary(Map<String, Integer> bySeverity, int findings, int dismissed, BigDecimal exposedUsd, BigDecimal totalUsd,
                          int holdings, int unpriced, int approvals) {}

    /** What was checked, so "no known exposure" is a statement with its scope. */
    public record Checked(List<String> chains, int tokensInRegistry, int incidents, int exploitedContracts) {}
}
