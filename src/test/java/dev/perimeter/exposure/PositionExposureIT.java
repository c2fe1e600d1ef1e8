package dev.perimeter.exposure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perimeter.TestApp;
import dev.perimeter.token.Token;
import dev.perimeter.token.TokenRegistry;
import dev.perimeter.testchain.Anvil;
import dev.perimeter.testchain.FaultProxy;
import dev.perimeter.testchain.TestPositions;
import dev.perimeter.util.Addresses;
import dev.perimeter.util.DataFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Positions that are not tokens end to end: the real server over HTTP, anvil behind a counting proxy with test contracts at
 * the addresses data/positions/contracts.csv gives, the shipped incident data. A position reaches an incident through
 * the token it rests on, with the path from the position to that token.
 */
class PositionExposureIT {
    static Anvil anvil;
    static FaultProxy proxy;
    static TestApp app;
    static TestPositions pos;
    static final ObjectMapper json = new ObjectMapper();
    static String rseth, weth, usdc;
    static final String LP = "0x00000000000000000000000000000000000b0001";
    static final String LENDER = "0x00000000000000000000000000000000000b0002";
    static final String RESTAKER = "0x00000000000000000000000000000000000b0003";
    static final String OTHER_MARKET = "0x00000000000000000000000000000000000b0004";
    static final String EMPTY = "0x00000000000000000000000000000000000b0005";
    /** A permissionless strategy (not in the data file) over rsETH: its underlyingToken() is read. */
    static final String RSETH_STRATEGY = "0x5555555555555555555555555555555555550002";
    static String rsethMarket;

    static String pick(TokenRegistry registry, java.util.function.Predicate<Token> p) {
        return dev.perimeter.TestData.registryToken(registry, "ethereum", p);
    }

    @BeforeAll
    static void start() {
        TokenRegistry registry = TokenRegistry.load(DataFiles.bundled());
        rseth = pick(registry, t -> "kelpdao".equals(t.protocol()) && t.symbol().equals("rsETH"));
        weth = pick(registry, t -> t.symbol().equals("WETH") && t.underlying() == null);
        usdc = pick(registry, t -> t.symbol().equals("USDC") && t.kind().equals("plain"));
        anvil = new Anvil(1, TestPositions.morphoFromBlock() + 1_000);
        anvil.placeMulticall();
        pos = new TestPositions(anvil);
        pos.mintNft(LP, 4242, rseth, weth, 500, new BigInteger("987654321000"));
        String oracle = "0x00000000000000000000000000000000000000b1", irm = "0x00000000000000000000000000000000000000b2";
        TestPositions.Market m = new TestPositions.Market(weth, rseth, oracle, irm, new BigInteger("945000000000000000"));
        rsethMarket = pos.createMarket(m);
        pos.supply(m, new BigInteger("2000000000000000000"), new BigInteger("2000000000000000000000000"), LENDER);
        TestPositions.Market plain = new TestPositions.Market(usdc, weth, oracle, irm, new BigInteger("860000000000000000"));
        pos.createMarket(plain);
        pos.supply(plain, BigInteger.valueOf(5_000_000L), new BigInteger("5000000000000"), OTHER_MARKET);
        pos.placeStrategy(RSETH_STRATEGY, rseth, 1, 1);
        pos.deposit(RESTAKER, RSETH_STRATEGY, new BigInteger("3000000000000000000"));
        anvil.mine(2);
        proxy = new FaultProxy(anvil.url());
        app = new TestApp(Map.of("PERIMETER_CHAINS", "ethereum", "PERIMETER_RPC_ETHEREUM", proxy.url(), "PERIMETER_CHAIN_TIMEOUT_MS", "8000",
                "PERIMETER_SCAN_RATE_PER_MINUTE", "10000"));
    }

    @AfterAll
    static void stop() {
        if (app != null) app.close();
        if (proxy != null) proxy.close();
        if (anvil != null) anvil.close();
    }

