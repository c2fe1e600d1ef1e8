package dev.perimeter.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perimeter.TestAppExtension;
import dev.perimeter.testchain.Anvil;
import dev.perimeter.testchain.ControlContracts;
import dev.perimeter.testchain.FaultProxy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The contract page and API show who controls any address, read live from the chain (anvil with stand-ins at real
 * addresses), kept for PERIMETER_CONTROL_TTL, charged to the client's scan budget, and beside the infrastructure rows'
 * own statements: a multisig threshold the chain contradicts is shown as a disagreement, with both sources.
 */
class ControlPagesIT {
    static Anvil anvil;
    static FaultProxy proxy;

    @RegisterExtension
    static final TestAppExtension app = new TestAppExtension(() -> {
        anvil = new Anvil(1);
        proxy = new FaultProxy(anvil.url());
        return Map.of("PERIMETER_CHAINS", "ethereum", "PERIMETER_RPC_ETHEREUM", proxy.url(), "PERIMETER_SCAN_RATE_PER_MINUTE", "4");
    });

    // Registry tokens (data/tokens/tokens.csv)
    static final String RSETH = "0xa1290d69c65a6fe4df752f95823fae25cb99e5a7";
    static final String USDC = "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48";
    static final String WETH = "0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2";
    // data/infrastructure/contracts.csv: LayerZero's admin multisig ("LayerZero Multisig 3/5") and Ronin's ("RoninAdminMultisig 3/5")
    static final String LZ_MULTISIG = "0xcda8e3add00c95e5035617f970096118ca2f4c92";
    static final String RONIN_MULTISIG = "0x51f6696ae42c6c40ca9f5955eca2aaab1cefb26e";
    static final String ADMIN = "0x00000000000000000000000000000000000ad001";
    static final String ADMIN2 = "0x00000000000000000000000000000000000ad002";
    static final String RONINISH = "0x00000000000000000000000000000000000c0de1";
    static final String KEY = "0x00000000000000000000000000000000000e0a01";
    static final String[] OWNERS = {"0x00000000000000000000000000000000000e0a01", "0x00000000000000000000000000000000000e0a02",
            "0x00000000000000000000000000000000000e0a03", "0x00000000000000000000000000000000000e0a04", "0x00000000000000000000000000000000000e0a05"};

    @BeforeAll
    static void place() {
        app.closeAfter(proxy);
        app.closeAfter(anvil);
        anvil.placeMulticall();
        anvil.placeToken(RSETH, "rsETH", "rsETH", 18);
        ControlContracts.slot(anvil, RSETH, ControlContracts.IMPLEMENTATION_SLOT, ADMIN2);
        ControlContracts.slot(anvil, RSETH, ControlContracts.ADMIN_SLOT, KEY);
        // USDC's proxy admin is owned by a 2-of-3 Safe at the address the data lists as LayerZero's 3/5 multisig
        anvil.placeToken(USDC, "USD Coin", "USDC", 6);
        ControlContracts.slot(anvil, USDC, ControlContracts.IMPLEMENTATION_SLOT, ADMIN2);
        ControlContracts.slot(anvil, USDC, ControlContracts.ADMIN_SLOT, ADMIN);
        ControlContracts.owned(anvil, ADMIN, LZ_MULTISIG);
        ControlContracts.safe(anvil, LZ_MULTISIG, 2, OWNERS[0], OWNERS[1], OWNERS[2]);
        // a contract whose admin is a 3-of-5 Safe at Ronin's admin multisig: the data and the chain agree
        anvil.placeToken(RONINISH, "Roninish", "RON", 18);
        ControlContracts.slot(anvil, RONINISH, ControlContracts.IMPLEMENTATION_SLOT, ADMIN2);
        ControlContracts.slot(anvil, RONINISH, ControlContracts.ADMIN_SLOT, RONIN_MULTISIG);
        ControlContracts.safe(anvil, RONIN_MULTISIG, 3, OWNERS);
        anvil.placeToken(WETH, "Wrapped Ether", "WETH", 18);
        anvil.mine(1);
    }

