package dev.perimeter.chain;

import dev.perimeter.token.Token;
import dev.perimeter.token.TokenRegistry;
import dev.perimeter.testchain.Anvil;
import dev.perimeter.testchain.FaultProxy;
import dev.perimeter.util.DataFiles;
import dev.perimeter.web.WebApp;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Approvals of every kind against anvil: an NFT collection's ApprovalForAll (a test collection, TestNftCollection) and
 * Permit2 allowances (TestPermit2 at Permit2's address), found in the wallet's logs and confirmed at the scan's block in
 * the allowance request: revoked, expired and zero ones left out, the rest with their kind, and no request more.
 */
class ApprovalKindsIT {
    @org.junit.jupiter.api.extension.RegisterExtension
    static final dev.perimeter.testchain.ProxiedChain CHAIN = new dev.perimeter.testchain.ProxiedChain(() -> new Anvil(1));
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static final String WALLET = "0x1111111111111111111111111111111111111112";
    static final String COLLECTION = "0x5555555555555555555555555555555555555511";
    static final String OPERATOR = "0x000000000000000000000000000000000000b001";
    static final String REVOKED_OPERATOR = "0x000000000000000000000000000000000000b002";
    static final String LIVE_SPENDER = "0x000000000000000000000000000000000000c001";
    static final String EXPIRED_SPENDER = "0x000000000000000000000000000000000000c002";
    static final String PERMIT_SPENDER = "0x000000000000000000000000000000000000c003";
    static final String LOCKED_SPENDER = "0x000000000000000000000000000000000000c004";
    static final BigInteger UINT160_MAX = BigInteger.ONE.shiftLeft(160).subtract(BigInteger.ONE);
    static Anvil anvil;
    static FaultProxy proxy;
    static TokenRegistry registry;
    static String usdc;
    static long liveUntil;
    static BigInteger usdcSupply = new BigInteger("7000000");

    @BeforeAll
    static void chain() {
        registry = TokenRegistry.load(DataFiles.bundled());
        usdc = dev.perimeter.TestData.registryToken(registry, "ethereum", t -> t.symbol().equals("USDC") && t.kind().equals("plain"));
        anvil = CHAIN.anvil();
        proxy = CHAIN.proxy();
        anvil.placeMulticall();
        Token u = registry.find("ethereum", usdc).orElseThrow();
        anvil.placeToken(usdc, u.name(), u.symbol(), u.decimals());
        anvil.mint(usdc, WALLET, usdcSupply);

        anvil.setCode(COLLECTION, "TestNftCollection");
        anvil.invoke(COLLECTION, "initialize", new Utf8String("Test Apes"), new Utf8String("TAPE"));
        anvil.invoke(COLLECTION, "setApprovalForAllFrom", new Address(WALLET), new Address(OPERATOR), new Bool(true));
        anvil.invoke(COLLECTION, "setApprovalForAllFrom", new Address(WALLET), new Address(REVOKED_OPERATOR), new Bool(true));
        anvil.invoke(COLLECTION, "setApprovalForAllFrom", new Address(WALLET), new Address(REVOKED_OPERATOR), new Bool(false)); // revoked later

        String permit2 = AllowancePhase.PERMIT2;
        anvil.setCode(permit2, "TestPermit2");
        long now = anvil.latestBlockTimestamp();
        liveUntil = now + 30 * 86_400;
        anvil.invoke(permit2, "approveFrom", new Address(WALLET), new Address(usdc), new Address(LIVE_SPENDER), new Uint160(BigInteger.valueOf(1_500_000)),
                new Uint48(BigInteger.valueOf(liveUntil)));
        anvil.invoke(permit2, "approveFrom", new Address(WALLET), new Address(usdc), new Address(EXPIRED_SPENDER), new Uint160(UINT160_MAX),
                new Uint48(BigInteger.valueOf(now - 60))); // expired a minute before it was set
        anvil.invoke(permit2, "permitFrom", new Address(WALLET), new Address(usdc), new Address(PERMIT_SPENDER), new Uint160(UINT160_MAX),
                new Uint48(BigInteger.valueOf(liveUntil)));
        anvil.invoke(permit2, "approveFrom", new Address(WALLET), new Address(usdc), new Address(LOCKED_SPENDER), new Uint160(BigInteger.TEN),
                new Uint48(BigInteger.valueOf(liveUntil)));
        anvil.invoke(permit2, "lockdownFrom", new Address(WALLET), new Address(usdc), new Address(LOCKED_SPENDER)); // amount 0 since
        anvil.mine(2);
    }

    static ChainData scan(EvmChainReader.Limits limits) {
        EvmChainReader r = new EvmChainReader("ethereum", 1, URI.create(proxy.url()), HTTP, WebApp.objectMapper(), limits);
        return r.scan(new ScanPlan(WALLET, registry.addresses("ethereum"), List.of(), true, true), Deadline.in(Duration.ofSeconds(20)));
    }

    static Map<String, ChainData.RawApproval> bySpender(ChainData d) {
        Map<String, ChainData.RawApproval> out = new TreeMap<>();
        for (ChainData.RawApproval a : d.approvals()) out.put(a.spender(), a);
        return out;
    }

    @Test
    void liveApprovalsOfEveryKindAreFoundInTheAllowanceRequest() {
        ChainData d = scan(EvmChainReader.Limits.defaults());
        assertEquals(List.of(), d.problems());
        assertTrue(d.logsComplete());
        Map<String, ChainData.RawApproval> by = bySpender(d);
        assertEquals(java.util.Set.of(OPERATOR, LIVE_SPENDER, PERMIT_SPENDER), by.keySet(),
                "revoked, expired and locked-down approvals are left out: " + d.approvals());
        assertEquals(new ChainData.RawApproval(COLLECTION, OPERATOR, BigInteger.ONE, EvmChainReader.FOUND_BY_LOG, null, null,
                ChainData.RawApproval.ALL_NFTS, null, "TAPE"), by.get(OPERATOR));
        assertEquals(new ChainData.RawApproval(usdc, LIVE_SPENDER, BigInteger.valueOf(1_500_000), EvmChainReader.FOUND_BY_LOG, null, usdcSupply,
                ChainData.RawApproval.PERMIT2, liveUntil, null), by.get(LIVE_SPENDER));
        assertEquals(new ChainData.RawApproval(usdc, PERMIT_SPENDER, UINT160_MAX, EvmChainReader.FOUND_BY_LOG, null, usdcSupply,
                ChainData.RawApproval.PERMIT2, liveUntil, null), by.get(PERMIT_SPENDER), "a signed permit's allowance (the Permit event)");
        assertEquals(2, proxy.requests.get(), "the same two requests: balances and logs; then every approval kind with the allowances");
    }

    @Test
    void theSameLogQueriesAsBeforeCarryEveryKind() throws Exception {
        proxy.recordBodies = true;
        try {
            scan(EvmChainReader.Limits.defaults());
            List<com.fasterxml.jackson.databind.JsonNode> logQueries = new java.util.ArrayList<>();
            for (byte[] body : List.copyOf(proxy.bodies)) {
                com.fasterxml.jackson.databind.JsonNode n = WebApp.objectMapper().readTree(body);
                for (com.fasterxml.jackson.databind.JsonNode c : n.isArray() ? n : WebApp.objectMapper().createArrayNode().add(n)) {
                    if (c.path("method").asText().equals("eth_getLogs")) logQueries.add(c.path("params").path(0).path("topics"));
                }
            }
            assertEquals(2, logQueries.size(), "one query of the wallet's approvals of every kind, one of its incoming transfers: " + logQueries);
            assertEquals(TokenEvents.OWNER_APPROVALS.size(), logQueries.get(0).get(0).size(), logQueries.get(0).toString());
            assertEquals(Abi.topicAddress(WALLET), logQueries.get(0).get(1).asText(), "the wallet as the owner of every kind");
        } finally {
            proxy.recordBodies = false;
            proxy.bodies.clear();
        }
    }

    @Test
    void logRangeLimitsSplitTheQueryAndStillFindEveryKind() {
        proxy.mode = FaultProxy.Mode.LOG_RANGE_LIMIT;
        proxy.logRangeLimit = 4;
        ChainData d = scan(EvmChainReader.Limits.defaults());
        assertTrue(d.logsComplete(), d.problems().toString());
        assertEquals(java.util.Set.of(OPERATOR, LIVE_SPENDER, PERMIT_SPENDER), bySpender(d).keySet());
    }

    @Test
    void withoutLogsNoneIsFoundAndTheScanSaysItsHistoryIsIncomplete() {
        proxy.mode = FaultProxy.Mode.LOG_RANGE_LIMIT;
        proxy.logRangeLimit = 0;
        ChainData d = scan(new EvmChainReader.Limits(400, 20, 16L << 20, 2, 4));
        assertFalse(d.logsComplete());
        assertTrue(d.problems().stream().anyMatch(p -> p.contains("history is incomplete")), d.problems().toString());
        assertTrue(d.approvals().stream().noneMatch(a -> !a.kind().equals(ChainData.RawApproval.ERC20)),
                "approvals for all and Permit2 allowances are found through the logs only: " + d.approvals());
    }

    @Test
    void withoutMulticallTheSameApprovalsAreReadOneCallEach() {
        proxy.mode = FaultProxy.Mode.NO_MULTICALL;
        ChainData d = new EvmChainReader("ethereum", 1, URI.create(proxy.url()), HTTP, WebApp.objectMapper(), EvmChainReader.Limits.defaults())
                .scan(new ScanPlan(WALLET, List.of(usdc), List.of(), true, false), Deadline.in(Duration.ofSeconds(20)));
        assertFalse(d.multicall());
        assertEquals(java.util.Set.of(OPERATOR, LIVE_SPENDER, PERMIT_SPENDER), bySpender(d).keySet(),
                "the block's timestamp from the block header: the expired allowance is still left out");
        assertEquals(List.of(), d.problems().stream().filter(p -> p.contains("timestamp")).toList());
    }
}
