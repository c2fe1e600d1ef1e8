package dev.perimeter.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perimeter.TestAppExtension;
import dev.perimeter.chain.RpcException;
import dev.perimeter.token.Token;
import dev.perimeter.token.PriceBook;
import dev.perimeter.token.TokenRegistry;
import dev.perimeter.testchain.Anvil;
import dev.perimeter.testchain.FaultProxy;
import dev.perimeter.util.DataFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What a person sees of prices, approvals and provider errors, on the wallet page and in its JSON: the whole app against
 * a real anvil (chain id 1) with contracts at real mainnet addresses, behind a proxy that can misbehave.
 */
class WalletReportIT {
    static final String WALLET = "0x9999999999999999999999999999999999999981";
    static final String SPENDER_MAX = "0x000000000000000000000000000000000000b002";
    static final String SPENDER_OVER_SUPPLY = "0x000000000000000000000000000000000000b003";
    static final BigInteger USDC_HELD = new BigInteger("2500000000");          // 2,500 USDC (6 decimals), the only USDC minted
    static final BigInteger USDC_APPROVED = new BigInteger("1000000000");      // 1,000 USDC
    static final BigInteger RSETH_HELD = new BigInteger("1000000000000000000");
    static final BigInteger UINT256_MAX = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
    static final String SECRET = "https://secret.example/key123";
    static Anvil anvil;
    static FaultProxy proxy;
    static String usdc, rseth, usdcFeed, exploited;
    @RegisterExtension
    static final TestAppExtension app = new TestAppExtension(WalletReportIT::chain);

    /** A test chain with the wallet's tokens and a USDC price feed, behind a fault proxy; the app's settings to scan it. */
    static Map<String, String> chain() {
        TokenRegistry registry = TokenRegistry.load(DataFiles.bundled());
        usdc = dev.perimeter.TestData.registryToken(registry, "ethereum", t -> t.symbol().equals("USDC") && t.kind().equals("plain"));
        rseth = "0xa1290d69c65a6fe4df752f95823fae25cb99e5a7";
        usdcFeed = PriceBook.load(DataFiles.bundled()).route(new Token("ethereum", usdc, "USDC", "USDC", 6, "plain", null,
                null, null, null, null, null, true), registry, "ETH").orElseThrow().feed().feed();
        anvil = app.closeAfter(new Anvil(1));
        anvil.placeMulticall();
        anvil.placeToken(usdc, "USD Coin", "USDC", 6);
        anvil.placeToken(rseth, "rsETH", "rsETH", 18);
        anvil.mint(usdc, WALLET, USDC_HELD);
        anvil.mint(rseth, WALLET, RSETH_HELD);
        anvil.placePriceFeed(usdcFeed, new BigInteger("100000000"), 8); // $1.00, updated now
        proxy = app.closeAfter(new FaultProxy(anvil.url()));
        return Map.of("PERIMETER_CHAINS", "ethereum", "PERIMETER_RPC_ETHEREUM", proxy.url(),
                "PERIMETER_CACHE_TTL_SECONDS", "0", "PERIMETER_SCAN_RATE_PER_MINUTE", "10000");
    }

    /** Approvals to a contract of the app's incident data, to the maximum and to more than the supply. */
    @BeforeAll
    static void approve() {
        exploited = app.wiring().exposure.snapshot().exploitedContracts("ethereum").get(0);
        anvil.approve(usdc, WALLET, exploited, USDC_APPROVED);
        anvil.approve(rseth, WALLET, SPENDER_MAX, UINT256_MAX);
        anvil.approve(usdc, WALLET, SPENDER_OVER_SUPPLY, USDC_HELD.add(BigInteger.ONE)); // total supply + 1, far below 2^255
    }

    @BeforeEach
    void pass() {
        proxy.reset(FaultProxy.Mode.PASS);
    }

    static JsonNode report() throws Exception {
        HttpResponse<String> r = app.get("/api/v1/wallets/" + WALLET + "/exposure");
        assertEquals(200, r.statusCode(), r.body());
        return app.json(r);
    }

    static String page() {
        HttpResponse<String> r = app.get("/wallet/" + WALLET);
        assertEquals(200, r.statusCode());
        return r.body();
    }

    static JsonNode holding(JsonNode report, String token) {
        for (JsonNode h : report.get("chains").get(0).get("holdings")) if (h.get("token").asText().equalsIgnoreCase(token)) return h;
        throw new AssertionError("no holding of " + token + " in " + report);
    }

    static JsonNode approval(JsonNode report, String spender) {
        for (JsonNode a : report.get("chains").get(0).get("approvals")) if (a.get("spender").asText().equalsIgnoreCase(spender)) return a;
        throw new AssertionError("no approval to " + spender + " in " + report);
    }

