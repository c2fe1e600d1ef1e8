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
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint160;
import org.web3j.abi.datatypes.generated.Uint48;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Approvals for all of an NFT collection and Permit2 allowances, end to end: the real server with the shipped data, anvil
 * with a test collection, USDC at its mainnet address and a Permit2 stand-in at Permit2's address. An approval for all to
 * a contract whose users' approvals were abused (the shipped incident data) is a critical finding, and none once revoked;
 * a live Permit2 allowance to it is a finding, an expired one none; an approval for all to a well-known marketplace
 * contract (data/contracts/well-known.csv) is listed, not a finding.
 */
class ApprovalKindsExposureIT {
    static final String NFT_WALLET = "0x9999999999999999999999999999999999999981";
    static final String REVOKED_WALLET = "0x9999999999999999999999999999999999999982";
    static final String PERMIT2_WALLET = "0x9999999999999999999999999999999999999983";
    static final String EXPIRED_WALLET = "0x9999999999999999999999999999999999999984";
    static final String MARKET_WALLET = "0x9999999999999999999999999999999999999985";
    /** A test collection (not a real one: no collection's address is in Perimeter's data). */
    static final String COLLECTION = "0x5555555555555555555555555555555555555521";
    static final String PERMIT2 = "0x000000000022d473030f116ddee9f6b43ac78ba3";
    static final ObjectMapper json = new ObjectMapper();
    static Anvil anvil;
    static TestApp app;
    static String usdc, exploited, marketplace;

    @BeforeAll
    static void start() {
        DataFiles files = DataFiles.bundled();
        TokenRegistry registry = TokenRegistry.load(files);
        usdc = dev.perimeter.TestData.registryToken(registry, "ethereum", t -> t.symbol().equals("USDC") && t.kind().equals("plain"));
        Set<String> approvalRole = new java.util.HashSet<>(), fixed = new java.util.HashSet<>();
        for (Incident i : ShippedIncidents.load(files).incidents()) {
            for (var c : i.contracts()) {
                if (!c.chain().equals("ethereum")) continue;
                if (Incident.APPROVAL_ROLES.contains(c.role())) approvalRole.add(c.address());
                if (dev.perimeter.incident.DatasetReaders.fixed(c.source())) fixed.add(c.address());
            }
        }
        List<WellKnownContracts.Contract> wellKnown = WellKnownContracts.load(files).all();
        Set<String> wellKnownAddresses = new java.util.HashSet<>();
        wellKnown.forEach(w -> wellKnownAddresses.add(w.address()));
        exploited = approvalRole.stream().filter(a -> !fixed.contains(a) && !wellKnownAddresses.contains(a)).sorted().findFirst().orElseThrow();
        marketplace = wellKnown.stream().filter(w -> w.chain().equals("ethereum") && w.category().equals("nft-marketplace")
                && !approvalRole.contains(w.address())).map(WellKnownContracts.Contract::address).findFirst().orElseThrow();

        anvil = new Anvil(1);
        app = new TestApp(Map.of("PERIMETER_CHAINS", "ethereum", "PERIMETER_RPC_ETHEREUM", anvil.url(), "PERIMETER_CHAIN_TIMEOUT_MS", "8000",
                "PERIMETER_SCAN_RATE_PER_MINUTE", "10000"));
        anvil.placeMulticall();
        anvil.placeToken(usdc, "USD Coin", "USDC", 6);
        anvil.setCode(COLLECTION, "TestNftCollection");
        anvil.invoke(COLLECTION, "initialize", new Utf8String("Test Apes"), new Utf8String("TAPE"));
        anvil.invoke(COLLECTION, "setApprovalForAllFrom", new Address(NFT_WALLET), new Address(exploited), new Bool(true));
        anvil.invoke(COLLECTION, "setApprovalForAllFrom", new Address(REVOKED_WALLET), new Address(exploited), new Bool(true));
        anvil.invoke(COLLECTION, "setApprovalForAllFrom", new Address(REVOKED_WALLET), new Address(exploited), new Bool(false));
        anvil.invoke(COLLECTION, "setApprovalForAllFrom", new Address(MARKET_WALLET), new Address(marketplace), new Bool(true));

        anvil.setCode(PERMIT2, "TestPermit2");
        long now = anvil.latestBlockTimestamp();
        for (String w : List.of(PERMIT2_WALLET, EXPIRED_WALLET)) anvil.mint(usdc, w, new BigInteger("2000000000"));
        anvil.invoke(PERMIT2, "approveFrom", new Address(PERMIT2_WALLET), new Address(usdc), new Address(exploited),
                new Uint160(new BigInteger("1000000000")), new Uint48(BigInteger.valueOf(now + 7 * 86_400)));
        anvil.invoke(PERMIT2, "approveFrom", new Address(EXPIRED_WALLET), new Address(usdc), new Address(exploited),
                new Uint160(new BigInteger("1000000000")), new Uint48(BigInteger.valueOf(now - 3_600)));
    }

    @AfterAll
    static void stop() {
        if (app != null) app.close();
        if (anvil != null) anvil.close();
    }

    static JsonNode exposure(String wallet) throws Exception {
        HttpResponse<String> r = app.get("/api/v1/wallets/" + wallet + "/exposure");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode n = json.readTree(r.body());
        assertEquals("ok", n.get("chains").get(0).get("status").asText(), n.get("chains").toString());
        return n;
    }

