package dev.perimeter.control;

import dev.perimeter.chain.ControlReading;
import dev.perimeter.infrastructure.Infrastructure;
import dev.perimeter.infrastructure.InfrastructureCatalog;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the hand-written infrastructure rows (data/infrastructure) say beside what was read on-chain, with a verdict where
 * the two state the same fact: a multisig's threshold in a contract's role ("admin-multisig (… 3/5)") against the Safe
 * read at that address; a row's upgradeability that starts with "immutable", "instant by multisig" or "EOA" against the
 * contract's proxy slots and controller; a row's verifier threshold ("1/1 (DVN …)") against the bridge routes read. A
 * disagreement (the data says 5-of-9, the chain says 2-of-3 now) is shown with both sources; anything else is shown side
 * by side without a verdict. Pure: the catalog is an immutable snapshot.
 */
public final class InfraComparison {
    private InfraComparison() {}

    /**
     * One fact as the data states it and as the chain shows it.
     * @param agrees true / false where the two state the same fact; null where they are only shown side by side
     */
    public record Line(String slug, String name, String subject, String data, String dataSource, String chain, String chainSource,
                       Boolean agrees) {}

    private static final Pattern K_OF_N = Pattern.compile("(\\d+)\\s*/\\s*(\\d+)");

    /**
     * The lines for one reading.
     * @param dependsOn infrastructure slugs a holding of this contract depends on (its token rules), outermost first;
     *                  empty when not a holding
     */
    public static List<Line> compare(ControlReading r, InfrastructureCatalog catalog, List<String> dependsOn) {
        List<Line> out = new ArrayList<>();
        if (r == null || !r.read() || catalog == null) return out;
        String chainSource = "read on-chain at block " + r.block();
        // 1. the contract itself in a row: its upgradeability
        Optional<Infrastructure> own = catalog.byContract(r.chain(), r.contract()).flatMap(catalog::get);
        own.ifPresent(i -> out.add(upgradeability(i, r, chainSource)));
        // 2. every address on the controller's path that a row lists: a multisig's threshold in its role
        if (r.controller() != null) {
            for (ControlReading.Hop h : r.controller().path()) {
                Optional<Infrastructure> row = catalog.byContract(r.chain(), h.address()).flatMap(catalog::get);
                if (row.isEmpty()) continue;
                Infrastructure.Contract c = contract(row.get(), r.chain(), h.address());
                out.add(hop(row.get(), c, h, chainSource));
            }
        }
        // 3. the rows a holding depends on that state a verifier threshold: against the bridge routes read
        Set<String> slugs = new LinkedHashSet<>(dependsOn);
        own.ifPresent(i -> slugs.add(i.slug()));
        List<ControlReading.Messaging> read = r.messaging().stream().filter(ControlReading.Messaging::read).toList();
        for (String slug : slugs) {
            Optional<Infrastructure> row = catalog.get(slug);
            if (row.isEmpty() || row.get().signerThreshold() == null || read.isEmpty()) continue;
            String t = row.get().signerThreshold();
            if (!t.toUpperCase(Locale.ROOT).contains("DVN")) continue;
            out.add(verifiers(row.get(), t, read, chainSource));
        }
        return out;
    }

    private static Infrastructure.Contract contract(Infrastructure i, String chain, String address) {
        return i.contracts().stream().filter(c -> c.chain().equals(chain) && c.address().equals(address)).findFirst().orElse(null);
    }

    private static String sources(Infrastructure i) {
        return String.join(" | ", i.sources());
    }

    static Line upgradeability(Infrastructure i, ControlReading r, String chainSource) {
        String u = i.upgradeability();
        String chain = describe(r);
        if (u == null) return new Line(i.slug(), i.name(), "upgradeability", "not known", sources(i), chain, chainSource, null);
        String lower = u.toLowerCase(Locale.ROOT);
        Boolean agrees = null;
        if (lower.startsWith("immutable")) {
            agrees = Boolean.FALSE.equals(r.upgradeable());
        } else if (lower.startsWith("instant by multisig") && Boolean.TRUE.equals(r.upgradeable()) && r.controller() != null) {
            ControlReading.Hop last = r.controller().last();
            agrees = last.kind().equals(ControlReading.SAFE) && !(last.threshold() != null && last.threshold() == 1) && !timelocked(r);
        } else if (lower.startsWith("eoa") && Boolean.TRUE.equals(r.upgradeable()) && r.controller() != null) {
            agrees = r.controller().last().kind().equals(ControlReading.EOA) && !timelocked(r);
        }
        return new Line(i.slug(), i.name(), "upgradeability", u, sources(i), chain, chainSource, agrees);
    }

    private static boolean timelocked(ControlReading r) {
        return r.controller() != null && r.controller().delaySeconds() != null && r.controller().delaySeconds().signum() > 0;
    }

    static Line hop(Infrastructure i, Infrastructure.Contract c, ControlReading.Hop h, String chainSource) {
        String role = c == null ? null : c.role();
        String source = c != null && c.source() != null ? c.source() : sources(i);
        String chain = hopText(h) + ", reached as " + h.how();
        Matcher m = role == null ? null : K_OF_N.matcher(role);
        Boolean agrees = null;
        if (m != null && m.find() && role.toLowerCase(Locale.ROOT).contains("multisig")) {
            int k = Integer.parseInt(m.group(1)), n = Integer.parseInt(m.group(2));
            agrees = h.kind().equals(ControlReading.SAFE) && h.threshold() != null && h.threshold() == k && h.owners().size() == n;
        }
        return new Line(i.slug(), i.name(), "controller " + h.address(), role == null ? "listed as a contract of " + i.name() : role, source,
                chain, chainSource, agrees);
    }

    static Line verifiers(Infrastructure i, String threshold, List<ControlReading.Messaging> read, String chainSource) {
        Matcher m = K_OF_N.matcher(threshold);
        List<String> parts = new ArrayList<>();
        boolean all = m.find();
        int k = all ? Integer.parseInt(m.group(1)) : -1, n = all ? Integer.parseInt(m.group(2)) : -1;
        for (ControlReading.Messaging x : read) {
            parts.add("from " + x.remoteChain() + ": " + x.needed() + " of " + x.configured() + " DVNs");
            if (x.needed() != k || x.configured() != n) all = false;
        }
        return new Line(i.slug(), i.name(), "bridge verification", threshold, sources(i), String.join("; ", parts), chainSource,
                k < 0 ? null : all);
    }

    static String describe(ControlReading r) {
        if (Boolean.FALSE.equals(r.upgradeable())) return "no proxy slot is set: the code cannot be changed";
        StringBuilder b = new StringBuilder("a proxy (" + r.proxy() + ")");
        if (r.controller() == null) return b.append(", who can upgrade it was not found").toString();
        b.append(" upgradeable by ").append(hopText(r.controller().last()));
        if (r.controller().delaySeconds() != null) b.append(" after a timelock of ").append(r.controller().delaySeconds()).append(" s");
        return b.toString();
    }

    static String hopText(ControlReading.Hop h) {
        return switch (h.kind()) {
            case ControlReading.SAFE -> "a " + h.threshold() + "-of-" + h.owners().size() + " Safe";
            case ControlReading.EOA -> h.delegate() == null ? "an EOA (one key)" : "an EOA with EIP-7702 delegated code (one key)";
            case ControlReading.TIMELOCK -> "a timelock of " + h.delaySeconds() + " s";
            case ControlReading.NONE -> "nobody (renounced)";
            case ControlReading.CONTRACT -> "a contract of a kind not recognised";
            default -> "not read";
        } + " at " + h.address();
    }
}
