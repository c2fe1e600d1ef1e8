package dev.perimeter.exposure;

import dev.perimeter.position.Edge;
import dev.perimeter.position.Holding;
import dev.perimeter.token.Token;
import dev.perimeter.wallet.ChainScan;
import dev.perimeter.wallet.ChainStatus;
import dev.perimeter.wallet.WalletScan;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

import static dev.perimeter.exposure.DependencyWalkTest.A_RSETH;
import static dev.perimeter.exposure.DependencyWalkTest.KELP;
import static dev.perimeter.exposure.DependencyWalkTest.RSETH;
import static dev.perimeter.exposure.DependencyWalkTest.TODAY;
import static org.junit.jupiter.api.Assertions.*;

/** Edges read for holdings (on-chain reads, a position's underlyings) next to the data's edges: pure, on hand-made data. */
class EdgeWalkTest {
    static final String VAULT = "0x00000000000000000000000000000000000000f1";
    static final String POOL = "0x00000000000000000000000000000000000000f2";
    static final String OTHER = "0x00000000000000000000000000000000000000f3";
    static final String LOOP_A = "0x00000000000000000000000000000000000000f4";
    static final String LOOP_B = "0x00000000000000000000000000000000000000f5";

    static Edge read(String from, String to, String relation, String call, Edge.Layer layer) {
        return new Edge("ethereum", from, "ethereum", to, relation, "on-chain: " + call + " at block 100", layer);
    }

    static Holding unlisted(String address, List<Edge> edges) {
        return Holding.of(Token.unlisted("ethereum", address, "X" + address.substring(40), null, 18), BigInteger.TEN.pow(18)).withEdges(edges);
    }

    static List<Finding> match(Holding... holdings) {
        ChainScan c = new ChainScan("ethereum", 1, ChainStatus.OK, null, 100L, List.of(holdings), List.of(), 10, 2, 8, 50, true);
        return ExposureMatcher.match(new WalletScan("0x1111111111111111111111111111111111111111", null, Instant.EPOCH, List.of(c)),
                DependencyWalkTest.data(), TODAY);
    }

    static List<Finding> kelp(List<Finding> fs, String asset) {
        return fs.stream().filter(f -> f.asset().equals(asset) && f.incidentIds().contains(KELP.id())).toList();
    }

    @Test
    void aVaultReadOnChainPassesTheLossThroughWhole() {
        List<Finding> fs = match(unlisted(VAULT, List.of(read(VAULT, RSETH, "vault asset (ERC-4626)", "asset()", Edge.Layer.WHOLE))));
        Finding f = kelp(fs, VAULT).get(0);
        assertEquals(Severity.HIGH, f.severity(), "as for rsETH itself: a vault passes a loss through whole");
        assertEquals(List.of("X" + VAULT.substring(40), "rsETH", "KelpDAO"), f.path().stream().map(Finding.PathStep::name).toList());
        assertEquals("on-chain: asset() at block 100", f.path().get(1).source());
        assertTrue(f.evidence().matched().stream().anyMatch(m -> m.contains("source: on-chain: asset() at block 100")), f.evidence().toString());
        assertTrue(fs.stream().anyMatch(x -> x.kind() == FindingKind.UNLISTED_TOKEN), "still shown as an unlisted token");
    }

    @Test
    void aPoolCoinReadOnChainLowersOneLevel() {
        List<Finding> fs = match(unlisted(POOL, List.of(read(POOL, OTHER, "pool coin (Curve-style pool)", "coins(0)", Edge.Layer.SHARED),
                read(POOL, RSETH, "pool coin (Curve-style pool)", "coins(1)", Edge.Layer.SHARED))));
        Finding f = kelp(fs, POOL).get(0);
        assertEquals(Severity.MEDIUM, f.severity());
        assertEquals("on-chain: coins(1) at block 100", f.path().get(1).source());
    }

    @Test
    void dataEdgesWinOverEdgesReadOnChain() {
        // aEthrsETH's data edge goes to rsETH; a read edge (say a wrong asset() answer) to a pool holding rsETH is ignored.
        Holding h = DependencyWalkTest.holding(A_RSETH).withEdges(List.of(read(A_RSETH, POOL, "vault asset (ERC-4626)", "asset()", Edge.Layer.WHOLE)));
        Holding pool = unlisted(POOL, List.of(read(POOL, RSETH, "pool coin (Curve-style pool)", "coins(0)", Edge.Layer.SHARED)));
        List<Finding> fs = match(h, pool);
        Finding f = kelp(fs, A_RSETH).get(0);
        assertEquals(List.of("aEthrsETH", "rsETH", "KelpDAO"), f.path().stream().map(Finding.PathStep::name).toList());
        assertEquals(Severity.HIGH, f.severity());
        for (Finding x : fs) {
            if (!x.asset().equals(A_RSETH)) continue;
            assertTrue(x.path().stream().noneMatch(p -> p.source() != null && p.source().startsWith("on-chain:")), x.path().toString());
        }
    }

    @Test
    void aCycleThroughEdgesReadOnChainTerminates() {
        // Two held tokens read as each other's vault asset, one of them also a pool with rsETH: the walk visits each once.
        Holding a = unlisted(LOOP_A, List.of(read(LOOP_A, LOOP_B, "vault asset (ERC-4626)", "asset()", Edge.Layer.WHOLE)));
        Holding b = unlisted(LOOP_B, List.of(read(LOOP_B, LOOP_A, "pool coin (Curve-style pool)", "coins(0)", Edge.Layer.SHARED),
                read(LOOP_B, RSETH, "pool coin (Curve-style pool)", "coins(1)", Edge.Layer.SHARED)));
        List<Finding> fs = match(a, b);
        Finding viaA = kelp(fs, LOOP_A).get(0);
        assertEquals(3, viaA.path().stream().filter(p -> p.node().equals("token")).count(), "A → B → rsETH, each once");
        assertEquals(Severity.MEDIUM, viaA.severity(), "one pool layer on the way");
        assertEquals(1, kelp(fs, LOOP_A).size());
        assertEquals(1, kelp(fs, LOOP_B).size());
    }

    /**
     * How a position plugs in: a holding of kind "position" (not a token the registry knows) whose edges lead to its
     * underlying tokens; the walk starts from them as from any holding.
     */
    @Test
    void aPositionWalksFromItsUnderlyings() {
        String key = "0x00000000000000000000000000000000000000f6#42";
        Edge.Layer shared = Edge.Layer.SHARED;
        Holding position = Holding.of(new Token("ethereum", key, "UNI-V3-POS #42", "Uniswap V3 position", 0, "position", "uniswap-v3", null, null,
                null, null, null, true), BigInteger.ONE).withEdges(List.of(
                new Edge("ethereum", key, "ethereum", OTHER, "position token0", "on-chain: positions(42) at block 100", shared),
                new Edge("ethereum", key, "ethereum", RSETH, "position token1", "on-chain: positions(42) at block 100", shared)));
        Finding f = kelp(match(position), key).get(0);
        assertEquals(Severity.MEDIUM, f.severity());
        assertEquals("position token1", f.path().get(1).relation());
    }
}
