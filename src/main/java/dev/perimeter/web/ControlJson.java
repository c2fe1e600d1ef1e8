package dev.perimeter.web;

import dev.perimeter.chain.ControlReading;
import dev.perimeter.control.InfraComparison;
import dev.perimeter.exposure.ControlRisk;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON of a control reading (README, "Control"): {@code "control": {"status", "upgradeable", "implementation",
 * "admin": {"address", "kind", "threshold", "owners", "delaySeconds", "via", …}, "messaging": [...], "readAtBlock",
 * "source", …}}. Addresses checksummed; counts as numbers; a delay as a number of seconds; unknown as null.
 */
final class ControlJson {
    private ControlJson() {}

    /** What the reading is, in words, for "source". */
    static final String SOURCE = "read on-chain by Perimeter through this instance's RPC endpoint: the EIP-1967, EIP-1822 and"
            + " ZeppelinOS proxy slots (eth_getStorageAt), owner(), getRoleMember, Safe getThreshold()/getOwners(), TimelockController"
            + " getMinDelay(), the beacon's implementation(), eth_getCode, and LayerZero V2's endpoint(), peers(), getReceiveLibrary()"
            + " and getConfig(); rules: /about/control";

    record HopJson(String address, String how, String kind, Integer threshold, Integer owners, List<String> ownerAddresses, Long delaySeconds,
                   String delegate, String owner, String note) {}

    /**
     * The controller: the last hop, the hops before it ({@code via}: "0x… (how it was reached)") and the largest timelock
     * delay on the way.
     */
    record AdminJson(String address, String kind, Integer threshold, Integer owners, List<String> ownerAddresses, Long delaySeconds,
                     String delegate, String how, List<String> via, String note) {}

    record MessagingJson(String protocol, String remoteChain, long remoteEid, String peer, String endpoint, String receiveLibrary,
                         Boolean defaultLibrary, String confirmations, Integer requiredDvns, Integer optionalDvns, Integer optionalThreshold,
                         List<String> dvns, List<String> optionalDvnAddresses, Integer needed, String problem) {}

    record VerdictJson(String severity, String sentence, String rule) {}

    record LineJson(String slug, String name, String subject, String data, String dataSource, String chain, String chainSource,
                    Boolean agrees) {}

    record Json(String status, String problem, Boolean hasCode, Boolean upgradeable, String proxy, String implementation, String beacon,
                Boolean uups, AdminJson admin, List<HopJson> path, List<MessagingJson> messaging, Long readAtBlock, String source,
                List<String> notes, Boolean cached, List<VerdictJson> verdicts, List<LineJson> infrastructure) {}

    /** A wallet scan's controller of a holding or an approval's spender (issue 21's shape): the last hop, reached via the others. */
    record ScanAdminJson(String address, String kind, Integer threshold, Integer owners, Long delaySeconds, List<String> via) {}

    /** One bridge route of a holding: how many verifiers must attest a message from the remote chain. */
    record ScanMessagingJson(String protocol, String remoteChain, Integer requiredDvns, Integer optionalDvns, Integer optionalThreshold,
                             List<String> dvns, String problem) {}

    /**
     * {@code "control"} of a holding or an approval's spender in the wallet API: status "read" or "not_read" (then problem
     * says "control not read: …" and the rest is null), what was read at readAtBlock, and what data/infrastructure says
     * beside it.
     */
    record ScanJson(String status, String problem, Boolean upgradeable, String implementation, ScanAdminJson admin,
                    List<ScanMessagingJson> messaging, Long readAtBlock, String source, List<String> notes, List<LineJson> infrastructure) {}

    /**
     * {@code "control"} of a Solana liquid-staking token: kind "stake-pool", status "read" (manager and staker as the pool
     * account said at readAtSlot) or "not_read" (problem says why; manager and staker null, never guessed).
     */
    record StakePoolJson(String kind, String status, String problem, String pool, String program, String manager, String staker,
                         Long readAtSlot, String source) {}

    static StakePoolJson stakePool(dev.perimeter.solana.StakePoolReading r) {
        String source = "read on-chain by Perimeter through this instance's RPC endpoint: the stake pool account " + r.pool()
                + " (getMultipleAccounts, base64, in the scan's batch), decoded in the SPL stake-pool StakePool layout"
                + " (account_type, manager, staker, …) of solana-labs/solana-program-library stake-pool/program/src/state.rs";
        return new StakePoolJson("stake-pool", r.read() ? "read" : "not_read", r.problem(), r.pool(), r.program(), r.manager(), r.staker(),
                r.read() ? r.slot() : null, source);
    }

