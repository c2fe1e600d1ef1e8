package dev.perimeter.exposure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perimeter.TestAppExtension;
import dev.perimeter.testchain.Anvil;
import dev.perimeter.testchain.ControlContracts;
import dev.perimeter.testchain.FaultProxy;
import dev.perimeter.util.Addresses;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Who controls a wallet's holdings and approved spenders, read inside the wallet scan (issue 21), end to end: the real
 * server with H2, two anvils (Ethereum and Arbitrum) with the stand-ins of TestControl.sol at the registry's and the
 * infrastructure data's addresses, behind proxies that count requests. The exposure API carries "control" per holding
 * and per approval's spender, control_risk findings with the sentences feed grade v2, the page shows who controls
 * each one (and where the data disagrees), and a second wallet holding the same tokens within the TTL sends no control read.
 */
class ControlExposureIT {
    static Anvil eth, arb;
    static FaultProxy ethProxy, arbProxy;

    @RegisterExtension
    static final TestAppExtension app = new TestAppExtension(() -> {
        eth = new Anvil(1);
        arb = new Anvil(42161);
        ethProxy = new FaultProxy(eth.url());
        arbProxy = new FaultProxy(arb.url());
        return Map.of("PERIMETER_CHAINS", "ethereum,arbitrum", "PERIMETER_RPC_ETHEREUM", ethProxy.url(), "PERIMETER_RPC_ARBITRUM",
                arbProxy.url(), "PERIMETER_SCAN_RATE_PER_MINUTE", "1000");
    });

    // Registry tokens (data/tokens/tokens.csv)
    static final String RSETH = "0xa1290d69c65a6fe4df752f95823fae25cb99e5a7";
    static final String USDC = "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48";
    static final String WETH = "0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2";
    static final String DAI = "0x6b175474e89094c44da98b954eedeac495271d0f";
    static final String LINK = "0x514910771af9ca656af840dff83e8264ecf986ca";
    static final String WBTC = "0x2260fac5e5542a773aa44fbcfedf7c193bc2c599";
    static final String RSETH_ARB = "0x4186bfc76e2e237523cbc30fd220fe055156b41f"; // rsETH (LayerZero OFT) on Arbitrum
    // data/infrastructure/contracts.csv: LayerZero's admin multisig (the data says 3/5)
    static final String LZ_MULTISIG = "0xcda8e3add00c95e5035617f970096118ca2f4c92";
    // Arbitrum: rsETH's Ethereum peer (RSETH_OFTAdapter, contracts.csv), ReceiveUln302 and LayerZero Labs' DVN (lz-evm-sdk-v2 deployments)
    static final String ADAPTER = "0x85d456b2dff1fd8245387c0bfb64dfb700e98ef3";
    static final String LIB = "0x7b9e184e07a6ee1ac23eae0fe8d6be2f663f05e6";
    static final String DVN = "0x2f55c492897526677c5b68fb199ea31e2c126416";
    // Made-up addresses: keys, implementations, a proxy admin, a timelock, stand-ins that misbehave, a spender, wallets
    static final String KEY = "0x00000000000000000000000000000000000e0a01";
    static final String KEY2 = "0x00000000000000000000000000000000000e0a02";
    static final String KEY3 = "0x00000000000000000000000000000000000e0a03";
    static final String IMPL = "0x0000000000000000000000000000000000001a01";
    static final String PROXY_ADMIN = "0x00000000000000000000000000000000000ad001";
    static final String TIMELOCK = "0x00000000000000000000000000000000000ad002";
    static final String GARBAGE_SAFE = "0x00000000000000000000000000000000000ad003";
    static final String LOOP_A = "0x00000000000000000000000000000000000ad004";
    static final String LOOP_B = "0x00000000000000000000000000000000000ad005";
    static final String SPENDER = "0x000000000000000000000000000000000000d001";
    static final String WALLET = "0x0000000000000000000000000000000000abc001";
    static final String WALLET2 = "0x0000000000000000000000000000000000abc002";
    static final String WALLET3 = "0x0000000000000000000000000000000000abc004";
    static final List<String> HELD = List.of(RSETH, USDC, WETH, DAI, LINK, WBTC);

