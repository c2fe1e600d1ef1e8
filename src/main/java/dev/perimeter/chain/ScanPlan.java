package dev.perimeter.chain;

import java.util.List;

/**
 * What to read for one wallet on one chain.
 * @param tokens           registry tokens on this chain (lowercase addresses): balanceOf for each
 * @param exploitedSpenders contracts the incident database marks as vulnerable/victim on this chain: allowance() is
 *                          checked for every held or approved token against each, even when logs are unavailable
 * @param approvals        read Approval logs and confirm allowances
 * @param discoverUnlisted read Transfer(to=wallet) logs to find tokens outside the registry
 * @param priceFeeds       USD price feeds to read with latestRoundData() (latestAnswer() where a source has no rounds), with
 *                         the block's timestamp, in the same batch as the balances
 */
public record ScanPlan(String wallet, List<String> tokens, List<String> exploitedSpenders, boolean approvals,
                       boolean discoverUnlisted, List<String> priceFeeds) {
    public ScanPlan(String wallet, List<String> tokens, List<String> exploitedSpenders, boolean approvals, boolean discoverUnlisted) {
        this(wallet, tokens, exploitedSpenders, approvals, discoverUnlisted, List.of());
    }
}
