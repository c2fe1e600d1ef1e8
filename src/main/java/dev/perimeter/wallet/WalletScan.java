package dev.perimeter.wallet;

import java.time.Instant;
import java.util.List;

/** A wallet read across chains: lowercase address, the ENS name it came from (or null), per-chain results. */
public record WalletScan(String address, String ens, Instant scannedAt, List<ChainScan> chains) {}