    @Test
    void theApiShowsTheReadingTheVerdictAndADisagreementWithTheData() throws Exception {
        proxy.reset(FaultProxy.Mode.PASS);
        JsonNode usdc = app.getJson("/api/v1/contracts/ethereum/" + USDC);
        JsonNode c = usdc.get("control");
        assertEquals("read", c.get("status").asText(), c.toString());
        assertTrue(c.get("upgradeable").asBoolean());
        assertEquals("eip-1967", c.get("proxy").asText());
        JsonNode admin = c.get("admin");
        assertEquals("safe", admin.get("kind").asText());
        assertEquals(2, admin.get("threshold").asInt());
        assertEquals(3, admin.get("owners").asInt());
        assertTrue(admin.get("delaySeconds").isNull());
        assertEquals(dev.perimeter.util.Addresses.checksum(LZ_MULTISIG), admin.get("address").asText());
        assertEquals(dev.perimeter.util.Addresses.checksum(ADMIN) + " (EIP-1967 admin slot)", admin.get("via").get(0).asText());
        assertTrue(c.get("readAtBlock").asLong() > 0);
        assertTrue(c.get("source").asText().startsWith("read on-chain by Perimeter"));
        assertEquals("low", c.get("verdicts").get(0).get("severity").asText());
        assertTrue(c.get("verdicts").get(0).get("sentence").asText().startsWith("USDC can be upgraded at once by a 2-of-3 Safe"),
                c.get("verdicts").toString());
        JsonNode line = null;
        for (JsonNode l : c.get("infrastructure")) if (l.get("slug").asText().equals("layerzero")) line = l;
        assertNotNull(line, "the multisig on the path is LayerZero's row's: " + c.get("infrastructure"));
        assertFalse(line.get("agrees").asBoolean(), "the data says 3/5, the chain a 2-of-3 Safe: " + line);
        assertTrue(line.get("data").asText().contains("3/5"));
        assertTrue(line.get("dataSource").asText().contains("l2beat/l2beat@"), "the data's own source: " + line);
        assertTrue(line.get("chain").asText().startsWith("a 2-of-3 Safe"), line.toString());
        assertTrue(line.get("chainSource").asText().startsWith("read on-chain at block"));

        JsonNode ronin = app.getJson("/api/v1/contracts/ethereum/" + RONINISH).get("control");
        JsonNode agree = null;
        for (JsonNode l : ronin.get("infrastructure")) if (l.get("slug").asText().equals("ronin-bridge")) agree = l;
        assertTrue(agree != null && agree.get("agrees").asBoolean(), "3/5 and a 3-of-5 Safe agree: " + ronin);

        JsonNode rseth = app.getJson("/api/v1/contracts/ethereum/" + RSETH).get("control");
        assertEquals("eoa", rseth.get("admin").get("kind").asText());
        assertEquals("medium", rseth.get("verdicts").get(0).get("severity").asText());
        assertTrue(rseth.get("verdicts").get(0).get("sentence").asText().startsWith("rsETH can be upgraded at once by one key ("), rseth.toString());

        String page = app.get("/contracts/ethereum/" + USDC).body();
        assertTrue(page.contains("Who controls it") && page.contains("disagree") && page.contains("2-of-3 Safe"), page);
    }

    @Test
    void aSecondLookWithinTheTtlReadsNothingAndALiveReadIsCharged() throws Exception {
        proxy.reset(FaultProxy.Mode.PASS);
        JsonNode first = app.getJson("/api/v1/contracts/ethereum/" + WETH).get("control");
        int after = proxy.requests.get();
        assertTrue(after >= 1, "read live");
        JsonNode second = app.getJson("/api/v1/contracts/ethereum/" + WETH).get("control");
        assertEquals(after, proxy.requests.get(), "kept: no request");
        assertTrue(second.get("cached").asBoolean());
        assertEquals(first.get("readAtBlock").asLong(), second.get("readAtBlock").asLong(), "the kept reading keeps its block");
        assertFalse(second.get("upgradeable").asBoolean());

        // The budget (4 a minute here, shared with wallet scans) is spent by live reads of addresses not kept.
        HttpResponse<String> last = null;
        for (int i = 0; i < 6; i++) {
            last = app.get("/api/v1/contracts/ethereum/0x00000000000000000000000000000000000f00" + String.format("%02x", i));
            assertEquals(200, last.statusCode(), "the data part is always answered");
        }
        JsonNode c = app.json(last).get("control");
        assertEquals("not_read", c.get("status").asText(), c.toString());
        assertTrue(c.get("problem").asText().contains("too many live reads"), c.toString());
        assertTrue(last.headers().firstValue("Retry-After").isPresent());
    }

    @Test
    void theRulesArePublished() {
        HttpResponse<String> r = app.get("/about/control");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("EIP-7702") && r.body().contains("48") && r.body().contains("LayerZero V2"), r.body());
        assertTrue(app.get("/about/grade").body().contains("formula v2"));
    }
}
