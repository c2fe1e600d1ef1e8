package dev.perimeter.chain;

import dev.perimeter.token.TokenRegistry;
import dev.perimeter.testchain.Anvil;
import dev.perimeter.testchain.EdgeContracts;
import dev.perimeter.util.DataFiles;
import dev.perimeter.web.WebApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** Edges read on-chain for held tokens (EdgeReads) against a real anvil, and the request budget (at most 3 per chain). */
class EdgeReadsIT {
    static Anvil anvil;
    static EdgeContracts c;
    static String rseth, usdc;
    static final String WALLET = "0x1111111111111111111111111111111111111116";
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void chain() {
        TokenRegistry registry = TokenRegistry.load(DataFiles.bundled());
        // rsETH and USDC at their registry addresses (read from the data, not typed here).
        rseth = dev.perimeter.TestData.registryToken(registry, "ethereum", t -> "rsETH".equals(t.symbol()) && "kelpdao".equals(t.protocol()));
        usdc = dev.perimeter.TestData.registryToken(registry, "ethereum", t -> "USDC".equals(t.symbol()) && t.kind().equals("plain"));
        anvil = new Anvil(1);
        anvil.placeMulticall();
        anvil.placeToken(rseth, "rsETH", "rsETH", 18);
        anvil.placeToken(usdc, "USD Coin", "USDC", 6);
        c = EdgeContracts.place(anvil, WALLET, rseth, usdc);
        anvil.mine(2);
    }

    @AfterAll
    static void stop() {
        if (anvil != null) anvil.close();
    }

    static EvmChainReader reader() {
        return new EvmChainReader("ethereum", 1, URI.create(anvil.url()), HTTP, WebApp.objectMapper(), EvmChainReader.Limits.defaults());
    }

    static ChainData.ReadEdge edge(ChainData d, String token, String to) {
        return d.edges().stream().filter(e -> e.token().equals(token) && e.to().equals(to)).findFirst()
                .orElseThrow(() -> new AssertionError("no edge " + token + " -> " + to + " in " + d.edges()));
    }

    static void assertAllEdges(ChainData d) {
        ChainData.ReadEdge v = edge(d, c.vault(), rseth);
        assertEquals(ChainData.ReadEdge.VAULT, v.kind());
        assertEquals("asset()", v.call());
        assertEquals(d.block(), v.block(), "read at the scan's block");
        assertEquals(1, d.edges().stream().filter(e -> e.token().equals(c.vault())).count(), "a vault has one asset");

        assertEquals("coins(0)", edge(d, c.curvePool(), rseth).call());
        assertEquals("coins(1)", edge(d, c.curvePool(), usdc).call());
        assertEquals(ChainData.ReadEdge.POOL, edge(d, c.curvePool(), rseth).kind());
        assertEquals(2, d.edges().stream().filter(e -> e.token().equals(c.curvePool())).count(), "coins(2) reverts: two coins");

        assertEquals("minter() = " + c.oldPool() + ", its coins(1)", edge(d, c.oldLp(), rseth).call());
        assertEquals("minter() = " + c.oldPool() + ", its coins(0)", edge(d, c.oldLp(), usdc).call());

        assertEquals("token0()", edge(d, c.pair(), rseth).call());
        assertEquals("token1()", edge(d, c.pair(), usdc).call());
        assertEquals(ChainData.ReadEdge.PAIR, edge(d, c.pair(), usdc).kind());

        assertTrue(d.edges().stream().noneMatch(e -> e.token().equals(c.fakeVault())), "asset() alone makes no vault: " + d.edges());
        assertTrue(d.edges().stream().noneMatch(e -> e.token().equals(rseth) || e.token().equals(usdc)), "plain tokens have no edges");
    }

    @Test
    void aFullScanReadsTheEdgesOfHeldUnlistedTokensWithinThreeRequests() {
        ChainData d = reader().scan(new ScanPlan(WALLET, List.of(rseth, usdc), List.of(), true, true, List.of(), true, Set.of()),
                Deadline.in(java.time.Duration.ofSeconds(10)));
        assertTrue(d.problems().isEmpty(), d.problems().toString());
        assertEquals(5, d.unlisted().size(), "vault, pool, old LP, pair, fake vault: " + d.unlisted());
        assertAllEdges(d);
        assertEquals(3, d.httpRequests(), "request 1, request 2 (allowances, unlisted tokens and their edges), request 3 (the old LP's minter coins)");
    }

