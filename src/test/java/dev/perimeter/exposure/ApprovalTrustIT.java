package dev.perimeter.exposure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perimeter.TestApp;
import dev.perimeter.contract.WellKnownContracts;
import dev.perimeter.incident.Incident;
import dev.perimeter.incident.ShippedIncidents;
import dev.perimeter.token.TokenRegistry;
import dev.perimeter.testchain.Anvil;
import dev.perimeter.util.Addresses;
import dev.perimeter.util.DataFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Trust in every alarm (issue 19), end to end: the real server with the shipped data, anvil with USDC at its mainnet address.
 * A wallet that approved one of the contracts most wallets approve (data/contracts/well-known.csv) — preferably one a dataset
 * names in an incident — and a contract whose users' approvals were abused (Revoke.cash's list) gets one critical finding,
 * for the exploited one. The contract pages of the well-known contract and of a token contract give no revoke advice.
 */
class ApprovalTrustIT {
    static final String WALLET = "0x9999999999999999999999999999999999999995";
    static final BigInteger UNLIMITED = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
    static final ObjectMapper json = new ObjectMapper();
    static Anvil anvil;
    static TestApp app;
    static String usdc, router, exploited;
    static boolean routerNamed;

    @BeforeAll
    static void start() {
        DataFiles files = DataFiles.bundled();
        TokenRegistry registry = TokenRegistry.load(files);
        usdc = dev.perimeter.TestData.registryToken(registry, "ethereum", t -> t.symbol().equals("USDC") && t.kind().equals("plain"));
        List<Incident> incidents = ShippedIncidents.load(files).incidents();
        Set<String> named = new java.util.HashSet<>(), approvalRole = new java.util.HashSet<>(), fixed = new java.util.HashSet<>();
        for (Incident i : incidents) {
            for (var c : i.contracts()) {
                if (!c.chain().equals("ethereum")) continue;
                named.add(c.address());
                if (Incident.APPROVAL_ROLES.contains(c.role())) approvalRole.add(c.address());
                if (dev.perimeter.incident.DatasetReaders.fixed(c.source())) fixed.add(c.address());
            }
        }
        List<WellKnownContracts.Contract> wellKnown = WellKnownContracts.load(files).all().stream()
                .filter(w -> w.chain().equals("ethereum") && !approvalRole.contains(w.address())).toList();
        assertFalse(wellKnown.isEmpty(), "the shipped list has Ethereum contracts");
        // A well-known contract a dataset names in an incident (a PoC header, a chronicle's victims) is the case that used to
        // read as exploited; any well-known contract when none is named.
        WellKnownContracts.Contract pick = wellKnown.stream().filter(w -> named.contains(w.address())).findFirst().orElse(wellKnown.get(0));
        router = pick.address();
        routerNamed = named.contains(router);
        Set<String> wellKnownAddresses = new java.util.HashSet<>();
        WellKnownContracts.load(files).all().forEach(w -> wellKnownAddresses.add(w.address()));
        exploited = approvalRole.stream().filter(a -> !fixed.contains(a) && !wellKnownAddresses.contains(a)).sorted().findFirst().orElseThrow();

        anvil = new Anvil(1);
        app = new TestApp(Map.of("PERIMETER_CHAINS", "ethereum", "PERIMETER_RPC_ETHEREUM", anvil.url(), "PERIMETER_CHAIN_TIMEOUT_MS", "8000",
                "PERIMETER_SCAN_RATE_PER_MINUTE", "10000"));
        anvil.placeMulticall();
        anvil.placeToken(usdc, "USD Coin", "USDC", 6);
        anvil.mint(usdc, WALLET, new BigInteger("5000000000"));
        anvil.approve(usdc, WALLET, router, UNLIMITED);
        anvil.approve(usdc, WALLET, exploited, UNLIMITED);
    }

    @AfterAll
    static void stop() {
        if (app != null) app.close();
        if (anvil != null) anvil.close();
    }