    @BeforeAll
    static void place() {
        app.closeAfter(ethProxy);
        app.closeAfter(arbProxy);
        app.closeAfter(eth);
        app.closeAfter(arb);
        eth.placeMulticall();
        // rsETH: an EIP-1967 proxy whose admin slot holds a key
        eth.placeToken(RSETH, "rsETH", "rsETH", 18);
        ControlContracts.slot(eth, RSETH, ControlContracts.IMPLEMENTATION_SLOT, IMPL);
        ControlContracts.slot(eth, RSETH, ControlContracts.ADMIN_SLOT, KEY);
        // USDC: a ProxyAdmin owned by a 2-of-3 Safe at the address the data lists as LayerZero's 3/5 multisig
        eth.placeToken(USDC, "USD Coin", "USDC", 6);
        ControlContracts.slot(eth, USDC, ControlContracts.IMPLEMENTATION_SLOT, IMPL);
        ControlContracts.slot(eth, USDC, ControlContracts.ADMIN_SLOT, PROXY_ADMIN);
        ControlContracts.owned(eth, PROXY_ADMIN, LZ_MULTISIG);
        ControlContracts.safe(eth, LZ_MULTISIG, 2, KEY, KEY2, KEY3);
        // WETH: no proxy
        eth.placeToken(WETH, "Wrapped Ether", "WETH", 18);
        // DAI: a proxy behind a 2-day timelock whose proposer is a key
        eth.placeToken(DAI, "Dai Stablecoin", "DAI", 18);
        ControlContracts.slot(eth, DAI, ControlContracts.IMPLEMENTATION_SLOT, IMPL);
        ControlContracts.slot(eth, DAI, ControlContracts.ADMIN_SLOT, TIMELOCK);
        ControlContracts.timelock(eth, TIMELOCK, 172800, KEY);
        // LINK: a proxy whose admin answers garbage to the Safe's questions
        eth.placeToken(LINK, "ChainLink Token", "LINK", 18);
        ControlContracts.slot(eth, LINK, ControlContracts.IMPLEMENTATION_SLOT, IMPL);
        ControlContracts.slot(eth, LINK, ControlContracts.ADMIN_SLOT, GARBAGE_SAFE);
        eth.setCode(GARBAGE_SAFE, "GarbageSafe");
        // WBTC: a proxy whose admin's owner's owner is the admin (a loop)
        eth.placeToken(WBTC, "Wrapped BTC", "WBTC", 8);
        ControlContracts.slot(eth, WBTC, ControlContracts.IMPLEMENTATION_SLOT, IMPL);
        ControlContracts.slot(eth, WBTC, ControlContracts.ADMIN_SLOT, LOOP_A);
        ControlContracts.owned(eth, LOOP_A, LOOP_B);
        ControlContracts.owned(eth, LOOP_B, LOOP_A);
        // the spender of an approval: a proxy whose admin slot holds a key
        ControlContracts.owned(eth, SPENDER, KEY);
        ControlContracts.slot(eth, SPENDER, ControlContracts.IMPLEMENTATION_SLOT, IMPL);
        ControlContracts.slot(eth, SPENDER, ControlContracts.ADMIN_SLOT, KEY2);
        for (String w : List.of(WALLET, WALLET2)) {
            for (String t : HELD) eth.mint(t, w, BigInteger.TEN.pow(8));
        }
        eth.approve(USDC, WALLET, SPENDER, BigInteger.valueOf(1_000_000));
        eth.mint(WETH, WALLET3, BigInteger.TEN.pow(18));
        eth.approve(WETH, WALLET3, SPENDER, BigInteger.TEN.pow(18));
        eth.mine(1);

        // Arbitrum: rsETH's OFT whose route from Ethereum is verified by one DVN
        arb.placeMulticall();
        ControlContracts.oft(arb, RSETH_ARB, "rsETH", dev.perimeter.chain.LayerZeroV2.ENDPOINT_V2, Map.of(30101L, ADAPTER));
        arb.invoke(RSETH_ARB, "setOwner", new org.web3j.abi.datatypes.Address(LZ_MULTISIG));
        ControlContracts.safe(arb, LZ_MULTISIG, 2, KEY, KEY2, KEY3);
        arb.setCode(dev.perimeter.chain.LayerZeroV2.ENDPOINT_V2, "TestEndpointV2");
        ControlContracts.route(arb, dev.perimeter.chain.LayerZeroV2.ENDPOINT_V2, RSETH_ARB, 30101, LIB, false, 15, List.of(DVN), List.of(), 0);
        arb.mint(RSETH_ARB, WALLET, BigInteger.TEN.pow(18));
        arb.mine(1);
    }

    static JsonNode holding(JsonNode report, String chain, String token) {
        for (JsonNode c : report.get("chains")) {
            if (!c.get("chain").asText().equals(chain)) continue;
            for (JsonNode h : c.get("holdings")) if (h.get("token").asText().equalsIgnoreCase(token)) return h;
        }
        fail("no holding " + token + " on " + chain);
        return null;
    }

