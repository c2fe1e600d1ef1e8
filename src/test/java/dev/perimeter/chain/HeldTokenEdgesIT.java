package dev.perimeter.chain;

import dev.perimeter.token.TokenRegistry;
import dev.perimeter.testchain.Anvil;
import dev.perimeter.util.DataFiles;
import dev.perimeter.web.WebApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint8;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The edges issue 22 reads for held tokens whose data gives none (EdgeReads), on stand-ins (TestLenders.sol): a Pendle PT
 * and its SY at their registry addresses (the registry gives them no underlying), Balancer's V2 Vault at its deployment
 * address (balancer/balancer-deployments v2/tasks/20210418-vault/output/mainnet.json), and an aToken, a Curve gauge, a
 * Convex reward pool and a Balancer pool token at made-up addresses no data file lists.
 */
class HeldTokenEdgesIT {
    static Anvil anvil;
    static final String WALLET = "0x1111111111111111111111111111111111111126";
    static final String BALANCER_VAULT = "0xba12222222228d8ba445958a75a0704d566bf2c8";
    static final String A_TOKEN = "0x5e00000000000000000000000000000000000101";
    static final String GAUGE = "0x5e00000000000000000000000000000000000102";
    static final String REWARDS = "0x5e00000000000000000000000000000000000103";
    static final String BPT = "0x5e00000000000000000000000000000000000104";
    static final String YIELD = "0x5e00000000000000000000000000000000000105";
    static final String POOL_ID = "0x5e000000000000000000000000000000000001040002000000000000000001aa";
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static String rseth, usdc, weth, lp, pt, sy;

    static void token(String at, String contract, String symbol) {
        anvil.setCode(at, contract);
        anvil.invoke(at, "initialize", new Utf8String(symbol), new Utf8String(symbol), new Uint8(18));
        anvil.mint(at, WALLET, BigInteger.TEN.pow(18));
    }

    @BeforeAll
    static void chain() {
        TokenRegistry registry = TokenRegistry.load(DataFiles.bundled());
        rseth = dev.perimeter.TestData.registryToken(registry, "ethereum", t -> "rsETH".equals(t.symbol()) && "kelpdao".equals(t.protocol()));
        usdc = dev.perimeter.TestData.registryToken(registry, "ethereum", t -> "USDC".equals(t.symbol()) && t.kind().equals("plain"));
        weth = dev.perimeter.TestData.registryToken(registry, "ethereum", t -> "WETH".equals(t.symbol()) && t.underlying() == null);
        lp = dev.perimeter.TestData.registryToken(registry, "ethereum", t -> "curve".equals(t.protocol()) && t.kind().equals("lp"));
        pt = dev.perimeter.TestData.registryToken(registry, "ethereum", t -> t.symbol().equals("PT-stkwaEthUSDC.v1-30OCT2025"));
        sy = dev.perimeter.TestData.registryToken(registry, "ethereum", t -> t.symbol().equals("SY-stkwaEthUSDC.v1"));
        assertNull(registry.find("ethereum", pt).orElseThrow().underlying(), "the data gives the PT no underlying");
        anvil = new Anvil(1);
        anvil.placeMulticall();
        token(A_TOKEN, "TestAToken", "aTEST");
        anvil.invoke(A_TOKEN, "setAave", new Address(usdc), new Address("0x87870bca3f3fd6335c3f4ce8392d69350b4fa4e2"));
        token(GAUGE, "TestCurveGauge", "tGAUGE");
        anvil.invoke(GAUGE, "setLpToken", new Address(lp));
        token(REWARDS, "TestConvexRewardPool", "tCVXRP");
        anvil.invoke(REWARDS, "setStakingToken", new Address(lp));
        anvil.setCode(BALANCER_VAULT, "TestBalancerVault");
        byte[] id = new BigInteger(POOL_ID.substring(2), 16).toByteArray();
        byte[] id32 = new byte[32];
        System.arraycopy(id, Math.max(0, id.length - 32), id32, 32 - Math.min(32, id.length), Math.min(32, id.length));
        anvil.invoke(BALANCER_VAULT, "setPoolTokens", new Bytes32(id32),
                new DynamicArray<>(Address.class, List.of(new Address(BPT), new Address(rseth), new Address(weth))));
        token(BPT, "TestBalancerPool", "tBPT");
        anvil.invoke(BPT, "setPool", new Bytes32(id32), new Address(BALANCER_VAULT));
        token(pt, "TestPendleToken", "PT");
        anvil.invoke(pt, "setSY", new Address(sy));
        anvil.setCode(sy, "TestPendleSY");
        anvil.invoke(sy, "setYieldToken", new Address(YIELD));
        anvil.mine(2);
    }

    @AfterAll
    static void stop() {
        if (anvil != null) anvil.close();
    }

    static ChainData.ReadEdge edge(ChainData d, String token, String to) {
        return d.edges().stream().filter(e -> e.token().equals(token) && e.to().equals(to)).findFirst()
                .orElseThrow(() -> new AssertionError("no edge " + token + " -> " + to + " in " + d.edges()));
    }

    @Test
    void eachNewEdgeKindIsReadForHeldTokensWithinThreeRequests() {
        List<String> tokens = List.of(rseth, A_TOKEN, GAUGE, REWARDS, BPT, pt);
        ChainData d = new EvmChainReader("ethereum", 1, URI.create(anvil.url()), HTTP, WebApp.objectMapper(), EvmChainReader.Limits.defaults())
                .scan(new ScanPlan(WALLET, tokens, List.of(), false, false, List.of(), true, Set.of(A_TOKEN, GAUGE, REWARDS, BPT, pt)),
                        Deadline.in(Duration.ofSeconds(10)));
        assertTrue(d.problems().isEmpty(), d.problems().toString());
        ChainData.ReadEdge a = edge(d, A_TOKEN, usdc);
        assertEquals(ChainData.ReadEdge.RECEIPT, a.kind());
        assertEquals("UNDERLYING_ASSET_ADDRESS()", a.call());
        assertEquals(ChainData.ReadEdge.GAUGE, edge(d, GAUGE, lp).kind());
        assertEquals("lp_token()", edge(d, GAUGE, lp).call());
        assertEquals(ChainData.ReadEdge.STAKED, edge(d, REWARDS, lp).kind());
        ChainData.ReadEdge b = edge(d, BPT, rseth);
        assertEquals(ChainData.ReadEdge.BALANCER, b.kind());
        assertEquals("getPoolId() = " + POOL_ID + ", getVault() = " + BALANCER_VAULT + ", its getPoolTokens(id)[1]", b.call());
        assertEquals(ChainData.ReadEdge.BALANCER, edge(d, BPT, weth).kind());
        assertTrue(d.edges().stream().noneMatch(e -> e.token().equals(BPT) && e.to().equals(BPT)), "the pool's own BPT is no coin");
        ChainData.ReadEdge p = edge(d, pt, YIELD);
        assertEquals(ChainData.ReadEdge.PENDLE, p.kind());
        assertEquals("SY() = " + sy + ", its yieldToken()", p.call());
        assertEquals(d.block(), p.block());
        assertEquals(1, d.edges().stream().filter(e -> e.token().equals(GAUGE)).count(), "one edge per gauge");
        assertEquals(3, d.httpRequests(), "balances; the edges; the Vault's pool tokens and the SY's yield token");
    }
}
