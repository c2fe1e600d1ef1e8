package dev.perimeter.exposure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perimeter.TestApp;
import dev.perimeter.token.Token;
import dev.perimeter.token.TokenRegistry;
import dev.perimeter.testchain.Anvil;
import dev.perimeter.testchain.FaultProxy;
import dev.perimeter.testchain.LendingContracts;
import dev.perimeter.util.Addresses;
import dev.perimeter.util.DataFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A lender's exposure to the collateral its market accepts (issue 22), end to end: the real server over HTTP, anvil behind
 * a counting proxy, an Aave V3 Pool stand-in at the Ethereum Core market's address and one at the Lido market's, their
 * aTokens at the registry's addresses, a Comet stand-in at the Ethereum cUSDCv3 address, and the shipped incident data
 * (KelpDAO, 2026-04-18); a SparkLend Pool stand-in at its address-registry address and its spWETH at the registry's
 * address (SparkLend.WETH_SPTOKEN).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LendersExposureIT {
    static Anvil anvil;
    static FaultProxy proxy;
    static TestApp app;
    static final ObjectMapper json = new ObjectMapper();
    static String rseth, weth, usdc, aEthUsdc, aLidoWeth, core, lido, comet;
    static final String A_RSETH = "0x00000000000000000000000000000000000c0a01"; // made-up: the wallets hold none
    static final String LENDER = "0x00000000000000000000000000000000000c0001";
    static final String LENDER_WARM = "0x00000000000000000000000000000000000c0002";
    static final String DIRECT = "0x00000000000000000000000000000000000c0003";
    static final String LIDO_LENDER = "0x00000000000000000000000000000000000c0004";
    static final String COMET_SUPPLIER = "0x00000000000000000000000000000000000c0005";
    static final String COMET_COLLATERAL = "0x00000000000000000000000000000000000c0006";
    static final String VAULT_HOLDER = "0x00000000000000000000000000000000000c0007";
    static final String SPARK_LENDER = "0x00000000000000000000000000000000000c0008";
    static String vault, rsethMarket, spark, spWeth;

    static String pick(TokenRegistry registry, java.util.function.Predicate<Token> p) {
        return dev.perimeter.TestData.registryToken(registry, "ethereum", p);
    }

    @BeforeAll
    static void start() {
        TokenRegistry registry = TokenRegistry.load(DataFiles.bundled());
        rseth = pick(registry, t -> "kelpdao".equals(t.protocol()) && t.symbol().equals("rsETH"));
        weth = pick(registry, t -> t.symbol().equals("WETH") && t.underlying() == null);
        usdc = pick(registry, t -> t.symbol().equals("USDC") && t.kind().equals("plain"));
        aEthUsdc = pick(registry, t -> t.symbol().equals("aEthUSDC"));
        aLidoWeth = pick(registry, t -> t.symbol().equals("aEthLidoWETH"));
        core = LendingContracts.market("Aave V3 Core");
        lido = LendingContracts.market("Aave V3 Lido");
        comet = LendingContracts.market("Compound v3 cUSDCv3 (ethereum, usdc)");
        spark = LendingContracts.market("SparkLend");
        spWeth = pick(registry, t -> "spark".equals(t.protocol()) && t.source().contains("SparkLend.WETH_SPTOKEN"));
        vault = pick(registry, t -> "morphoblue".equals(t.protocol()) && "receipt".equals(t.kind()));
        anvil = new Anvil(1, dev.perimeter.testchain.TestPositions.morphoFromBlock() + 1_000); // Morpho's logs are read from its first block
        anvil.placeMulticall();
        LendingContracts l = new LendingContracts(anvil);
        anvil.placeToken(rseth, "rsETH", "rsETH", 18);
        anvil.mint(rseth, DIRECT, BigInteger.TEN.pow(18));

        // Aave V3 Core: USDC and rsETH, rsETH accepted as collateral (75%) and frozen, as Aave froze it after the exploit.
        l.placeAavePool(core);
        l.placeAToken(aEthUsdc, "aEthUSDC", 6, usdc, core);
        l.setReserve(core, usdc, aEthUsdc, 7500, 7800, false, false);
        l.setReserve(core, rseth, A_RSETH, 7200, 7500, true, false);
        anvil.mint(aEthUsdc, LENDER, BigInteger.valueOf(1_000_000_000L));
        anvil.mint(aEthUsdc, LENDER_WARM, BigInteger.valueOf(2_000_000_000L));

        // Aave V3 Lido: WETH, and rsETH listed with liquidation threshold 0: not collateral.
        l.placeAavePool(lido);
        l.placeAToken(aLidoWeth, "aEthLidoWETH", 18, weth, lido);
        l.setReserve(lido, weth, aLidoWeth, 8000, 8300, false, false);
        l.setReserve(lido, rseth, A_RSETH, 0, 0, false, false);
        anvil.mint(aLidoWeth, LIDO_LENDER, BigInteger.TEN.pow(18));

        // SparkLend (an Aave V3 fork): WETH, and rsETH accepted as collateral (72%), not frozen.
        l.placeAavePool(spark);
        Token sp = registry.find("ethereum", spWeth).orElseThrow();
        l.placeAToken(spWeth, sp.symbol(), sp.decimals(), weth, spark);
        l.setReserve(spark, weth, spWeth, 8000, 8300, false, false);
        l.setReserve(spark, rseth, A_RSETH, 7000, 7200, false, false);
        anvil.mint(spWeth, SPARK_LENDER, BigInteger.TEN.pow(18));

        // Compound v3 cUSDCv3: WETH and rsETH as collateral.
        l.placeComet(comet, usdc);
        l.addCometAsset(comet, weth, new BigInteger("830000000000000000"), new BigInteger("900000000000000000"));
        l.addCometAsset(comet, rseth, new BigInteger("880000000000000000"), new BigInteger("910000000000000000"));
        l.cometSupply(comet, COMET_SUPPLIER, BigInteger.valueOf(5_000_000_000L));
        l.cometCollateral(comet, COMET_COLLATERAL, weth, new BigInteger("3000000000000000000"));
        // A MetaMorpho vault (at a registry vault address) supplying USDC to a Morpho Blue market with rsETH as collateral.
        dev.perimeter.testchain.TestPositions morpho = new dev.perimeter.testchain.TestPositions(anvil);
        dev.perimeter.testchain.TestPositions.Market m = new dev.perimeter.testchain.TestPositions.Market(usdc, rseth,
                "0x00000000000000000000000000000000000000c1", "0x00000000000000000000000000000000000000c2", new BigInteger("860000000000000000"));
        rsethMarket = morpho.createMarket(m);
        l.placeMetaMorpho(vault, "Test USDC vault", usdc, morpho.on.morpho().address(), rsethMarket);
        anvil.mint(vault, VAULT_HOLDER, BigInteger.TEN.pow(18));
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
        assertTrue(proxy.requests.get() <= 3, "requests through the proxy: " + proxy.requests.get());
        return n;
    }

    static Optional<JsonNode> kelp(JsonNode report, String asset) {
        for (JsonNode f : report.get("findings")) {
            if (f.get("kind").asText().equals("holds_asset_of_hacked_protocol") && f.get("asset").asText().equalsIgnoreCase(asset)
                    && f.get("incidentIds").toString().contains("2026-04-18-kelpdao")) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    @Test
    @Order(1)
    void anAEthUsdcLenderGetsKelpDaoThroughAaveV3CoreOneLevelBelowADirectHolder() throws Exception {
        JsonNode r = exposure(LENDER);
        assertEquals(3, proxy.requests.get(), "cold: balances; allowances with POOL() and getReservesList(); the reserves' configuration");
        JsonNode f = kelp(r, aEthUsdc).orElseThrow(() -> new AssertionError("no KelpDAO finding: " + r.get("findings")));
        JsonNode direct = kelp(exposure(DIRECT), rseth).orElseThrow();
        assertEquals("high", direct.get("severity").asText(), "a recent protocol-wide exploit, held directly");
        assertEquals("medium", f.get("severity").asText(), "one level below the direct holder: bad debt reaches a lender only in part");
        JsonNode path = f.get("path");
        assertEquals("token", path.get(0).get("node").asText());
        assertEquals("market", path.get(1).get("node").asText(), path.toString());
        assertEquals("Aave V3 Core market", path.get(1).get("name").asText());
        assertEquals(Addresses.checksum(core), path.get(1).get("address").asText());
        assertTrue(path.get(1).get("source").asText().startsWith("on-chain: getReserveData("), path.toString());
        assertEquals(Addresses.checksum(rseth), path.get(2).get("address").asText());
        assertEquals("accepted as collateral (liquidation threshold 75%, reserve frozen)", path.get(2).get("relation").asText());
        assertEquals("protocol", path.get(3).get("node").asText());
        String msg = f.get("message").asText();
        assertTrue(msg.startsWith("Your aEthUSDC is lent in Aave V3 Core, where rsETH (KelpDAO; protocol-wide exploit 2026-04-18"), msg);
        assertTrue(msg.contains("reserve frozen") && msg.contains("bad debt there falls on lenders"), msg);

        // Warm: a second lender in the same market within the block window reads no market configuration again.
        exposure(LENDER_WARM);
        assertEquals(2, proxy.requests.get(), "warm: the market is kept; only the scan's own two requests");
        assertTrue(kelp(exposure(LENDER_WARM), aEthUsdc).isPresent());
    }

    @Test
    void aMetaMorphoVaultOverAnRsEthMarketGetsKelpDaoThroughThatMarket() throws Exception {
        JsonNode r = exposure(VAULT_HOLDER);
        JsonNode f = kelp(r, vault).orElseThrow(() -> new AssertionError(r.get("findings").toString()));
        assertEquals("medium", f.get("severity").asText());
        JsonNode path = f.get("path");
        assertEquals("market", path.get(1).get("node").asText(), path.toString());
        assertEquals("Morpho Blue market " + rsethMarket.substring(0, 10) + "…", path.get(1).get("name").asText());
        assertEquals(rsethMarket, path.get(1).get("address").asText());
        assertEquals("accepted as collateral (LLTV 86%)", path.get(2).get("relation").asText());
        assertEquals(Addresses.checksum(rseth), path.get(2).get("address").asText());
    }

    @Test
    void aReserveWithLiquidationThresholdZeroIsNoCollateral() throws Exception {
        JsonNode r = exposure(LIDO_LENDER);
        assertEquals(3, proxy.requests.get(), "the Lido market was read (its configuration in request 3)");
        assertTrue(kelp(r, aLidoWeth).isEmpty(), "rsETH is listed in the Lido market but not accepted as collateral: " + r.get("findings"));
    }

    @Test
    void aCometBaseSupplierAndAWethCollateralSupplierGetKelpDaoThroughTheMarket() throws Exception {
        String id = "compound-v3#" + comet;
        JsonNode supplier = exposure(COMET_SUPPLIER);
        JsonNode f = kelp(supplier, id).orElseThrow(() -> new AssertionError(supplier.get("findings").toString()));
        assertEquals("medium", f.get("severity").asText());
        assertEquals("market", f.get("path").get(1).get("node").asText(), f.get("path").toString());
        assertEquals("Compound v3 cUSDCv3 (ethereum, usdc) market", f.get("path").get(1).get("name").asText());
        assertEquals("accepted as collateral (liquidation threshold 91%)", f.get("path").get(2).get("relation").asText());
        JsonNode position = null;
        for (JsonNode h : supplier.get("chains").get(0).get("holdings")) if (h.get("token").asText().equalsIgnoreCase(id)) position = h;
        assertNotNull(position, supplier.toString());
        assertEquals("5000000000", position.get("position").get("amounts").get("baseSupplied").asText());
        assertEquals("compound", position.get("protocol").asText());

        JsonNode collateral = exposure(COMET_COLLATERAL);
        JsonNode g = kelp(collateral, id).orElseThrow(() -> new AssertionError(collateral.get("findings").toString()));
        assertEquals("medium", g.get("severity").asText());
        JsonNode p = null;
        for (JsonNode h : collateral.get("chains").get(0).get("holdings")) if (h.get("token").asText().equalsIgnoreCase(id)) p = h.get("position");
        assertNotNull(p);
        assertEquals("3000000000000000000", p.get("amounts").get("collateral:" + weth).asText());
        assertEquals(Addresses.checksum(weth), p.get("underlyings").get(0).get("token").asText());
        assertEquals("collateral", p.get("underlyings").get(0).get("role").asText());
    }

    @Test
    void aSparkLendSpWethLenderGetsKelpDaoThroughTheSparkLendMarket() throws Exception {
        JsonNode r = exposure(SPARK_LENDER);
        JsonNode f = kelp(r, spWeth).orElseThrow(() -> new AssertionError("no KelpDAO finding: " + r.get("findings")));
        assertEquals("medium", f.get("severity").asText(), "one level below a direct holder, as for an Aave V3 lender");
        JsonNode path = f.get("path");
        assertEquals("token", path.get(0).get("node").asText());
        assertEquals(Addresses.checksum(spWeth), path.get(0).get("address").asText(), path.toString());
        assertEquals("market", path.get(1).get("node").asText(), path.toString());
        assertEquals("SparkLend market", path.get(1).get("name").asText());
        assertEquals(Addresses.checksum(spark), path.get(1).get("address").asText());
        assertEquals(Addresses.checksum(rseth), path.get(2).get("address").asText());
        assertEquals("accepted as collateral (liquidation threshold 72%)", path.get(2).get("relation").asText());
        assertEquals("protocol", path.get(3).get("node").asText());
        String msg = f.get("message").asText();
        assertTrue(msg.contains(" is lent in SparkLend, where rsETH (KelpDAO; protocol-wide exploit 2026-04-18"), msg);
        JsonNode holding = null;
        for (JsonNode h : r.get("chains").get(0).get("holdings")) if (h.get("token").asText().equalsIgnoreCase(spWeth)) holding = h;
        assertNotNull(holding, r.toString());
        assertEquals("spark", holding.get("protocol").asText());
    }
}
