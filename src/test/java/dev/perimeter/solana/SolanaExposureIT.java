package dev.perimeter.solana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perimeter.TestApp;
import dev.perimeter.testchain.LocalSolana;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole app (real server, H2 in a temp dir) scanning a Solana wallet held by the local litesvm RPC: SOL, JitoSOL
 * (an LST of Sanctum's list), DRIFT (Drift Protocol, hacked 2026-04-01, within 12 months of the test clock), USDC whose
 * token account names the @solana/web3.js backdoor's drainer FnvLGtucz4… (reviews.csv) as delegate, a PYUSD Token-2022
 * account, a mint no list names, and two native stake accounts. Every mint and address is the data's own (registry rows,
 * reviews), never a made-up one; the wallet and the fresh mint are generated keys.
 */
class SolanaExposureIT {
    static final String USDC = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v";
    static final String DRAINER = "FnvLGtucz4E1ppJHRTev6Qv4X7g8Pw6WPStHCcbAKbfx";
    /** One of the four wallets crypto-rekts names for the 2022 Slope wallet drain (reviews.csv: drainer). */
    static final String SLOPE_DRAINER = "GeEccGJ9BEzVbVor1njkBCCiqXJbXVeDHaXDCrBDbmuy";
    /** USDCet, "USD Coin (Portal from Ethereum)": a Wormhole-wrapped mint of the registry (certusone/wormhole-token-list). */
    static final String USDCET = "A9mUU4qviSctJVPJdBJWkb28deg915LYJKrzQ19ji3FM";
    static final ObjectMapper JSON = new ObjectMapper();
    /** The slot's clock in the test bank; Pyth's SOL/USD and USDC/USD accounts (data/prices/solana-pyth.csv) are written around it. */
    static final long NOW = 1_765_000_000L;
    static LocalSolana rpc;
    static LocalSolana refusing;
    static TestApp app;
    static TestApp partialApp;

    /** Jito's stake pool account (Sanctum's list, as the row jito-stake-pool). */
    static final String JITO_POOL = "Jito4APyf642JPZPx3hGc6WWJ8zPKtRbRs4P815Awbb";

    /**
     * @param poolAccountType the account_type byte of the StakePool account written at Jito's pool address (1: a stake pool;
     *                        2: a ValidatorList, which does not decode as a pool)
     */
    static Map<String, Object> scenario(List<String> refuse, int poolAccountType) {
        return Map.of(
                "stakePools", List.of(Map.of("address", JITO_POOL, "accountType", poolAccountType)),
                "mints", List.of(Map.of("address", SolanaRpcReaderIT.JITOSOL, "decimals", 9), Map.of("address", SolanaRpcReaderIT.DRIFT, "decimals", 6),
                        Map.of("address", USDC, "decimals", 6), Map.of("address", SolanaRpcReaderIT.PYUSD, "decimals", 6, "program", "token-2022"),
                        Map.of("address", USDCET, "decimals", 6)),
                "wallets", List.of(Map.of("name", "main", "sol", "1500000000", "filler", 1,
                        "tokens", List.of(Map.of("mint", SolanaRpcReaderIT.JITOSOL, "amount", "2000000000"),
                                Map.of("mint", SolanaRpcReaderIT.DRIFT, "amount", "5000000", "delegate", SLOPE_DRAINER, "delegatedAmount", "1000000"),
                                Map.of("mint", USDC, "amount", "250000000", "delegate", DRAINER, "delegatedAmount", "100000000"),
                                Map.of("mint", SolanaRpcReaderIT.PYUSD, "amount", "7000000"),
                                Map.of("mint", USDCET, "amount", "3000000")),
                        "stakes", List.of(Map.of("state", "initialized", "lamports", "3000000000"),
                                Map.of("state", "delegated", "lamports", "5000000000", "voter", SolanaRpcReaderIT.VOTE, "stake", "4997717120"))),
                        Map.of("name", "empty", "sol", "0")),
                "refuse", refuse,
                "unixTimestamp", NOW,
                // Test prices, not market data: SOL/USD 150 published 20 s before the clock (fresh: heartbeat 60 s);
                // USDC/USD published 600 s before (stale).
                "pyth", List.of(
                        Map.of("account", "7UVimffxr9ow1uXYxsr4LHAcV58mLzhmwaeKvJ1pjLiE",
                                "feedId", "ef0d8b6fda2ceba41da15d4095d1da392a0d2f8ed0c6c7bc0f4cfac8c280b56d",
                                "price", "15000000000", "exponent", -8, "publishTime", NOW - 20),
                        Map.of("account", "Dpw1EAVrSB1ibxiDQyTAW6Zip3J4Btk2x4SgApQCeFbX",
                                "feedId", "eaa020c61cc479712813461ce153894a96a6c00b21ed0cfc2798d1f9a9e9c94a",
                                "price", "100000000", "exponent", -8, "publishTime", NOW - 600)));
    }