    @Test
    void aFreshPriceIsUsedAndAStaleOrZeroOneIsNot() throws Exception {
        BigDecimal usd = new BigDecimal(USDC_HELD).movePointLeft(6).setScale(2); // 2,500 USDC at $1.00

        anvil.setPriceFeed(usdcFeed, new BigInteger("100000000"), 8, anvil.latestBlockTimestamp() - 3_600);
        JsonNode fresh = holding(report(), usdc);
        assertEquals(usd.toPlainString(), fresh.get("usdValue").asText(), "updated 1 h before the block: within the 25 h heartbeat");
        assertTrue(fresh.get("unpricedReason").isNull());
        assertTrue(fresh.get("priceSource").asText().contains("latestRoundData"), fresh.toString());
        assertTrue(page().contains("$2,500"));

        anvil.setPriceFeed(usdcFeed, new BigInteger("100000000"), 8, anvil.latestBlockTimestamp() - 26 * 3_600);
        JsonNode stale = holding(report(), usdc);
        assertTrue(stale.get("usdValue").isNull(), "updated 26 h before the block");
        assertEquals("stale price", stale.get("unpricedReason").asText());
        String stalePage = page();
        assertTrue(stalePage.contains("unpriced: stale price"), "the reason is on the page");
        assertFalse(stalePage.contains("$2,500"));

        anvil.setPriceFeed(usdcFeed, BigInteger.ZERO, 8, anvil.latestBlockTimestamp());
        JsonNode zero = holding(report(), usdc);
        assertTrue(zero.get("usdValue").isNull(), "an answer of 0 is no price");
        assertEquals("stale price", zero.get("unpricedReason").asText());

        anvil.setPriceFeed(usdcFeed, new BigInteger("100000000"), 8, anvil.latestBlockTimestamp());
        assertEquals(usd.toPlainString(), holding(report(), usdc).get("usdValue").asText(), "fresh again");
    }

    @Test
    void approvalsAreShownInTokenUnitsAndUnlimitedByTheTokensSupply() throws Exception {
        JsonNode r = report();
        JsonNode thousand = approval(r, exploited);
        assertEquals(USDC_APPROVED.toString(), thousand.get("allowanceRaw").asText());
        assertEquals(new BigDecimal(USDC_APPROVED).movePointLeft(6).stripTrailingZeros().toPlainString(), thousand.get("allowance").asText());
        assertEquals("1000", thousand.get("allowance").asText());
        assertFalse(thousand.get("unlimited").asBoolean());

        JsonNode max = approval(r, SPENDER_MAX);
        assertEquals(UINT256_MAX.toString(), max.get("allowanceRaw").asText(), "the raw integer stays in JSON");
        assertEquals(new BigDecimal(UINT256_MAX, 18).toPlainString(), max.get("allowance").asText());
        assertTrue(max.get("unlimited").asBoolean(), "type(uint256).max");

        JsonNode overSupply = approval(r, SPENDER_OVER_SUPPLY);
        assertEquals(USDC_HELD.add(BigInteger.ONE).toString(), overSupply.get("allowanceRaw").asText());
        assertTrue(USDC_HELD.add(BigInteger.ONE).compareTo(BigInteger.TWO.pow(255)) < 0);
        assertTrue(overSupply.get("unlimited").asBoolean(), "more than the token's whole supply");

        JsonNode finding = null;
        for (JsonNode f : r.get("findings")) if (f.get("kind").asText().equals("approval_to_exploited_contract")) finding = f;
        assertNotNull(finding, r.get("findings").toString());
        assertTrue(finding.get("message").asText().contains("up to 1,000 USDC;"), finding.get("message").asText());

        String page = page();
        assertTrue(page.contains(">1,000 USDC<"), "the allowance in token units");
        assertTrue(page.contains(">unlimited rsETH<"));
        assertTrue(page.contains(">unlimited USDC<"));
        assertFalse(page.contains(">" + USDC_APPROVED + "<"), "no raw integer as the shown amount");
    }

    @Test
    void providerErrorTextReachesNeitherClientsNorHealth() throws Exception {
        proxy.reset(FaultProxy.Mode.STATUS);
        proxy.status = 500;
        proxy.statusBody = "{\"error\":\"upstream " + SECRET + " is down\"}";
        HttpResponse<String> health = app.get("/health");
        assertFalse(health.body().contains("secret.example"), health.body());
        JsonNode chain = app.json(health).get("chains").get(0);
        assertEquals("failed", chain.get("status").asText());
        assertEquals(RpcException.Kind.HTTP_ERROR.plain + ": HTTP 500", chain.get("error").asText());
        JsonNode down = report();
        assertFalse(down.toString().contains("secret.example"), down.toString());
        assertEquals(RpcException.Kind.HTTP_ERROR.plain + ": HTTP 500", down.get("chains").get(0).get("error").asText());

        proxy.reset(FaultProxy.Mode.RPC_ERROR);
        proxy.errorText = "invalid project id, see " + SECRET;
        JsonNode rpcError = report();
        assertEquals(RpcException.Kind.RPC_ERROR.plain, rpcError.get("chains").get(0).get("error").asText());
        assertFalse(page().contains("secret.example"));
        HttpResponse<String> ens = app.get("/api/v1/wallets/perimeter-demo.eth/exposure");
        assertEquals(502, ens.statusCode(), ens.body());
        assertFalse(ens.body().contains("secret.example"), ens.body());
        assertTrue(proxy.requests.get() > 0, "the provider was asked and did answer with the text");
    }
}
