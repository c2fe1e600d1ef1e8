package dev.perimeter.wallet;

import dev.perimeter.position.Approval;
import dev.perimeter.position.Holding;

import java.util.List;

/**
 * The result for one chain. A failing chain never fails the whole scan.
 * @param status ok | partial (some reads failed; what was read is correct) | failed (nothing usable)
 * @param error  a plain sentence when status is not ok
 */
public record ChainScan(String chain, long chainId, String status, String error, Long block, List<Holding> holdings,
                        List<Approval> approvals, int tokensChecked, long httpRequests, long rpcCalls, long millis,
                        boolean logsComplete) {
    public static final String OK = "ok";
    public static final String PARTIAL = "partial";
    public static final String FAILED = "failed";
}
