package dev.perimeter.web;

import dev.perimeter.chain.ControlReading;
import dev.perimeter.control.InfraComparison;
import dev.perimeter.exposure.ControlRisk;
import dev.perimeter.exposure.ExposureReport;
import dev.perimeter.util.ChainAddress;
import dev.perimeter.util.Chains;
import dev.perimeter.wallet.ChainScan;
import dev.perimeter.wallet.WalletScan;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Who controls each holding and approved spender of a wallet report, in a few words for the wallet page ("proxy, upgraded at
 * once by one key 0xab…12 (an EOA)"), with what data/infrastructure says beside it where the two disagree or agree. Made
 * from the report's control readings; the template only prints it.
 */
public final class ControlBrief {
    /**
     * @param text     the reading in words, or "control not read: …"
     * @param risk     the severity code of the control rule's verdict ("medium", "low") or null for none
     * @param compared data rows beside the reading: "agree", "disagree" or "shown side by side", with both sources
     */
    public record Line(String text, String risk, List<ControlView.Compared> compared, Long block) {}

    private final Map<ChainAddress, Line> lines = new HashMap<>();
    private final Map<ChainAddress, String> pools = new HashMap<>();

    ControlBrief(ExposureReport r, Function<ControlReading, List<InfraComparison.Line>> compare) {
        for (WalletScan w : r.scans()) {
            for (ChainScan c : w.chains()) {
                c.controls().forEach((k, reading) -> lines.computeIfAbsent(k, x -> line(reading, compare)));
                c.stakePools().forEach((mint, p) -> pools.putIfAbsent(new ChainAddress(c.chain(), mint), pool(p)));
            }
        }
    }

    /** The line of a contract (a holding's token or position contract, an approval's spender); null when not read in the scan. */
    public Line of(String chain, String contract) {
        return contract == null ? null : lines.get(new ChainAddress(chain, contract));
    }

    /** The stake pool line of a held liquid-staking token (its mint), beside its infrastructure; null when the scan did not read it. */
    public String pool(String chain, String mint) {
        return mint == null ? null : pools.get(new ChainAddress(chain, mint));
    }

    static String pool(dev.perimeter.solana.StakePoolReading p) {
        if (!p.read()) return "stake pool " + p.pool() + ": manager and staker " + p.problem();
        return "stake pool " + p.pool() + ": manager " + p.manager() + ", staker " + p.staker() + " (read at slot " + p.slot() + ")";
    }

    static Line line(ControlReading r, Function<ControlReading, List<InfraComparison.Line>> compare) {
        if (!r.read()) return new Line(r.problem(), null, List.of(), null);
        List<String> parts = new ArrayList<>();
        ControlReading.Controller c = r.controller();
        if (Boolean.TRUE.equals(r.upgradeable())) {
            String when = c == null || c.delaySeconds() == null ? "at once" : "after " + ControlRiskWords.duration(c.delaySeconds());
            parts.add(c == null ? "proxy; who can upgrade it was not found" : "proxy, upgraded " + when + " by " + who(c.last()) + via(c));
        } else {
            parts.add("not a proxy" + (c == null ? "" : "; admin: " + who(c.last()) + via(c)));
        }
        for (ControlReading.Messaging m : r.messaging()) {
            String from = Chains.bySlug(m.remoteChain()).map(Chains.Chain::name).orElse(m.remoteChain());
            parts.add(m.read() ? "bridge from " + from + ": " + m.needed() + " of " + m.configured() + " DVN" + (m.configured() == 1 ? "" : "s")
                    : "bridge from " + from + ": not read");
        }
        String risk = null;
        var up = ControlRisk.upgrade(r, "it", "it");
        var msg = ControlRisk.messaging(r, "it");
        for (var v : List.of(up, msg)) {
            if (v.isPresent() && v.get().severity() != null && (risk == null || v.get().severity().code().equals("medium"))) risk = v.get().severity().code();
        }
        List<ControlView.Compared> compared = new ArrayList<>();
        for (InfraComparison.Line l : compare.apply(r)) {
            compared.add(new ControlView.Compared(l.slug(), l.name(), l.subject(), l.data(), l.dataSource(), l.chain(), l.chainSource(),
                    l.agrees() == null ? "shown side by side" : l.agrees() ? "agree" : "disagree"));
        }
        return new Line(String.join("; ", parts), risk, compared, r.block());
    }

    private static String who(ControlReading.Hop h) {
        String a = short_(h.address());
        return switch (h.kind()) {
            case ControlReading.EOA -> "one key " + a + (h.delegate() != null ? " (an EOA with EIP-7702 code)" : " (an EOA)");
            case ControlReading.SAFE -> "a " + h.threshold() + "-of-" + h.owners().size() + " Safe " + a;
            case ControlReading.TIMELOCK -> "a timelock " + a;
            case ControlReading.CONTRACT -> "a contract " + a + " of a kind not recognised";
            case ControlReading.NONE -> "nobody (renounced)";
            default -> a + " (not read)";
        };
    }

    private static String via(ControlReading.Controller c) {
        if (c.via().isEmpty()) return "";
        List<String> parts = new ArrayList<>();
        for (ControlReading.Hop h : c.via()) parts.add(short_(h.address()) + " (" + h.how() + ")");
        return ", via " + String.join(", ", parts);
    }

    private static String short_(String a) {
        String c = WalletJson.addr(a);
        return c != null && c.length() == 42 ? c.substring(0, 6) + "…" + c.substring(38) : c;
    }

    /** Durations in words, as the control rules say them. */
    static final class ControlRiskWords {
        static String duration(BigInteger s) {
            long x = s.min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();
            if (x >= 86_400 && x % 86_400 == 0) return (x / 86_400) + (x == 86_400 ? " day" : " days");
            if (x >= 3600 && x % 3600 == 0) return (x / 3600) + " h";
            return x + " s";
        }
    }
}