    static ScanJson scan(ControlReading r, List<InfraComparison.Line> compared) {
        if (r == null) return null;
        List<LineJson> lines = compared == null ? List.of() : compared.stream().map(l -> new LineJson(l.slug(), l.name(), l.subject(), l.data(),
                l.dataSource(), l.chain(), l.chainSource(), l.agrees())).toList();
        if (!r.read()) return new ScanJson(r.status().code(), r.problem(), null, null, null, List.of(), null, SOURCE, r.notes(), lines);
        ScanAdminJson admin = null;
        if (r.controller() != null) {
            ControlReading.Hop last = r.controller().last();
            admin = new ScanAdminJson(WalletJson.addr(last.address()), last.kind(), last.threshold(),
                    last.kind().equals(ControlReading.SAFE) ? last.owners().size() : null, seconds(r.controller().delaySeconds()),
                    r.controller().via().stream().map(h -> WalletJson.addr(h.address()) + " (" + h.how() + ")").toList());
        }
        List<ScanMessagingJson> messaging = r.messaging().stream().map(m -> new ScanMessagingJson(m.protocol(), m.remoteChain(),
                m.read() ? m.requiredVerifiers().size() : null, m.read() ? m.optionalVerifiers().size() : null, m.optionalThreshold(),
                addrs(m.requiredVerifiers()), m.problem())).toList();
        return new ScanJson(r.status().code(), null, r.upgradeable(), WalletJson.addr(r.implementation()), admin, messaging, r.block(), SOURCE,
                r.notes(), lines);
    }

    static Json of(ControlReading r, List<ControlRisk.Verdict> verdicts, List<InfraComparison.Line> compared, Boolean cached) {
        if (r == null) return null;
        List<VerdictJson> v = verdicts == null ? null
                : verdicts.stream().map(x -> new VerdictJson(x.severity() == null ? null : x.severity().code(), x.sentence(), x.rule())).toList();
        List<LineJson> lines = compared == null ? null : compared.stream().map(l -> new LineJson(l.slug(), l.name(), l.subject(), l.data(),
                l.dataSource(), l.chain(), l.chainSource(), l.agrees())).toList();
        if (!r.read()) {
            return new Json(r.status().code(), r.problem(), null, null, null, null, null, null, null, List.of(), List.of(), null, SOURCE,
                    r.notes(), cached, v, lines);
        }
        AdminJson admin = null;
        List<HopJson> path = new ArrayList<>();
        if (r.controller() != null) {
            for (ControlReading.Hop h : r.controller().path()) path.add(hop(h));
            ControlReading.Hop last = r.controller().last();
            List<String> via = r.controller().via().stream().map(h -> WalletJson.addr(h.address()) + " (" + h.how() + ")").toList();
            admin = new AdminJson(WalletJson.addr(last.address()), last.kind(), last.threshold(), last.kind().equals(ControlReading.SAFE)
                    ? last.owners().size() : null, addrs(last.owners()), seconds(r.controller().delaySeconds()), WalletJson.addr(last.delegate()),
                    last.how(), via, last.note());
        }
        List<MessagingJson> messaging = r.messaging().stream().map(m -> new MessagingJson(m.protocol(), m.remoteChain(), m.remoteId(),
                WalletJson.addr(m.peer()), WalletJson.addr(m.endpoint()), WalletJson.addr(m.library()), m.defaultLibrary(),
                m.confirmations() == null ? null : m.confirmations().toString(), m.read() ? m.requiredVerifiers().size() : null,
                m.read() ? m.optionalVerifiers().size() : null, m.optionalThreshold(), addrs(m.requiredVerifiers()), addrs(m.optionalVerifiers()),
                m.needed(), m.problem())).toList();
        return new Json(r.status().code(), null, r.hasCode(), r.upgradeable(), r.proxy(), WalletJson.addr(r.implementation()),
                WalletJson.addr(r.beacon()), r.uups(), admin, path, messaging, r.block(), SOURCE, r.notes(), cached, v, lines);
    }

    private static HopJson hop(ControlReading.Hop h) {
        return new HopJson(WalletJson.addr(h.address()), h.how(), h.kind(), h.threshold(), h.kind().equals(ControlReading.SAFE) ? h.owners().size() : null,
                addrs(h.owners()), seconds(h.delaySeconds()), WalletJson.addr(h.delegate()), WalletJson.addr(h.owner()), h.note());
    }

    private static List<String> addrs(List<String> l) {
        return l.stream().map(WalletJson::addr).toList();
    }

    private static Long seconds(BigInteger s) {
        return s == null ? null : s.min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();
    }
}
