package dev.perimeter.watch;

import dev.perimeter.exposure.Severity;
import dev.perimeter.wallet.ChainStatus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Compares a watch's rescan with what it knew: pure, given its inputs.
 * <ul>
 * <li>A chain scanned for the first time (no baseline) only sets the baseline: what a wallet already had when it was first
 *     seen is shown on the watch page, not announced as a change.</li>
 * <li>On a chain read in full (ok): a finding not known before is new, one with a more (less) severe severity raised
 *     (lowered), one no longer found resolved.</li>
 * <li>On a partial chain, new and changed findings count but nothing is resolved (the missing read may be what hid it);
 *     on a failed chain nothing changes: its findings stand until a scan of that chain succeeds.</li>
 * </ul>
 */
public final class WatchDiff {
    private WatchDiff() {}

    public enum ChangeKind {
        NEW, RAISED, LOWERED, RESOLVED;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static ChangeKind of(String code) {
            return valueOf(code.toUpperCase(Locale.ROOT));
        }
    }

    /** How one chain's scan ended. */
    public record ChainResult(String chain, ChainStatus status, Long block) {}

    /**
     * One change. finding is the current finding (the last known one for a resolved change); previous the severity before a
     * raise or lowering.
     */
    public record Change(ChangeKind kind, WatchedFinding finding, Severity previous) {}

    /** The changes, and what the watch knows afterwards: findings by key and the chains with a baseline. */
    public record Outcome(List<Change> changes, Map<String, WatchedFinding> state, Set<String> baselined) {}

    public static Outcome compare(Map<String, WatchedFinding> previous, Set<String> baselined, List<ChainResult> chains,
                                  List<WatchedFinding> current) {
        Map<String, WatchedFinding> state = new LinkedHashMap<>(previous);
        Set<String> base = new LinkedHashSet<>(baselined);
        List<Change> changes = new ArrayList<>();
        for (ChainResult c : chains) {
            if (c.status() == ChainStatus.FAILED) continue;
            List<WatchedFinding> now = current.stream().filter(f -> f.chain().equals(c.chain())).toList();
            if (!base.contains(c.chain())) {
                state.values().removeIf(f -> f.chain().equals(c.chain()));
                for (WatchedFinding f : now) state.put(f.key(), f);
                base.add(c.chain());
                continue;
            }
            Set<String> seen = new LinkedHashSet<>();
            for (WatchedFinding f : now) {
                seen.add(f.key());
                WatchedFinding before = state.get(f.key());
                if (before == null) changes.add(new Change(ChangeKind.NEW, f, null));
                else if (f.severity().ordinal() < before.severity().ordinal()) changes.add(new Change(ChangeKind.RAISED, f, before.severity()));
                else if (f.severity().ordinal() > before.severity().ordinal()) changes.add(new Change(ChangeKind.LOWERED, f, before.severity()));
                state.put(f.key(), f);
            }
            if (c.status() != ChainStatus.OK) continue;
            for (WatchedFinding before : List.copyOf(state.values())) {
                if (before.chain().equals(c.chain()) && !seen.contains(before.key())) {
                    changes.add(new Change(ChangeKind.RESOLVED, before, null));
                    state.remove(before.key());
                }
            }
        }
        return new Outcome(List.copyOf(changes), state, base);
    }
}