    @Test
    void aBalanceScanReadsTheEdgesOfHeldRegistryTokensWithinThreeRequests() {
        List<String> tokens = List.of(rseth, usdc, c.vault(), c.curvePool(), c.oldLp(), c.pair(), c.fakeVault());
        ChainData d = reader().scan(new ScanPlan(WALLET, tokens, List.of(), false, false, List.of(), true,
                Set.of(c.vault(), c.curvePool(), c.oldLp(), c.pair(), c.fakeVault())), Deadline.in(java.time.Duration.ofSeconds(10)));
        assertTrue(d.problems().isEmpty(), d.problems().toString());
        assertAllEdges(d);
        assertEquals(3, d.httpRequests(), "balances, edges, the old LP's minter coins");

        // Without an older Curve LP token the minter's coins are not needed: two requests.
        ChainData two = reader().scan(new ScanPlan(WALLET, List.of(rseth, c.vault(), c.pair()), List.of(), false, false, List.of(), true,
                Set.of(c.vault(), c.pair())), Deadline.in(java.time.Duration.ofSeconds(10)));
        assertEquals(2, two.httpRequests());
        assertEquals(3, two.edges().size(), two.edges().toString());
    }

    @Test
    void aFailingEdgeRequestLeavesTheScanPartialNotFailed() {
        try (dev.perimeter.testchain.FaultProxy proxy = new dev.perimeter.testchain.FaultProxy(anvil.url())) {
            EvmChainReader r = new EvmChainReader("ethereum", 1, URI.create(proxy.url()), HTTP, WebApp.objectMapper(), EvmChainReader.Limits.defaults());
            List<String> tokens = List.of(rseth, c.vault(), c.oldLp());
            ScanPlan plan = new ScanPlan(WALLET, tokens, List.of(), false, false, List.of(), true, Set.of(c.vault(), c.oldLp()));
            proxy.failAfter = 1; // the balances arrive, the edge request does not
            ChainData d = r.scan(plan, Deadline.in(java.time.Duration.ofSeconds(10)));
            assertEquals(Set.of(c.vault(), c.oldLp()), d.balances().keySet(), "the wallet holds the vault's shares and the LP token");
            assertTrue(d.edges().isEmpty(), d.edges().toString());
            assertTrue(d.problems().stream().anyMatch(p -> p.contains("could not all be read on-chain")), d.problems().toString());

            proxy.reset(dev.perimeter.testchain.FaultProxy.Mode.PASS);
            proxy.failAfter = 2; // the minter's coins do not arrive: the vault's edge stands
            ChainData partial = r.scan(plan, Deadline.in(java.time.Duration.ofSeconds(10)));
            assertEquals(List.of(c.vault()), partial.edges().stream().map(ChainData.ReadEdge::token).distinct().toList());
            assertFalse(partial.problems().isEmpty());
        }
    }

    @Test
    void onlyHeldTokensWithoutDataEdgesAreRead() {
        // The pool is not in "edgeless" (the data gives its edges) and another wallet holds nothing: no reads, one request.
        ChainData d = reader().scan(new ScanPlan(WALLET, List.of(rseth, c.curvePool()), List.of(), false, false, List.of(), true, Set.of()),
                Deadline.in(java.time.Duration.ofSeconds(10)));
        assertTrue(d.edges().isEmpty());
        assertEquals(1, d.httpRequests());
        ChainData none = reader().scan(new ScanPlan("0x1111111111111111111111111111111111111117", List.of(rseth, c.curvePool()), List.of(),
                false, false, List.of(), true, Set.of(c.curvePool())), Deadline.in(java.time.Duration.ofSeconds(10)));
        assertTrue(none.edges().isEmpty());
        assertEquals(1, none.httpRequests(), "nothing held: no edge phase");
    }
}
