package dev.perimeter.watch;

import dev.perimeter.exposure.Severity;
import dev.perimeter.wallet.ChainStatus;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.perimeter.watch.WatchDiff.ChangeKind.*;
import static org.junit.jupiter.api.Assertions.*;

class WatchDiffTest {
    static WatchedFinding f(String key, String chain, Severity s) {
        return new WatchedFinding(key, chain, dev.perimeter.exposure.FindingKind.HOLDS_ASSET_OF_HACKED_PROTOCOL, s, "0x1", "TKN", null, "p", null, List.of("i-1"), "m", null);
    }

    static Map<String, WatchedFinding> known(WatchedFinding... fs) {
        Map<String, WatchedFinding> m = new LinkedHashMap<>();
        for (WatchedFinding x : fs) m.put(x.key(), x);
        return m;
    }

    static WatchDiff.ChainResult ok(String chain) {
        return new WatchDiff.ChainResult(chain, ChainStatus.OK, 10L);
    }

    @Test
    void theFirstScanOfAChainIsABaselineNotAChange() {
        var out = WatchDiff.compare(Map.of(), Set.of(), List.of(ok("ethereum")), List.of(f("a", "ethereum", Severity.HIGH)));
        assertTrue(out.changes().isEmpty());
        assertEquals(Set.of("ethereum"), out.baselined());
        assertEquals(Set.of("a"), out.state().keySet());
    }

    @Test
    void newRaisedLoweredResolvedAndUnchanged() {
        var prev = known(f("same", "ethereum", Severity.LOW), f("up", "ethereum", Severity.MEDIUM), f("down", "ethereum", Severity.HIGH),
                f("gone", "ethereum", Severity.CRITICAL));
        var out = WatchDiff.compare(prev, Set.of("ethereum"), List.of(ok("ethereum")), List.of(f("same", "ethereum", Severity.LOW),
                f("up", "ethereum", Severity.CRITICAL), f("down", "ethereum", Severity.LOW), f("fresh", "ethereum", Severity.INFO)));
        Map<String, WatchDiff.ChangeKind> kinds = new LinkedHashMap<>();
        for (var c : out.changes()) kinds.put(c.finding().key(), c.kind());
        assertEquals(Map.of("up", RAISED, "down", LOWERED, "fresh", NEW, "gone", RESOLVED), kinds);
        assertEquals(Severity.MEDIUM, out.changes().stream().filter(c -> c.kind() == RAISED).findFirst().orElseThrow().previous());
        assertEquals(Set.of("same", "up", "down", "fresh"), out.state().keySet());
        assertEquals(Severity.CRITICAL, out.state().get("up").severity());
    }

    @Test
    void unchangedIsNothing() {
        var prev = known(f("a", "ethereum", Severity.HIGH));
        assertTrue(WatchDiff.compare(prev, Set.of("ethereum"), List.of(ok("ethereum")), List.of(f("a", "ethereum", Severity.HIGH)))
                .changes().isEmpty());
    }

    @Test
    void aFailedChainResolvesNothingAndKeepsItsFindings() {
        var prev = known(f("a", "ethereum", Severity.HIGH), f("b", "base", Severity.LOW));
        var out = WatchDiff.compare(prev, Set.of("ethereum", "base"),
                List.of(new WatchDiff.ChainResult("ethereum", ChainStatus.FAILED, null), ok("base")), List.of(f("b", "base", Severity.LOW)));
        assertTrue(out.changes().isEmpty(), out.changes().toString());
        assertEquals(Set.of("a", "b"), out.state().keySet());
    }

    @Test
    void aPartialChainAddsButDoesNotResolve() {
        var prev = known(f("a", "ethereum", Severity.HIGH));
        var out = WatchDiff.compare(prev, Set.of("ethereum"), List.of(new WatchDiff.ChainResult("ethereum", ChainStatus.PARTIAL, 11L)),
                List.of(f("n", "ethereum", Severity.MEDIUM)));
        assertEquals(1, out.changes().size());
        assertEquals(NEW, out.changes().get(0).kind());
        assertEquals(Set.of("a", "n"), out.state().keySet());
    }

    @Test
    void aChainThatNeverSucceededHasNoBaselineUntilItDoes() {
        var out = WatchDiff.compare(Map.of(), Set.of(), List.of(new WatchDiff.ChainResult("ethereum", ChainStatus.FAILED, null)), List.of());
        assertTrue(out.baselined().isEmpty());
        var next = WatchDiff.compare(out.state(), out.baselined(), List.of(ok("ethereum")), List.of(f("a", "ethereum", Severity.HIGH)));
        assertTrue(next.changes().isEmpty(), "the first good scan is the baseline");
    }
}