    static JsonNode exposure(String who) throws Exception {
        proxy.reset(FaultProxy.Mode.PASS);
        HttpResponse<String> r = app.get("/api/v1/wallets/" + who + "/exposure");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode n = json.readTree(r.body());
        JsonNode eth = n.get("chains").get(0);
        assertEquals("ok", eth.get("status").asText(), eth.toString());
        assertTrue(eth.get("httpRequests").asInt() <= 3, eth.toString());
        assertTrue(proxy.requests.get() <= 3, "requests through the proxy: " + proxy.requests.get());
        return n;
    }

    static List<JsonNode> positions(JsonNode report) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode h : report.get("chains").get(0).get("holdings")) if (h.get("kind").asText().equals("position")) out.add(h);
        return out;
    }

    static JsonNode kelpFinding(JsonNode report, String asset) {
        for (JsonNode f : report.get("findings")) {
            if (f.get("kind").asText().equals("holds_asset_of_hacked_protocol") && f.get("asset").asText().equals(asset)
                    && f.get("incidentIds").toString().contains("2026-04-18-kelpdao")) {
                return f;
            }
        }
        throw new AssertionError("no KelpDAO finding on " + asset + ": " + report.get("findings"));
    }

    static void assertPath(JsonNode f, String positionId, String relationStart) {
        JsonNode path = f.get("path");
        assertEquals("position", path.get(0).get("node").asText(), path.toString());
        assertTrue(path.get(0).get("name").asText().contains(positionId), path.toString());
        assertEquals("token", path.get(1).get("node").asText());
        assertEquals(Addresses.checksum(rseth), path.get(1).get("address").asText());
        assertTrue(path.get(1).get("relation").asText().startsWith(relationStart), path.toString());
        assertTrue(path.get(1).get("source").asText().startsWith("on-chain: "), path.toString());
        assertEquals("protocol", path.get(path.size() - 1).get("node").asText());
    }

    @Test
    void aUniswapV3PositionHoldingRsEthIsExposedToKelpDaoOneLevelLower() throws Exception {
        JsonNode r = exposure(LP);
        List<JsonNode> ps = positions(r);
        assertEquals(1, ps.size(), r.toString());
        JsonNode h = ps.get(0);
        assertEquals("uniswap-v3#4242", h.get("token").asText());
        assertEquals("uniswap", h.get("protocol").asText());
        JsonNode p = h.get("position");
        assertEquals("987654321000", p.get("amounts").get("liquidity").asText());
        assertEquals(Addresses.checksum(pos.on.uniswapV3Manager().address()), p.get("contract").asText());
        assertEquals(Addresses.checksum(rseth), p.get("underlyings").get(0).get("token").asText());
        assertEquals("rsETH", p.get("underlyings").get(0).get("symbol").asText());
        assertEquals(Addresses.checksum(weth), p.get("underlyings").get(1).get("token").asText());
        assertTrue(p.get("underlyings").get(0).get("amountRaw").isNull(), "the split between the coins needs the pool's price: not read");
        JsonNode f = kelpFinding(r, "uniswap-v3#4242");
        assertEquals("medium", f.get("severity").asText(), "KelpDAO's recent protocol-wide exploit is high; one SHARED layer lowers it");
        assertPath(f, "uniswap-v3#4242", "pool coin (Uniswap V3 position, token0)");
        assertTrue(f.get("message").asText().contains("rated one level lower"), f.toString());
        for (JsonNode other : r.get("findings")) {
            if (other == f || other.get("severity").asText().equals("info")) continue;
            assertFalse(other.get("asset").asText().startsWith("uniswap-v3#"), "Uniswap itself has no incident that reaches a V3 position: " + other);
        }
    }

    @Test
    void aMorphoSupplyInAMarketWithRsEthCollateralIsExposedToKelpDao() throws Exception {
        JsonNode r = exposure(LENDER);
        List<JsonNode> ps = positions(r);
        assertEquals(1, ps.size());
        JsonNode h = ps.get(0);
        assertEquals("morpho-blue#" + rsethMarket, h.get("token").asText());
        assertEquals("morphoblue", h.get("protocol").asText());
        JsonNode u = h.get("position").get("underlyings");
        assertEquals("supplied", u.get(0).get("role").asText());
        assertEquals(Addresses.checksum(weth), u.get(0).get("token").asText());
        assertEquals("lent-against", u.get(1).get("role").asText());
        JsonNode f = kelpFinding(r, "morpho-blue#" + rsethMarket);
        assertEquals("medium", f.get("severity").asText(), "a lender meets a loss of the collateral only through bad debt: one level lower");
        assertPath(f, "morpho-blue#" + rsethMarket, "collateral backing the loans supplied");
        assertNoHackedMorpho(r);
    }

    @Test
    void anEigenLayerDepositIntoAStrategyOverRsEthIsExposedToKelpDaoWhole() throws Exception {
        JsonNode r = exposure(RESTAKER);
        List<JsonNode> ps = positions(r);
        assertEquals(1, ps.size());
        JsonNode h = ps.get(0);
        assertEquals("eigenlayer#" + RSETH_STRATEGY, h.get("token").asText());
        assertEquals("eigenlayer", h.get("protocol").asText());
        assertEquals("3000000000000000000", h.get("position").get("amounts").get("depositShares").asText());
        assertEquals("3", h.get("position").get("underlyings").get(0).get("amount").asText(), "sharesToUnderlyingView, in rsETH");
        JsonNode f = kelpFinding(r, "eigenlayer#" + RSETH_STRATEGY);
        assertEquals("high", f.get("severity").asText(), "restaked rsETH is the holder's own: a loss passes through whole");
        assertPath(f, "eigenlayer#" + RSETH_STRATEGY, "restaked (EigenLayer)");
    }

    /**
     * Morpho Blue's one incident in the data (2024-10, one market's oracle) names the singleton contract but was confined to
     * that market: a position in another market is never told Morpho was hacked, at most its history.
     */
    @Test
    void aMorphoPositionInAnotherMarketGetsAtMostTheProtocolsHistory() throws Exception {
        JsonNode r = exposure(OTHER_MARKET);
        assertEquals(1, positions(r).size());
        assertNoHackedMorpho(r);
        for (JsonNode f : r.get("findings")) {
            assertTrue(List.of("info", "low").contains(f.get("severity").asText()) || !f.get("asset").asText().startsWith("morpho-blue#"), f.toString());
        }
        JsonNode morpho = json.readTree(app.get("/api/v1/incidents?protocol=morphoblue&limit=50").body());
        for (JsonNode i : morpho.get("items")) assertNotEquals("protocol", i.get("scope").asText(), "the data would call it protocol-wide: " + i);
        for (JsonNode f : r.get("findings")) {
            if (f.get("kind").asText().equals("protocol_history") && f.get("protocol").asText().equals("morphoblue")) {
                assertEquals("info", f.get("severity").asText());
                assertTrue(f.get("message").asText().contains("is a position in"), f.toString());
            }
        }
    }

    static void assertNoHackedMorpho(JsonNode r) {
        for (JsonNode f : r.get("findings")) {
            boolean hacked = f.get("kind").asText().equals("holds_asset_of_hacked_protocol");
            assertFalse(hacked && "morphoblue".equals(f.get("protocol").asText()), "Morpho Blue itself is not reported hacked: " + f);
        }
    }

    @Test
    void aWalletWithoutPositionsListsNone() throws Exception {
        JsonNode r = exposure(EMPTY);
        assertEquals(List.of(), positions(r));
        assertEquals(0, r.get("findings").size());
    }

    @Test
    void thePageListsPositionsAndThePathAndAFindingThroughOneCanBeDismissed() throws Exception {
        exposure(LP);
        HttpResponse<String> page = app.get("/wallet/" + LP);
        assertEquals(200, page.statusCode());
        String b = page.body();
        assertTrue(b.contains("Uniswap V3 position #4242"), "the position with its name");
        assertTrue(b.contains("UNI-V3 rsETH/WETH"));
        assertTrue(b.contains("pool coin (Uniswap V3 position, token0):"), "what it rests on");
        assertTrue(b.contains("liquidity 987654321000"));
        assertTrue(b.contains("aria-label=\"Dependency path\""));
        JsonNode f = kelpFinding(exposure(LP), "uniswap-v3#4242");
        String key = f.get("key").asText();
        HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app.base + "/api/v1/dismissals/"
                + java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20")))
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(put.statusCode() < 300, put.statusCode() + " " + put.body());
    }
}
