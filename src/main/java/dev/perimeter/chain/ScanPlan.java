package dev.perimeter.chain;

import java.util.List;

/**
 * What to read for one wallet on one chain.
 * @param tokens           registry tokens on this chain (lowercase addresses): balanceOf for each
 * @param exploitedSpenders contracts the incident database marks as vulnerable/victim on this chain: allowance() is
 *                          checked for every held or approved token against each, even when logs are unavailable
 *                          or show no Approval (AllowanceSweep; aggregate3 reads where the endpoint refuses it)
 * @param approvals        read Approval logs and confirm allowances
 * @param discoverUnlisted read Transfer(to=wallet) logs to find tokens outside the registry
 * @param priceFeeds       USD price feeds to read with latestRoundData() (latestAnswer() where a source has no rounds), with
 *                         the block's timestamp, in the same batch as the balances
 * @param readEdges        read what held tokens rest on where the data gives no edge (EdgeReads): the registry tokens in
 *                         {@code edgeless} with a positive balance, and unlisted tokens found in the logs
 * @param edgeless         registry tokens on this chain (lowercase) whose rows give no underlying and no origin
 */
public record ScanPlan(String wallet, List<String> tokens, List<String> exploitedSpenders, boolean approvals,
                       boolean discoverUnlisted, List<String> priceFeeds, boolean readEdges, java.util.Set<String> edgeless) {
    public ScanPlan {
        edgeless = edgeless == null ? java.util.Set.of() : edgeless;
    }

    /** Without on-chain edge reads. */
    public ScanPlan(String wallet, List<String> tokens, List<String> exploitedSpenders, boolean approvals, boolean discoverUnlisted,
                    List<String> priceFeeds) {
        this(wallet, tokens, exploitedSpenders, approvals, discoverUnlisted, priceFeeds, false, java.util.Set.of());
    }

    public ScanPlan(String wallet, List<String> tokens, List<String> exploitedSpenders, boolean approvals, boolean discoverUnlisted) {
        this(wallet, tokens, exploitedSpenders, approvals, discoverUnlisted, List.of());
    }
}
