package dev.perimeter.exposure;

import dev.perimeter.chain.ControlReading;
import dev.perimeter.position.Approval;
import dev.perimeter.position.Holding;
import dev.perimeter.util.Chains;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules that turn a control reading into a {@code control_risk} finding, published on /about/control (rules v1). A
 * pure function of the reading: no I/O, no clock.
 * <p>
 * <b>Who can upgrade</b> (a proxy holding, or a proxy an approval's spender is):
 * <ul>
 * <li>none when the contract is no proxy (its code cannot be changed), when nobody can upgrade it (ownership renounced),
 * or when an upgrade waits at least {@link #SAFE_DELAY_HOURS} hours in a timelock on the path;</li>
 * <li><b>medium</b> when one key can upgrade it with a shorter delay or none: an EOA (EIP-7702 delegated ones too) or a
 * 1-of-n Safe;</li>
 * <li><b>low</b> when a k-of-n Safe (k ≥ 2) can, or a timelock shorter than {@link #SAFE_DELAY_HOURS} hours whose proposers
 * cannot be listed;</li>
 * <li>no finding when the controller is a contract of a kind Perimeter does not recognise, or when it or the contract was
 * not read: the reading shows it, unknown is not the same as safe (or as unsafe).</li>
 * </ul>
 * <b>What verifies its bridge</b> (a holding that is a LayerZero V2 OApp): <b>medium</b> when a route from a chain
 * Perimeter knows accepts a message attested by one verifier (its required verifiers plus its optional threshold make 1);
 * none for two or more. Routes not read give no finding.
 */
public final class ControlRisk {
    /** A timelock of at least this long on the way to the controller makes an upgrade no finding (users can exit first). */
    public static final int SAFE_DELAY_HOURS = 48;
    public static final String RULES_VERSION = "v1";
    private static final BigInteger SAFE_DELAY = BigInteger.valueOf(SAFE_DELAY_HOURS * 3600L);

    private ControlRisk() {}

    /** One verdict: a severity (null: no finding), the sentence a person reads, and the rule in words. */
    public record Verdict(Severity severity, String sentence, String rule) {}

    /** Who can upgrade the contract, as a verdict; empty when there is nothing to say (not read, or no proxy and no owner). */
    public static Optional<Verdict> upgrade(ControlReading r, String name, String what) {
        if (r == null || !r.read() || r.upgradeable() == null) return Optional.empty();
        if (!r.upgradeable()) {
            return Optional.of(new Verdict(null, name + " is not a proxy: its code cannot be changed.", "not upgradeable: no finding"));
        }
        ControlReading.Controller c = r.controller();
        if (c == null) {
            return Optional.of(new Verdict(null, name + " can be upgraded, but who can upgrade it was not found (no admin slot, owner() or"
                    + " admin role answered).", "the controller is not known: no finding"));
        }
        ControlReading.Hop last = c.last();
        BigInteger delay = c.delaySeconds();
        String via = via(c);
        if (delay != null && delay.compareTo(SAFE_DELAY) >= 0) {
            return Optional.of(new Verdict(null, name + " can be upgraded only after a timelock of " + duration(delay) + " (" + who(last) + via
                    + "): holders can see an upgrade coming and leave first.", "a timelock of at least " + SAFE_DELAY_HOURS + " h: no finding"));
        }
        String when = delay == null || delay.signum() == 0 ? "at once" : "after only " + duration(delay);
        switch (last.kind()) {
            case ControlReading.NONE -> {
                return Optional.of(new Verdict(null, name + " is a proxy that nobody can upgrade any more (" + last.note() + ").",
                        "ownership renounced: no finding"));
            }
            case ControlReading.EOA -> {
                return Optional.of(new Verdict(Severity.MEDIUM, name + " can be upgraded " + when + " by one key (" + who(last) + via
                        + "): whoever holds it can change " + what + ".", "one key can upgrade it, without a timelock of "
                        + SAFE_DELAY_HOURS + " h: medium"));
            }
            case ControlReading.SAFE -> {
                if (last.threshold() != null && last.threshold() == 1) {
                    return Optional.of(new Verdict(Severity.MEDIUM, name + " can be upgraded " + when + " by one key of a " + last.threshold()
                            + "-of-" + last.owners().size() + " Safe (" + short_(last.address()) + via + "): any one of its "
                            + last.owners().size() + " owners can change " + what + ".", "a 1-of-n Safe is one key: medium"));
                }
                return Optional.of(new Verdict(Severity.LOW, name + " can be upgraded " + when + " by a " + last.threshold() + "-of-"
                        + last.owners().size() + " Safe (" + short_(last.address()) + via + "): " + last.threshold()
                        + " of its keys together can change " + what + ".", "a k-of-n Safe without a timelock of " + SAFE_DELAY_HOURS
                        + " h: low"));
            }
            case ControlReading.TIMELOCK -> {
                return Optional.of(new Verdict(Severity.LOW, name + " can be upgraded after only " + duration(delay == null ? BigInteger.ZERO : delay)
                        + " through a timelock (" + short_(last.address()) + via + ") whose proposers Perimeter cannot list.",
                        "a timelock shorter than " + SAFE_DELAY_HOURS + " h: low"));
            }
            default -> {
                return Optional.of(new Verdict(null, name + " can be upgraded " + when + " by " + who(last) + via + ".",
                        last.kind().equals(ControlReading.CONTRACT) ? "a controller of a kind not recognised: no finding"
                                : "the controller was not read: no finding"));
            }
        }
    }

    /** The bridge routes verified by one verifier, as one verdict; empty when every route read needs two or more. */
    public static Optional<Verdict> messaging(ControlReading r, String name) {
        if (r == null || !r.read()) return Optional.empty();
        List<ControlReading.Messaging> single = r.messaging().stream().filter(m -> m.read() && m.needed() != null && m.needed() <= 1).toList();
        if (single.isEmpty()) return Optional.empty();
        List<String> parts = new ArrayList<>();
        for (ControlReading.Messaging m : single) {
            parts.add("from " + chainName(m.remoteChain()) + " accepts a message verified by " + m.needed() + " DVN (" + m.needed() + " of "
                    + m.configured() + ")");
        }
        String sentence = name + "'s bridge " + String.join("; ", parts) + ": one compromised verifier can mint unbacked " + name + ".";
        return Optional.of(new Verdict(Severity.MEDIUM, sentence, "a route verified by a single verifier: medium"));
    }

    static String chainName(String slug) {
        return Chains.bySlug(slug).map(Chains.Chain::name).orElse(slug);
    }

    private static String via(ControlReading.Controller c) {
        if (c.via().isEmpty()) return "";
        List<String> parts = new ArrayList<>();
        List<ControlReading.Hop> path = c.path();
        for (int i = path.size() - 2; i >= 0; i--) {
            ControlReading.Hop h = path.get(i);
            String role = switch (h.how()) {
                case "EIP-1967 admin slot", "ZeppelinOS admin slot" -> "its proxy admin";
                case "EIP-1967 beacon slot" -> "its beacon";
                default -> h.kind().equals(ControlReading.TIMELOCK) ? "a timelock" : "a contract";
            };
            parts.add(role + " " + short_(h.address()));
        }
        return ", through " + String.join(", then ", parts);
    }

    private static String who(ControlReading.Hop h) {
        return switch (h.kind()) {
            case ControlReading.EOA -> short_(h.address()) + (h.delegate() != null ? ", an EOA with EIP-7702 delegated code" : ", an EOA");
            case ControlReading.SAFE -> "a " + h.threshold() + "-of-" + h.owners().size() + " Safe " + short_(h.address());
            case ControlReading.TIMELOCK -> "a timelock " + short_(h.address());
            case ControlReading.CONTRACT -> "a contract of a kind not recognised, " + short_(h.address());
            case ControlReading.NONE -> "nobody";
            default -> short_(h.address()) + ", not read";
        };
    }

    static String short_(String a) {
        return ExposureMatcher.shortAddr(a);
    }

    /** Seconds in words: "2 days", "36 h", "15 min", "0 s". */
    static String duration(BigInteger seconds) {
        long s = seconds.min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();
        if (s >= 86_400 && s % 86_400 == 0) return (s / 86_400) + (s == 86_400 ? " day" : " days");
        if (s >= 3600 && s % 3600 == 0) return (s / 3600) + " h";
        if (s >= 60 && s % 60 == 0) return (s / 60) + " min";
        return s + " s";
    }

    // ---- findings ----

    /** A holding's control findings (who can upgrade it, what verifies its bridge); empty without a reading. */
    public static List<Finding> holding(Holding h, ControlReading r) {
        if (r == null || h.isNative() || h.isPosition()) return List.of();
        String name = ExposureMatcher.sym(h.symbol(), h.token());
        List<Finding> out = new ArrayList<>();
        upgrade(r, name, "the token").filter(v -> v.severity() != null)
                .ifPresent(v -> out.add(finding(v, h.chain(), h.token(), h.symbol(), null, "upgrade", r, evidence(r, "holding: " + h.chain() + " " + h.token() + " (" + name + ")"))));
        messaging(r, name).ifPresent(v -> out.add(finding(v, h.chain(), h.token(), h.symbol(), null, "bridge", r,
                evidence(r, "holding: " + h.chain() + " " + h.token() + " (" + name + ")"))));
        return out;
    }

    /** An approval's finding when its spender can be upgraded by too few keys; empty otherwise. */
    public static List<Finding> approval(String chain, Approval a, ControlReading r) {
        if (r == null) return List.of();
        String spender = short_(a.spender());
        String token = ExposureMatcher.sym(a.tokenSymbol(), a.token());
        Optional<Verdict> v = upgrade(r, "The contract you approved to spend your " + token + " (" + spender + ")",
                "what it does with your " + a.amountText());
        if (v.isEmpty() || v.get().severity() == null) return List.of();
        List<String> matched = evidence(r, "approval: " + chain + " token " + a.token() + " → spender " + a.spender() + ", allowance "
                + a.allowanceRaw() + (a.unlimited() ? " (unlimited)" : ""));
        return List.of(finding(v.get(), chain, a.token(), a.tokenSymbol(), a.spender(), a.spender(), r, matched));
    }

    private static Finding finding(Verdict v, String chain, String asset, String symbol, String spender, String target, ControlReading r,
                                   List<String> matched) {
        return new Finding(v.severity(), FindingKind.CONTROL_RISK, chain, asset, symbol, null, null, spender, List.of(), v.sentence(),
                new Finding.Evidence(v.rule() + " (control rules " + RULES_VERSION + ", /about/control)", matched, List.of(), List.of(asset)),
                ExposureMatcher.key(FindingKind.CONTROL_RISK, chain, asset, target), false);
    }

    /** What was read, line by line, with the block. */
    static List<String> evidence(ControlReading r, String first) {
        List<String> out = new ArrayList<>();
        out.add(first);
        out.add("read on-chain at block " + r.block() + (r.proxy() != null ? ": proxy (" + r.proxy() + "), implementation " + r.implementation()
                : ": no proxy slot set"));
        if (r.controller() != null) {
            for (ControlReading.Hop h : r.controller().path()) {
                out.add("hop: " + h.address() + " (" + h.how() + ") — " + h.kind() + (h.note() != null ? ": " + h.note() : ""));
            }
        }
        for (ControlReading.Messaging m : r.messaging()) {
            out.add("route from " + m.remoteChain() + " (" + m.protocol() + ", eid " + m.remoteId() + "): " + (m.read()
                    ? m.requiredVerifiers().size() + " required DVN(s) " + m.requiredVerifiers() + ", " + m.optionalThreshold() + " of "
                    + m.optionalVerifiers().size() + " optional, " + m.confirmations() + " confirmations, library " + m.library()
                    : m.problem()));
        }
        out.addAll(r.notes());
        return out;
    }
}