    static JsonNode get(String path) throws Exception {
        HttpResponse<String> r = app.get(path);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return json.readTree(r.body());
    }

    @Test
    void oneCriticalFindingForTheExploitedContractNoneForTheWellKnownOne() throws Exception {
        JsonNode r = get("/api/v1/wallets/" + WALLET + "/exposure");
        JsonNode eth = r.get("chains").get(0);
        assertEquals("ok", eth.get("status").asText(), eth.toString());
        List<String> spenders = new ArrayList<>();
        for (JsonNode a : eth.get("approvals")) spenders.add(a.get("spender").asText().toLowerCase(java.util.Locale.ROOT));
        assertTrue(spenders.contains(router), "the scan read the approval to the well-known contract: " + spenders);
        assertTrue(spenders.contains(exploited), spenders.toString());

        List<JsonNode> approval = new ArrayList<>(), critical = new ArrayList<>();
        for (JsonNode f : r.get("findings")) {
            if (f.get("kind").asText().equals("approval_to_exploited_contract")) approval.add(f);
            if (f.get("severity").asText().equals("critical")) critical.add(f);
        }
        assertEquals(1, approval.size(), r.get("findings").toString());
        assertEquals(1, critical.size(), r.get("findings").toString());
        assertEquals(Addresses.checksum(exploited), approval.get(0).get("spender").asText());
        assertTrue(approval.get(0).get("evidence").get("matched").toString().contains("evidence of the role: revoke:"),
                approval.get(0).get("evidence").toString());
        for (JsonNode f : r.get("findings")) {
            assertFalse(f.toString().toLowerCase(java.util.Locale.ROOT).contains(router), "nothing is said against the well-known contract: " + f);
        }
    }

    @Test
    void theWellKnownContractsPageSaysWhatItIsAndGivesNoRevokeAdvice() throws Exception {
        JsonNode c = get("/api/v1/contracts/ethereum/" + router);
        assertFalse(c.get("approvalsAbused").asBoolean(), c.toString());
        assertNotNull(c.get("wellKnown"), c.toString());
        assertFalse(c.get("wellKnown").get("source").asText().isBlank());
        for (JsonNode a : c.get("advice")) assertFalse(a.asText().contains("Revoke"), a.asText());
        if (routerNamed) {
            assertFalse(c.get("incidents").isEmpty(), "shown as named in its incidents");
            for (JsonNode m : c.get("incidents")) assertFalse(m.get("approvalAbused").asBoolean(), m.toString());
        }
        String page = app.get("/contracts/ethereum/" + router).body();
        assertTrue(page.contains("A widely used contract"), page);
        assertFalse(page.contains("What to do"), "no advice section");
        assertFalse(page.contains("Approvals to this contract were abused"));
    }

    @Test
    void aTokenContractsPageGivesNoRevokeAdvice() throws Exception {
        JsonNode c = get("/api/v1/contracts/ethereum/" + usdc);
        assertFalse(c.get("approvalsAbused").asBoolean(), c.toString());
        for (JsonNode m : c.get("incidents")) assertFalse(m.get("approvalAbused").asBoolean(), m.toString());
        for (JsonNode a : c.get("advice")) assertFalse(a.asText().contains("Revoke"), a.asText());
        String page = app.get("/contracts/ethereum/" + usdc).body();
        assertFalse(page.contains("Revoke approvals"), page);
        assertTrue(page.contains("Named in incidents"), "USDC is named (a chronicle lists it among the assets stolen): " + page);
    }

    @Test
    void theExploitedContractsPageSaysRevokeWithTheEvidence() throws Exception {
        JsonNode c = get("/api/v1/contracts/ethereum/" + exploited);
        assertTrue(c.get("approvalsAbused").asBoolean(), c.toString());
        assertTrue(c.get("advice").get(0).asText().startsWith("Revoke"), c.get("advice").toString());
        String page = app.get("/contracts/ethereum/" + exploited).body();
        assertTrue(page.contains("Approvals to this contract were abused"), page);
    }
}