    @BeforeAll
    static void start() {
        rpc = new LocalSolana(scenario(List.of(), 1));
        refusing = new LocalSolana(scenario(List.of("getProgramAccounts"), 2));
        app = new TestApp(Map.of("PERIMETER_CHAINS", "ethereum,solana", "PERIMETER_RPC_SOLANA", rpc.url(),
                "PERIMETER_RPC_ETHEREUM", "http://127.0.0.1:" + dev.perimeter.testchain.Anvil.freePort() + "/",
                "PERIMETER_SCAN_RATE_PER_MINUTE", "10000"));
        partialApp = new TestApp(Map.of("PERIMETER_CHAINS", "solana", "PERIMETER_RPC_SOLANA", refusing.url(), "PERIMETER_SCAN_RATE_PER_MINUTE", "10000"));
    }

    @AfterAll
    static void stop() {
        if (app != null) app.close();
        if (partialApp != null) partialApp.close();
        if (rpc != null) rpc.close();
        if (refusing != null) refusing.close();
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) if (value.equals(n.path(field).asText())) return n;
        return null;
    }

    @Test
    void aSolanaWalletIsScannedInOneRequestAndMatched() throws Exception {
        rpc.resetStats();
        HttpResponse<String> r = app.get("/api/v1/wallets/" + rpc.wallet("main") + "/exposure");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode j = json(r);
        assertEquals(rpc.wallet("main"), j.path("address").asText(), "base58 kept as written");
        assertEquals(1, j.path("chains").size(), "an EVM chain is never asked about a Solana address: " + j.path("chains"));
        JsonNode sol = j.path("chains").get(0);
        assertEquals("solana", sol.path("chain").asText());
        assertEquals("ok", sol.path("status").asText(), sol.toString());
        assertEquals(rpc.slot(), sol.path("block").asLong(), "the slot is shown like an EVM block");
        assertEquals(1, sol.path("httpRequests").asInt());
        assertEquals(1, rpc.stats().path("httpRequests").asInt(), "the endpoint saw one HTTP request for the whole scan");
        assertEquals(1, rpc.stats().path("calls").path("getMultipleAccounts").asInt(), "prices ride in the same batch");

        JsonNode holdings = sol.path("holdings");
        JsonNode native_ = find(holdings, "token", "native");
        assertEquals("SOL", native_.path("symbol").asText());
        assertEquals("1.5", native_.path("balance").asText());
        assertEquals("native", native_.path("kind").asText());
        assertEquals("225.00", native_.path("usdValue").asText(), "1.5 SOL at the Pyth SOL/USD account's 150 read in the same batch");
        assertTrue(native_.path("priceSource").asText().contains("7UVimffxr9ow1uXYxsr4LHAcV58mLzhmwaeKvJ1pjLiE"), native_.toString());
        JsonNode usdc = find(holdings, "token", USDC);
        assertTrue(usdc.path("usdValue").isNull(), usdc.toString());
        assertEquals("stale price", usdc.path("unpricedReason").asText(), "published 600 s before the clock, heartbeat 60 s");
        JsonNode jito = find(holdings, "token", SolanaRpcReaderIT.JITOSOL);
        assertEquals("lst", jito.path("kind").asText());
        assertEquals("2", jito.path("balance").asText());
        assertEquals("[\"jito-stake-pool\",\"spl-stake-pool\"]", jito.path("infrastructure").toString(),
                "JitoSOL rests on its stake pool, then on the stake-pool program (token-rules.csv)");
        JsonNode pool = jito.path("control");
        assertEquals("stake-pool", pool.path("kind").asText(), jito.toString());
        assertEquals("read", pool.path("status").asText(), pool.toString());
        assertEquals(JITO_POOL, pool.path("pool").asText());
        assertEquals(rpc.account("pool:" + JITO_POOL + ":manager"), pool.path("manager").asText(), "the manager field of the pool account");
        assertEquals(rpc.account("pool:" + JITO_POOL + ":staker"), pool.path("staker").asText(), "the staker field of the pool account");
        assertFalse(pool.path("manager").asText().equals(pool.path("staker").asText()));
        assertEquals(rpc.slot(), pool.path("readAtSlot").asLong(), "read at the scan's slot");
        assertTrue(pool.path("source").asText().contains("getMultipleAccounts"), pool.toString());
        assertTrue(find(holdings, "token", SolanaRpcReaderIT.DRIFT).path("control").isNull(), "a token that is not an LST has no stake pool");
        JsonNode usdcet = find(holdings, "token", USDCET);
        assertEquals("bridged", usdcet.path("kind").asText());
        assertEquals("[\"wormhole-portal\",\"wormhole\",\"circle-usdc\"]", usdcet.path("infrastructure").toString(),
                "a Wormhole-wrapped mint rests on Portal, then on the guardian set, then on what its origin (Ethereum USDC) rests on, as on EVM");
        JsonNode drift = find(holdings, "token", SolanaRpcReaderIT.DRIFT);
        assertEquals("drift", drift.path("protocol").asText());
        JsonNode pyusd = find(holdings, "token", SolanaRpcReaderIT.PYUSD);
        assertEquals("7", pyusd.path("balance").asText(), "a Token-2022 account is read like the others");
        long stakes = 0;
        for (JsonNode h : holdings) if (h.path("token").asText().startsWith("native-stake#")) stakes++;
        assertEquals(2, stakes);
        long unlisted = 0;
        for (JsonNode h : holdings) if (!h.path("listed").asBoolean()) unlisted++;
        assertEquals(1, unlisted, "the fresh mint is unlisted");

        JsonNode approval = find(sol.path("approvals"), "spender", DRAINER);
        assertNotNull(approval, sol.path("approvals").toString());
        assertEquals(USDC, approval.path("token").asText());
        assertEquals("100", approval.path("allowance").asText(), "the delegated amount in token units");

        JsonNode findings = j.path("findings");
        JsonNode critical = find(findings, "spender", DRAINER);
        assertNotNull(critical, findings.toString());
        assertEquals("critical", critical.path("severity").asText());
        assertEquals(DRAINER, critical.path("spender").asText());
        assertEquals(USDC, critical.path("asset").asText(), "findings carry the mint as asset");
        assertTrue(critical.path("message").asText().contains("Revoke the delegate"), critical.path("message").asText());
        assertTrue(critical.path("incidentIds").toString().contains("solana-web3-js"), critical.toString());
        JsonNode slope = find(findings, "spender", SLOPE_DRAINER);
        assertNotNull(slope, findings.toString());
        assertEquals("critical", slope.path("severity").asText(), "any delegation to a drainer is critical, whatever its size");
        assertEquals(SolanaRpcReaderIT.DRIFT, slope.path("asset").asText());
        assertTrue(slope.path("incidentIds").toString().contains("2022-08-02-slope-wallet"), slope.toString());
        JsonNode hacked = find(findings, "kind", "holds_asset_of_hacked_protocol");
        assertNotNull(hacked, findings.toString());
        assertEquals(SolanaRpcReaderIT.DRIFT, hacked.path("asset").asText());
        assertTrue(hacked.path("incidentIds").toString().contains("2026-04-01-drift"), hacked.toString());
        assertNotNull(find(findings, "kind", "unlisted_token"), findings.toString());
        assertEquals("F", j.path("grade").path("letter").asText());
    }

    @Test
    void aRefusedMethodMakesThePartialChainSayWhyAndKeepsBalances() throws Exception {
        HttpResponse<String> r = partialApp.get("/api/v1/wallets/" + refusing.wallet("main") + "/exposure");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode sol = json(r).path("chains").get(0);
        assertEquals("partial", sol.path("status").asText());
        assertEquals("the RPC endpoint refused getProgramAccounts: stake accounts were not read", sol.path("error").asText());
        assertEquals("1.5", find(sol.path("holdings"), "token", "native").path("balance").asText());
        for (JsonNode h : sol.path("holdings")) assertFalse(h.path("token").asText().startsWith("native-stake#"));
        JsonNode jito = find(sol.path("holdings"), "token", SolanaRpcReaderIT.JITOSOL);
        assertEquals("2", jito.path("balance").asText(), "the balance is kept when the pool account does not decode");
        JsonNode pool = jito.path("control");
        assertEquals("stake-pool", pool.path("kind").asText(), jito.toString());
        assertEquals("not_read", pool.path("status").asText(), pool.toString());
        assertTrue(pool.path("manager").isNull() && pool.path("staker").isNull() && pool.path("readAtSlot").isNull(), "never a guess: " + pool);
        assertTrue(pool.path("problem").asText().startsWith("not read: the account " + JITO_POOL), pool.toString());
        assertEquals(1, sol.path("httpRequests").asInt(), "the pool account rides in the one batch, refused method or not");
    }

    @Test
    void theWalletPageShowsTheStakePoolAuthoritiesBesideTheInfrastructure() throws Exception {
        HttpResponse<String> r = app.get("/wallet/" + rpc.wallet("main"));
        assertEquals(200, r.statusCode());
        String line = "stake pool " + JITO_POOL + ": manager " + rpc.account("pool:" + JITO_POOL + ":manager") + ", staker "
                + rpc.account("pool:" + JITO_POOL + ":staker") + " (read at slot " + rpc.slot() + ")";
        assertTrue(r.body().contains(line), "the page says who manages the pool, read at the slot");
        HttpResponse<String> partial = partialApp.get("/wallet/" + refusing.wallet("main"));
        assertTrue(partial.body().contains("stake pool " + JITO_POOL + ": manager and staker not read: the account " + JITO_POOL),
                "an undecodable pool account is said not read");
    }

    @Test
    void wrongFamilyAndBadBase58AnswerWhich() throws Exception {
        HttpResponse<String> r = app.get("/api/v1/wallets/" + rpc.wallet("main") + "/exposure?chains=ethereum");
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("chains", json(r).path("field").asText());
        assertTrue(json(r).path("error").asText().contains("Solana address"), r.body());
        r = app.get("/api/v1/wallets/0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed/exposure?chains=solana");
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(json(r).path("error").asText().contains("EVM address"), r.body());
        r = app.get("/api/v1/wallets/1111111111111111111111111111111/exposure");
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(json(r).path("error").asText().contains("decodes to 31 bytes"), r.body());
    }

    @Test
    void theDrainerHasAContractPage() throws Exception {
        HttpResponse<String> r = app.get("/api/v1/contracts/solana/" + DRAINER);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("drainer"), r.body());
        assertEquals(DRAINER, json(r).path("address").asText(), "base58 as written (an EIP-55 checksum is for 0x addresses only)");
        String problem = json(r).path("control").path("problem").asText();
        assertTrue(problem.startsWith("control not read: who controls a solana account") && !problem.contains("endpoint"),
                "a Solana account's control is said to be not read yet, not blamed on a missing endpoint: " + r.body());
        assertEquals(400, app.get("/api/v1/contracts/solana/0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed").statusCode());
    }

    static HttpResponse<String> send(String method, String path, String body, Map<String, String> headers) throws Exception {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(java.net.URI.create(app.base + path))
                .timeout(java.time.Duration.ofSeconds(60))
                .method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody() : java.net.http.HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return java.net.http.HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void solanaIsEverywhereTheEvmChainsAre() throws Exception {
        // /health probes the Solana endpoint (getSlot) beside the EVM ones
        JsonNode health = json(app.get("/health"));
        JsonNode sol = find(health.path("chains"), "chain", "solana");
        assertNotNull(sol, health.toString());
        assertEquals("ok", sol.path("status").asText(), sol.toString());
        assertEquals(rpc.slot(), sol.path("block").asLong(), "the slot, as an EVM chain's block");

        // chainId: an EIP-155 id only for EVM chains; null on solana (the chain's name says which)
        JsonNode report = json(app.get("/api/v1/wallets/" + rpc.wallet("main") + "/exposure"));
        assertTrue(report.path("chains").get(0).has("chainId"));
        assertTrue(report.path("chains").get(0).path("chainId").isNull(), report.path("chains").get(0).toString());

        // a Solana finding can be dismissed by its key (base58, case kept) and restored
        String key = find(report.path("findings"), "spender", DRAINER).path("key").asText();
        assertTrue(key.startsWith("approval_to_exploited_contract:solana:" + USDC + ":" + DRAINER), key);
        String path = "/api/v1/dismissals/" + java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8);
        Map<String, String> viewer = Map.of("X-Perimeter-Viewer", "solana-viewer-00000000");
        HttpResponse<String> d = send("PUT", path, null, viewer);
        assertEquals(200, d.statusCode(), d.body());
        JsonNode after = json(app.get("/api/v1/wallets/" + rpc.wallet("main") + "/exposure", viewer));
        assertTrue(find(after.path("findings"), "key", key).path("dismissed").asBoolean(), after.path("findings").toString());
        assertEquals(200, send("DELETE", path, null, viewer).statusCode());
        assertEquals(400, send("PUT", "/api/v1/dismissals/" + java.net.URLEncoder.encode(
                "approval_to_exploited_contract:solana:" + USDC + ":0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
                java.nio.charset.StandardCharsets.UTF_8), null, viewer).statusCode(), "an EVM spender in a Solana key");

        // a Solana wallet can be watched
        HttpResponse<String> w = send("POST", "/api/v1/watches", "{\"address\": \"" + rpc.wallet("main") + "\", \"chains\": [\"solana\"]}",
                Map.of("Content-Type", "application/json"));
        assertEquals(201, w.statusCode(), w.body());
        JsonNode watch = json(app.get("/api/v1/watches/" + json(w).path("id").asText()));
        assertEquals(rpc.wallet("main"), watch.path("address").asText(), watch.toString());

        // a known program and a known mint have contract pages
        HttpResponse<String> drift = app.get("/api/v1/contracts/solana/dRiftyHA39MWEi3m9aunc5MzRF1JYuBsbn6VPcn33UH");
        assertEquals(200, drift.statusCode(), drift.body());
        assertTrue(drift.body().contains("2026-04-01-drift"), drift.body());
        HttpResponse<String> mint = app.get("/api/v1/contracts/solana/" + SolanaRpcReaderIT.JITOSOL);
        assertEquals(200, mint.statusCode(), mint.body());
        assertTrue(mint.body().contains("jito-stake-pool"), mint.body());
    }
}
