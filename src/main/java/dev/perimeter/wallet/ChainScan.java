package dev.perimeter.wallet;

import dev.perimeter.chain.ControlReading;
import dev.perimeter.position.Approval;
import dev.perimeter.position.Holding;
import dev.perimeter.util.ChainAddress;

import java.util.List;
import java.util.Map;

/**
 * The result for one chain. A failing chain never fails the whole scan.
 * @param status   how the scan of this chain ended
 * @param error    a plain sentence of Perimeter's when status is not ok; never the RPC provider's own text (it can echo URLs
 *                 with API keys)
 * @param controls who controls each held token, position contract and approved spender, by (chain, contract): read in
 *                 this scan or kept from an earlier one (empty when control was not read)
 * @param controlsKept how many of them were kept from an earlier read (the control cache), not read now
 * @param stakePools who controls the stake pool behind each held liquid-staking token, by mint (Solana; empty elsewhere)
 */
public record ChainScan(String chain, long chainId, ChainStatus status, String error, Long block, List<Holding> holdings,
                        List<Approval> approvals, int tokensChecked, long httpRequests, long rpcCalls, long millis,
                        boolean logsComplete, Map<ChainAddress, ControlReading> controls, int controlsKept,
                        Map<String, dev.perimeter.solana.StakePoolReading> stakePools) {
    public ChainScan {
        controls = controls == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(controls));
        stakePools = stakePools == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(stakePools));
    }

    /** Without stake pool readings. */
    public ChainScan(String chain, long chainId, ChainStatus status, String error, Long block, List<Holding> holdings,
                     List<Approval> approvals, int tokensChecked, long httpRequests, long rpcCalls, long millis,
                     boolean logsComplete, Map<ChainAddress, ControlReading> controls, int controlsKept) {
        this(chain, chainId, status, error, block, holdings, approvals, tokensChecked, httpRequests, rpcCalls, millis, logsComplete,
                controls, controlsKept, Map.of());
    }

    /** Who controls the stake pool of a held liquid-staking token (its mint), when the scan read it. */
    public dev.perimeter.solana.StakePoolReading stakePool(String mint) {
        return mint == null ? null : stakePools.get(mint);
    }

    /** Without control readings. */
    public ChainScan(String chain, long chainId, ChainStatus status, String error, Long block, List<Holding> holdings,
                     List<Approval> approvals, int tokensChecked, long httpRequests, long rpcCalls, long millis, boolean logsComplete) {
        this(chain, chainId, status, error, block, holdings, approvals, tokensChecked, httpRequests, rpcCalls, millis, logsComplete, Map.of(), 0);
    }

    /** Who controls a contract of this chain (lowercase), when it was read. */
    public ControlReading control(String contract) {
        return contract == null ? null : controls.get(new ChainAddress(chain, contract));
    }
}
