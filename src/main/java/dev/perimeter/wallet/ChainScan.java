package dev.perimeter.wallet;

import dev.perimeter.position.Approval;
import dev.perimeter.position.Holding;

import java.util.List;

/**
 * The result for one chain. A failing chain never fails the whole scan.
 * @param status how the scan of this chain ended
 * @param error  a plain sentence of Perimeter's when status is not ok; never the RPC provider's own text (it can echo URLs
 *               with API keys)
 */
public record ChainScan(String chain, long chainId, ChainStatus status, String error, Long block, List<Holding> holdings,
                        List<Approval> approvals, int tokensChecked, long httpRequests, long rpcCalls, long millis,
                        boolean logsComplete) {
}
