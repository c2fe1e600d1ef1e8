package dev.perimeter.exposure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perimeter.TestApp;
import dev.perimeter.token.TokenRegistry;
import dev.perimeter.testchain.Anvil;
import dev.perimeter.testchain.EdgeContracts;
import dev.perimeter.util.Addresses;
import dev.perimeter.util.DataFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Exposure through edges read on-chain, end to end: a wallet holding an ERC-4626 vault of rsETH, a Curve-style pool and an
 * older Curve LP token with rsETH among their coins, a Uniswap V2-style pair with rsETH, and a token with a fake asset();
 * rsETH sits at its registry address and the shipped data's KelpDAO incident makes its holders exposed.
 */
class OnchainEdgesIT {
    static Anvil anvil;
    static TestApp app;
    static EdgeContracts c;
    static String rseth, usdc;
    static final ObjectMapper json = new ObjectMapper();
    static final String WALLET = "0x9999999999999999999999999999999999999995";

    @BeforeAll
    static void start() {
        TokenRegistry registry = TokenRegistry.load(DataFiles.bundled());
        rseth = dev.perimeter.TestData.registryToken(registry, "ethereum", t -> "rsETH".equals(t.symbol()) && "kelpdao".equals(t.protocol()));
        usdc = dev.perimeter.TestData.registryToken(registry, "ethereum", t -> "USDC".equals(t.symbol()) && t.kind().equals("plain"));
        anvil = new Anvil(1);
        app = new TestApp(Map.of("PERIMETER_CHAINS", "ethereum", "PERIMETER_RPC_ETHEREUM", anvil.url(), "PERIMETER_CHAIN_TIMEOUT_MS", "8000",
                "PERIMETER_SCAN_RATE_PER_MINUTE", "10000"));
        anvil.placeMulticall();
        anvil.placeToken(rseth, "rsETH", "rsETH", 18);
        anvil.placeToken(usdc, "USD Coin", "USDC", 6);
        c = EdgeContracts.place(anvil, WALLET, rseth, usdc);
        anvil.mint(rseth, WALLET, BigInteger.TEN.pow(18)); // rsETH held directly too: the severity the layers are compared with
    }

    @AfterAll
    static void stop() {
        if (app != null) app.close();
        if (anvil != null) anvil.close();
    }

    /** The KelpDAO incident the shipped data records as protocol-wide (read from the API, not typed). */
    static JsonNode kelpIncident() throws Exception {
        JsonNode list = json.readTree(app.get("/api/v1/incidents?protocol=kelpdao&limit=500").body());
        for (JsonNode i : list.get("items")) if (i.get("scope").asText().equals("protocol")) return i;
        throw new AssertionError("no protocol-wide KelpDAO incident in " + list);
    }

    static JsonNode finding(JsonNode report, String asset, String incidentId) {
        for (JsonNode f : report.get("findings")) {
            if (f.get("asset").asText().equalsIgnoreCase(Addresses.checksum(asset)) && f.get("kind").asText().equals("holds_asset_of_hacked_protocol")
                    && f.get("incidentIds").toString().contains(incidentId)) {
                return f;
            }
        }
        return null;
    }

    static String lower(String severity) {
        List<String> order = List.of("critical", "high", "medium", "low", "info");
        return order.get(Math.min(order.indexOf(severity) + 1, order.indexOf("low")));
    }

    static List<String> names(JsonNode f) {
        List<String> out = new ArrayList<>();
        f.get("path").forEach(p -> out.add(p.get("name").asText()));
        return out;
    }

    @Test
    void holdingsReadOnChainCarryTheHackedTokenWithTheirPath() throws Exception {
        HttpResponse<String> resp = app.get("/api/v1/wallets/" + WALLET + "/exposure");
        assertEquals(200, resp.statusCode(), resp.body());
        JsonNode r = json.readTree(resp.body());
        JsonNode eth = r.get("chains").get(0);
        assertEquals("ok", eth.get("status").asText(), eth.toString());
        assertTrue(eth.get("httpRequests").asLong() <= 3, "at most 3 HTTP requests per chain: " + eth.get("httpRequests"));
        assertEquals(3, eth.get("httpRequests").asLong(), "balances+logs, allowances+unlisted+edges, the old LP's minter coins");
        long block = eth.get("block").asLong();

        JsonNode kelp = kelpIncident();
        String id = kelp.get("id").asText();
        LocalDate today = LocalDate.ofInstant(TestApp.TEST_START, ZoneOffset.UTC);
        boolean recent = !LocalDate.parse(kelp.get("date").asText()).isBefore(today.minusDays(ExposureMatcher.RECENT_DAYS));
        String direct = recent ? "high" : "low"; // a protocol-wide incident of the holding's protocol (the matcher's rule)
        JsonNode held = finding(r, rseth, id);
        assertNotNull(held, r.get("findings").toString());
        assertEquals(direct, held.get("severity").asText());

        JsonNode vault = finding(r, c.vault(), id);
        assertNotNull(vault, "the vault's holder is exposed to KelpDAO: " + r.get("findings"));
        assertEquals(direct, vault.get("severity").asText(), "a vault passes the loss through whole");
        JsonNode step = vault.get("path").get(1);
        assertEquals(Addresses.checksum(rseth), step.get("address").asText());
        assertEquals("vault asset (ERC-4626)", step.get("relation").asText());
        assertEquals("on-chain: asset() at block " + block, step.get("source").asText());
        assertEquals(List.of("tvRSETH", "rsETH", kelp.get("protocolName") != null ? kelp.get("protocolName").asText() : "KelpDAO"), names(vault));

        JsonNode pool = finding(r, c.curvePool(), id);
        assertNotNull(pool, r.get("findings").toString());
        assertEquals(lower(direct), pool.get("severity").asText(), "a pool lowers one level");
        assertEquals("on-chain: coins(0) at block " + block, pool.get("path").get(1).get("source").asText());
        assertEquals("pool coin (Curve-style pool)", pool.get("path").get(1).get("relation").asText());

        JsonNode old = finding(r, c.oldLp(), id);
        assertNotNull(old, r.get("findings").toString());
        assertEquals(lower(direct), old.get("severity").asText());
        assertEquals("on-chain: minter() = " + c.oldPool() + ", its coins(1) at block " + block, old.get("path").get(1).get("source").asText());

        JsonNode pair = finding(r, c.pair(), id);
        assertNotNull(pair, r.get("findings").toString());
        assertEquals(lower(direct), pair.get("severity").asText());
        assertEquals("on-chain: token0() at block " + block, pair.get("path").get(1).get("source").asText());
        assertEquals("pool coin (Uniswap V2-style pair)", pair.get("path").get(1).get("relation").asText());

        assertNull(finding(r, c.fakeVault(), id), "a token with asset() alone is no vault");
        for (JsonNode f : r.get("findings")) {
            if (f.get("asset").asText().equalsIgnoreCase(Addresses.checksum(c.fakeVault()))) {
                assertEquals("unlisted_token", f.get("kind").asText(), f.toString());
            }
        }

        String page = app.get("/wallet/" + WALLET).body();
        assertTrue(page.contains("on-chain: asset() at block " + block), "the page shows the on-chain step's source");
        assertTrue(page.contains("vault asset (ERC-4626)"));
    }
}