    static List<JsonNode> approvalFindings(JsonNode report) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode f : report.get("findings")) if (f.get("kind").asText().equals("approval_to_exploited_contract")) out.add(f);
        return out;
    }

    @Test
    void anApprovalForAllToAnExploitedContractIsACriticalFinding() throws Exception {
        JsonNode r = exposure(NFT_WALLET);
        JsonNode approvals = r.get("chains").get(0).get("approvals");
        assertEquals(1, approvals.size(), approvals.toString());
        JsonNode a = approvals.get(0);
        assertEquals("all-nfts", a.get("kind").asText());
        assertEquals(Addresses.checksum(COLLECTION), a.get("token").asText());
        assertEquals("TAPE", a.get("symbol").asText());
        assertTrue(a.get("unlimited").asBoolean());
        assertTrue(a.get("allowanceRaw").isNull(), "no amount: every NFT of the collection");
        assertEquals("all NFTs of collection TAPE", a.get("text").asText());

        List<JsonNode> fs = approvalFindings(r);
        assertEquals(1, fs.size(), r.get("findings").toString());
        JsonNode f = fs.get(0);
        assertEquals("critical", f.get("severity").asText());
        assertEquals(Addresses.checksum(exploited), f.get("spender").asText());
        assertTrue(f.get("message").asText().contains("transfer every NFT you hold of collection TAPE"), f.get("message").asText());
        assertTrue(f.get("evidence").get("matched").get(0).asText().startsWith("approval for all: ethereum collection " + COLLECTION),
                f.get("evidence").toString());
        String key = f.get("key").asText();
        assertEquals("approval_to_exploited_contract:ethereum:" + COLLECTION + ":all-nfts:" + exploited, key);
        assertTrue(FindingKeys.valid(key), FindingKeys.problem(key).orElse(""));
        HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app.base + "/api/v1/dismissals/"
                + java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20")))
                .header("X-Perimeter-Viewer", "a".repeat(22)).PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(put.statusCode() < 300, "the finding can be dismissed: " + put.statusCode() + " " + put.body());

        String page = app.get("/wallet/" + NFT_WALLET).body();
        assertTrue(page.contains("all NFTs of collection TAPE"), "the approvals list says what was approved");
    }

    @Test
    void aRevokedApprovalForAllIsNeitherListedNorAFinding() throws Exception {
        JsonNode r = exposure(REVOKED_WALLET);
        assertEquals(0, r.get("chains").get(0).get("approvals").size(), r.get("chains").toString());
        assertEquals(List.of(), approvalFindings(r));
    }

    @Test
    void aLivePermit2AllowanceToAnExploitedContractIsAFinding() throws Exception {
        JsonNode r = exposure(PERMIT2_WALLET);
        JsonNode approvals = r.get("chains").get(0).get("approvals");
        assertEquals(1, approvals.size(), approvals.toString());
        JsonNode a = approvals.get(0);
        assertEquals("permit2", a.get("kind").asText());
        assertEquals(Addresses.checksum(usdc), a.get("token").asText());
        assertEquals("1000000000", a.get("allowanceRaw").asText());
        assertEquals("1000", a.get("allowance").asText());
        assertFalse(a.get("unlimited").asBoolean());
        assertFalse(a.get("expiration").isNull());
        assertTrue(a.get("text").asText().startsWith("Permit2 allowance of 1,000 USDC, expires "), a.get("text").asText());

        List<JsonNode> fs = approvalFindings(r);
        assertEquals(1, fs.size(), r.get("findings").toString());
        JsonNode f = fs.get(0);
        assertEquals("high", f.get("severity").asText(), "a limited allowance below the balance held (2,000 USDC)");
        assertTrue(f.get("message").asText().contains("spend up to 1,000 USDC through Permit2 (expires "), f.get("message").asText());
        assertEquals("approval_to_exploited_contract:ethereum:" + usdc + ":permit2:" + exploited, f.get("key").asText());
        assertTrue(f.get("evidence").get("matched").get(0).asText().startsWith("Permit2 allowance: ethereum token " + usdc), f.get("evidence").toString());
        assertTrue(app.get("/wallet/" + PERMIT2_WALLET).body().contains("Permit2 allowance of 1,000 USDC, expires "));
    }

    @Test
    void anExpiredPermit2AllowanceIsNeitherListedNorAFinding() throws Exception {
        JsonNode r = exposure(EXPIRED_WALLET);
        assertEquals(0, r.get("chains").get(0).get("approvals").size(), r.get("chains").toString());
        assertEquals(List.of(), approvalFindings(r));
    }

    @Test
    void anApprovalForAllToAWellKnownMarketplaceIsListedNotAFinding() throws Exception {
        JsonNode r = exposure(MARKET_WALLET);
        JsonNode approvals = r.get("chains").get(0).get("approvals");
        assertEquals(1, approvals.size(), approvals.toString());
        assertEquals(Addresses.checksum(marketplace), approvals.get(0).get("spender").asText());
        assertEquals("all-nfts", approvals.get(0).get("kind").asText());
        assertEquals(List.of(), approvalFindings(r));
        for (JsonNode f : r.get("findings")) {
            assertFalse(f.toString().toLowerCase(Locale.ROOT).contains(marketplace), "nothing is said against the marketplace: " + f);
        }
    }
}
