package dev.perimeter.wallet;

import dev.perimeter.chain.ControlReading;
import dev.perimeter.util.ChainAddress;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A wallet read across chains: lowercase address, the ENS name it came from (or null), per-chain results. */
public record WalletScan(String address, String ens, Instant scannedAt, List<ChainScan> chains) {
    /** Who controls each held token, position contract and approved spender, across the chains, by (chain, contract). */
    public Map<ChainAddress, ControlReading> controls() {
        Map<ChainAddress, ControlReading> out = new LinkedHashMap<>();
        for (ChainScan c : chains) out.putAll(c.controls());
        return out;
    }
}