    static List<JsonNode> findings(JsonNode report, String kind, String asset) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode f : report.get("findings")) {
            // a holding's own findings (an approval's finding names the token too, and its spender)
            if (f.get("kind").asText().equals(kind) && f.get("asset").asText().equalsIgnoreCase(asset) && f.get("spender").isNull()) out.add(f);
        }
        return out;
    }

    /** The last 20 bytes of keccak256("perimeter.control-paths"), computed here with web3j: where the ControlPaths code is placed. */
    static final String PATHS_ADDRESS = "0x" + org.web3j.utils.Numeric.toHexStringNoPrefix(
            org.web3j.crypto.Hash.sha3("perimeter.control-paths".getBytes(StandardCharsets.UTF_8))).substring(24);

    @Test
    void aWalletsHoldingsAndSpenderCarryWhoControlsThemWithFindingsAndAWarmScanSendsNoControlRead() throws Exception {
        ethProxy.reset(FaultProxy.Mode.PASS);
        arbProxy.reset(FaultProxy.Mode.PASS);
        JsonNode r = app.getJson("/api/v1/wallets/" + WALLET + "/exposure");
        for (JsonNode c : r.get("chains")) {
            assertEquals("ok", c.get("status").asText(), c.toString());
            assertTrue(c.get("httpRequests").asInt() <= 3, "the whole scan with control in at most 3 requests: " + c);
        }

        // an EOA admin: eoa, and a medium control_risk finding with the sentence
        JsonNode rs = holding(r, "ethereum", RSETH).get("control");
        assertEquals("read", rs.get("status").asText(), rs.toString());
        assertTrue(rs.get("upgradeable").asBoolean());
        assertEquals(Addresses.checksum(IMPL), rs.get("implementation").asText());
        assertEquals("eoa", rs.get("admin").get("kind").asText());
        assertEquals(Addresses.checksum(KEY), rs.get("admin").get("address").asText());
        assertTrue(rs.get("readAtBlock").asLong() > 0);
        assertTrue(rs.get("source").asText().startsWith("read on-chain by Perimeter"));
        List<JsonNode> rsRisk = findings(r, "control_risk", RSETH);
        assertEquals(1, rsRisk.size(), r.get("findings").toString());
        assertEquals("medium", rsRisk.get(0).get("severity").asText());
        assertEquals("rsETH can be upgraded at once by one key (" + dev.perimeter.exposure.ExposureMatcher.shortAddr(KEY)
                + ", an EOA): whoever holds it can change the token.", rsRisk.get(0).get("message").asText());

        // a ProxyAdmin owned by a 2-of-3 Safe: safe 2/3 via the ProxyAdmin, low; the data's 3/5 shown as a disagreement
        JsonNode usdc = holding(r, "ethereum", USDC).get("control");
        JsonNode admin = usdc.get("admin");
        assertEquals("safe", admin.get("kind").asText());
        assertEquals(2, admin.get("threshold").asInt());
        assertEquals(3, admin.get("owners").asInt());
        assertTrue(admin.get("delaySeconds").isNull());
        assertEquals(List.of(Addresses.checksum(PROXY_ADMIN) + " (EIP-1967 admin slot)"), List.of(admin.get("via").get(0).asText()));
        assertEquals("low", findings(r, "control_risk", USDC).get(0).get("severity").asText());
        JsonNode line = null;
        for (JsonNode l : usdc.get("infrastructure")) if (l.get("slug").asText().equals("layerzero")) line = l;
        assertNotNull(line, usdc.toString());
        assertFalse(line.get("agrees").asBoolean(), "the data says 3/5, the chain 2-of-3: " + line);

        // a 2-day timelock: delaySeconds 172800 and no medium finding
        JsonNode dai = holding(r, "ethereum", DAI).get("control");
        assertEquals(172800, dai.get("admin").get("delaySeconds").asLong());
        assertTrue(findings(r, "control_risk", DAI).isEmpty(), "a timelock of 48 h: no finding");

        // no proxy: upgradeable false, no finding
        JsonNode weth = holding(r, "ethereum", WETH).get("control");
        assertFalse(weth.get("upgradeable").asBoolean());
        assertTrue(findings(r, "control_risk", WETH).isEmpty());

        // a garbage Safe and an admin loop: read, bounded, no finding (a controller of a kind not recognised)
        assertEquals("contract", holding(r, "ethereum", LINK).get("control").get("admin").get("kind").asText());
        JsonNode loop = holding(r, "ethereum", WBTC).get("control");
        assertTrue(loop.get("notes").toString().contains("a loop"), loop.toString());

        // the approval's spender
        JsonNode approval = null;
        for (JsonNode c : r.get("chains")) for (JsonNode a : c.get("approvals")) if (a.get("spender").asText().equalsIgnoreCase(SPENDER)) approval = a;
        assertNotNull(approval, r.get("chains").toString());
        assertEquals("eoa", approval.get("control").get("admin").get("kind").asText());
        boolean spenderRisk = false;
        for (JsonNode f : r.get("findings")) {
            if (f.get("kind").asText().equals("control_risk") && SPENDER.equalsIgnoreCase(f.get("spender").asText())) {
                spenderRisk = true;
                assertEquals("medium", f.get("severity").asText());
                assertTrue(f.get("message").asText().startsWith("The contract you approved to spend your USDC"), f.toString());
            }
        }
        assertTrue(spenderRisk, "a control_risk finding for the spender");

        // the OFT on Arbitrum: its route from Ethereum verified by 1 DVN, and the finding
        JsonNode oft = holding(r, "arbitrum", RSETH_ARB).get("control");
        JsonNode m = oft.get("messaging").get(0);
        assertEquals("layerzero-v2", m.get("protocol").asText());
        assertEquals("ethereum", m.get("remoteChain").asText());
        assertEquals(1, m.get("requiredDvns").asInt());
        assertEquals(0, m.get("optionalDvns").asInt());
        assertEquals(0, m.get("optionalThreshold").asInt());
        assertEquals(List.of(Addresses.checksum(DVN)), List.of(m.get("dvns").get(0).asText()));
        List<JsonNode> bridge = findings(r, "control_risk", RSETH_ARB);
        assertTrue(bridge.stream().anyMatch(f -> f.get("message").asText().equals("rsETH's bridge from Ethereum accepts a message verified by 1 DVN"
                + " (1 of 1): one compromised verifier can mint unbacked rsETH.") && f.get("severity").asText().equals("medium")), bridge.toString());

        // grade v2 takes them in, and says so: a wallet whose only risk is the spender's one key
        JsonNode r3 = app.getJson("/api/v1/wallets/" + WALLET3 + "/exposure?chains=ethereum");
        JsonNode grade = r3.get("grade");
        assertEquals("v2", grade.get("formula").asText());
        assertTrue(grade.get("because").toString().contains("control_risk:ethereum:"), grade.toString());
        assertTrue(grade.get("summary").asText().contains("1 of them a control risk"), grade.toString());

        // The page: who controls each holding and the spender, and the disagreement with the data
        String page = app.get("/wallet/" + WALLET).body();
        assertTrue(page.contains("Who controls it") && page.contains("Who controls the spender"), "columns");
        assertTrue(page.contains("one key"), "the EOA admin in words");
        assertTrue(page.contains("a 2-of-3 Safe"), "the Safe in words");
        assertTrue(page.contains("disagree"), "the data's 3/5 beside the chain's 2-of-3");
        assertTrue(page.contains("bridge from Ethereum: 1 of 1 DVN"), "the OFT's route");

        // A second wallet holding the same tokens, within the TTL: not one control read
        ethProxy.recordBodies = true;
        ethProxy.bodies.clear();
        int before = ethProxy.requests.get();
        JsonNode r2 = app.getJson("/api/v1/wallets/" + WALLET2 + "/exposure");
        int sent = ethProxy.requests.get() - before;
        ethProxy.recordBodies = false;
        for (byte[] b : ethProxy.bodies) {
            String body = new String(b, StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT);
            assertFalse(body.contains("eth_getstorageat"), "no proxy slot read");
            assertFalse(body.contains(PATHS_ADDRESS.substring(2)), "no ControlPaths call");
        }
        assertTrue(sent <= 2, "a warm scan: " + sent);
        assertEquals("eoa", holding(r2, "ethereum", RSETH).get("control").get("admin").get("kind").asText(), "the kept reading");
        assertEquals(1, findings(r2, "control_risk", RSETH).size());
        System.out.println("ControlExposureIT: cold ethereum scan " + r.get("chains").get(0).get("httpRequests") + " requests, warm " + sent
                + "; control cache hits " + app.wiring().control.cache().hits() + ", misses " + app.wiring().control.cache().misses());
    }

    @Test
    void aNodeThatRefusesTheProxySlotsGivesControlNotReadAndNoGuess() throws Exception {
        String wallet = "0x0000000000000000000000000000000000abc003";
        String token = "0x7f39c581f595b53c5cb19bd0b3f8da6c935e2ca0"; // wstETH (tokens.csv)
        eth.placeToken(token, "Wrapped liquid staked Ether 2.0", "wstETH", 18);
        eth.mint(token, wallet, BigInteger.TEN);
        eth.mine(1);
        ethProxy.reset(FaultProxy.Mode.NO_STORAGE); // the proxy slots are refused, everything else answers
        JsonNode r = app.getJson("/api/v1/wallets/" + wallet + "/exposure?chains=ethereum");
        ethProxy.reset(FaultProxy.Mode.PASS);
        assertEquals("ok", r.get("chains").get(0).get("status").asText(), "the balances stand");
        JsonNode c = holding(r, "ethereum", token).get("control");
        assertEquals("not_read", c.get("status").asText(), c.toString());
        assertTrue(c.get("problem").asText().startsWith("control not read"), c.toString());
        assertTrue(findings(r, "control_risk", token).isEmpty(), "not read: no finding, no guess");
    }
}
