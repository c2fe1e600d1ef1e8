package dev.perimeter.chain;

import dev.perimeter.HandClock;
import dev.perimeter.control.ControlCache;
import dev.perimeter.testchain.Anvil;
import dev.perimeter.testchain.ControlContracts;
import dev.perimeter.testchain.FaultProxy;
import dev.perimeter.testchain.ProxiedChain;
import dev.perimeter.web.WebApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.perimeter.chain.ControlReaderIT.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Control read inside a wallet scan (issue 21): the same stand-ins as {@link ControlReaderIT}, held by a wallet and
 * approved to a spender, read by {@link EvmChainReader#scan} with control on, through a proxy that counts requests and
 * keeps their bodies. The whole scan stays within 3 requests (the hops in one ControlPaths eth_call); a second scan within
 * the TTL sends no control read; where the endpoint refuses the state override, the same readings come step by step.
 */
class ControlScanIT {
    @RegisterExtension
    static final ProxiedChain CHAIN = new ProxiedChain(() -> new Anvil(1));

    static final String WALLET = "0x0000000000000000000000000000000000abc001";
    /** An approved spender: a proxy whose admin slot holds a key. */
    static final String SPENDER = "0x000000000000000000000000000000000000d001";
    static final List<String> HELD = List.of(RSETH, USDC, TIMELOCKED, WETH, GARBAGE_TOKEN, LOOPED, BEACONED, DEEP);

    @BeforeAll
    static void place() {
        Anvil a = CHAIN.anvil();
        ControlReaderIT.place(a);
        for (String t : HELD) a.mint(t, WALLET, BigInteger.TEN.pow(18));
        ControlContracts.owned(a, SPENDER, KEY); // code at the spender; its proxy slots below
        ControlContracts.slot(a, SPENDER, ControlContracts.IMPLEMENTATION_SLOT, IMPL);
        ControlContracts.slot(a, SPENDER, ControlContracts.ADMIN_SLOT, KEY2);
        a.approve(USDC, WALLET, SPENDER, BigInteger.valueOf(1000));
        a.mine(1);
    }

    static EvmChainReader reader(String url) {
        return new EvmChainReader("ethereum", 1, URI.create(url), HTTP, WebApp.objectMapper(), EvmChainReader.Limits.defaults());
    }

    static ScanPlan plan(ControlLookup lookup) {
        return new ScanPlan(WALLET, HELD, List.of(), true, true).withControl(lookup);
    }

    static ControlReading of(ChainData d, String contract) {
        ControlReading r = d.controls().get(contract);
        if (r == null) r = d.controlsKept().get(contract);
        assertNotNull(r, "no reading of " + contract + ": " + d.controls().keySet());
        return r;
    }

    /** The scan's readings, as ControlReaderIT reads them on their own. */
    static void assertReadings(ChainData d) {
        ControlReading rs = of(d, RSETH);
        assertTrue(rs.read());
        assertEquals(Boolean.TRUE, rs.upgradeable());
        assertEquals("eoa", rs.controller().last().kind());
        assertEquals(KEY, rs.controller().last().address());

        ControlReading usdc = of(d, USDC);
        assertEquals(2, usdc.controller().path().size(), "ProxyAdmin, then its owner: " + usdc.controller().path());
        assertEquals(PROXY_ADMIN, usdc.controller().path().get(0).address());
        assertEquals("contract", usdc.controller().path().get(0).kind());
        ControlReading.Hop safe = usdc.controller().last();
        assertEquals("safe", safe.kind());
        assertEquals(SAFE, safe.address());
        assertEquals(2, safe.threshold());
        assertEquals(List.of(KEY, KEY2, KEY3), safe.owners());

        ControlReading tl = of(d, TIMELOCKED);
        assertEquals(BigInteger.valueOf(172800), tl.controller().delaySeconds());
        assertEquals("timelock", tl.controller().path().get(0).kind());
        assertEquals(KEY, tl.controller().last().address(), "the timelock's proposer is followed");

        ControlReading weth = of(d, WETH);
        assertEquals(Boolean.FALSE, weth.upgradeable());
        assertNull(weth.controller());

        ControlReading garbage = of(d, GARBAGE_TOKEN);
        assertTrue(garbage.read());
        assertEquals("contract", garbage.controller().last().kind(), "garbage is not a Safe: " + garbage.controller().last());

        ControlReading loop = of(d, LOOPED);
        assertTrue(loop.notes().stream().anyMatch(n -> n.contains("a loop")), loop.notes().toString());
        assertEquals(2, loop.controller().path().size());

        ControlReading deep = of(d, DEEP);
        assertEquals(3, deep.controller().path().size(), "at most 3 hops");
        assertTrue(deep.notes().stream().anyMatch(n -> n.contains("more than 3 hops")), deep.notes().toString());

        ControlReading beacon = of(d, BEACONED);
        assertEquals(IMPL, beacon.implementation(), "the beacon's implementation()");
        assertEquals(KEY, beacon.controller().last().address());

        ControlReading spender = of(d, SPENDER);
        assertEquals("eoa", spender.controller().last().kind());
        assertEquals(KEY2, spender.controller().last().address());
    }

    @Test
    void aColdScanReadsEveryHoldingsAndSpendersControlInThreeRequestsAndAWarmOneSendsNoControlRead() {
        FaultProxy p = CHAIN.proxy();
        p.recordBodies = true;
        HandClock clock = new HandClock();
        ControlCache cache = new ControlCache(clock, Duration.ofHours(1), 1000);
        EvmChainReader reader = reader(p.url());

        int before = p.requests.get();
        ChainData cold = reader.scan(plan(cache), Deadline.in(Duration.ofSeconds(30)));
        int coldRequests = p.requests.get() - before;
        assertEquals(coldRequests, cold.httpRequests());
        assertTrue(coldRequests <= 3, "the whole scan with control in at most 3 requests: " + coldRequests);
        assertEquals(1, p.stateOverrideCalls.get(), "the hops in one ControlPaths call");
        assertReadings(cold);
        assertTrue(cold.controlsKept().isEmpty());
        cold.controls().values().forEach(cache::put);
        System.out.println("cold scan with control: " + coldRequests + " requests, " + cold.rpcCalls() + " JSON-RPC calls, "
                + cold.controls().size() + " contracts read");

        // Within the TTL: not one control read (no storage slot, no ControlPaths call), the same readings.
        p.bodies.clear();
        p.stateOverrideCalls.set(0);
        before = p.requests.get();
        ChainData warm = reader.scan(plan(cache), Deadline.in(Duration.ofSeconds(30)));
        int warmRequests = p.requests.get() - before;
        ChainData none = reader.scan(plan(null), Deadline.in(Duration.ofSeconds(30)));
        assertEquals(none.httpRequests(), warmRequests, "a warm scan sends what a scan without control sends");
        assertTrue(warm.controls().isEmpty(), "nothing read now: " + warm.controls().keySet());
        assertEquals(0, p.stateOverrideCalls.get());
        for (byte[] b : p.bodies) {
            String body = new String(b, StandardCharsets.UTF_8);
            assertFalse(body.contains("eth_getStorageAt"), "no control read in a warm scan");
        }
        assertReadings(warm);
        System.out.println("warm scan with control: " + warmRequests + " requests; cache hits " + cache.hits() + ", misses " + cache.misses());

        // After the TTL: read again.
        clock.advance(Duration.ofHours(1));
        ChainData later = reader.scan(plan(cache), Deadline.in(Duration.ofSeconds(30)));
        assertFalse(later.controls().isEmpty());
        assertTrue(later.controlsKept().isEmpty());
    }

    @Test
    void anEndpointThatRefusesTheStateOverrideGetsTheSameReadingsStepByStep() {
        FaultProxy p = CHAIN.proxy();
        p.reset(FaultProxy.Mode.NO_STATE_OVERRIDE);
        EvmChainReader reader = reader(p.url());
        int before = p.requests.get();
        ChainData first = reader.scan(plan(ControlLookup.NONE), Deadline.in(Duration.ofSeconds(30)));
        int firstRequests = p.requests.get() - before;
        assertReadings(first);
        assertTrue(first.problems().isEmpty(), first.problems().toString());
        // Remembered: request 3 carries level 2, the later levels one request each (ProxyAdmin → Safe, owner of owner …).
        before = p.requests.get();
        ChainData second = reader.scan(plan(ControlLookup.NONE), Deadline.in(Duration.ofSeconds(30)));
        int secondRequests = p.requests.get() - before;
        assertReadings(second);
        System.out.println("state override refused: first scan " + firstRequests + " requests, later scans " + secondRequests);
        assertTrue(secondRequests < firstRequests, secondRequests + " vs " + firstRequests);
        assertTrue(secondRequests <= 3 + ControlReads.MAX_HOPS - 1, "levels 3 and 4 after the scan's three: " + secondRequests);
    }

    @Test
    void aFailedControlRequestSaysControlNotReadAndKeepsTheBalances() {
        FaultProxy p = CHAIN.proxy();
        p.failAfter = p.requests.get() + 1; // request 1 passes, the rest fail
        ChainData d = reader(p.url()).scan(new ScanPlan(WALLET, HELD, List.of(), false, false).withControl(ControlLookup.NONE),
                Deadline.in(Duration.ofSeconds(30)));
        assertEquals(HELD.size(), d.balances().size(), "the balances stand");
        assertTrue(d.problems().stream().anyMatch(x -> x.startsWith(ControlPhase.SUBJECT + " could not all be read")), d.problems().toString());
        for (String t : HELD) {
            ControlReading r = d.controls().get(t);
            assertFalse(r.read(), t);
            assertTrue(r.problem().startsWith("control not read"), r.problem());
        }
    }

    @Test
    void anOftHeldInAWalletHasItsRouteReadInTheScan() {
        try (Anvil arb = new Anvil(42161)) {
            arb.placeMulticall();
            String oft = "0x4186bfc76e2e237523cbc30fd220fe055156b41f";        // rsETH (LayerZero OFT) on Arbitrum, tokens.csv
            String adapter = "0x85d456b2dff1fd8245387c0bfb64dfb700e98ef3";    // its Ethereum peer: RSETH_OFTAdapter, contracts.csv
            String lib = "0x7b9e184e07a6ee1ac23eae0fe8d6be2f663f05e6";        // ReceiveUln302 on Arbitrum (lz-evm-sdk-v2 deployments)
            String dvn = "0x2f55c492897526677c5b68fb199ea31e2c126416";        // LayerZero Labs' DVN on Arbitrum (lz-evm-sdk-v2 deployments)
            ControlContracts.oft(arb, oft, "rsETH", LayerZeroV2.ENDPOINT_V2, Map.of(30101L, adapter));
            arb.invoke(oft, "setOwner", new org.web3j.abi.datatypes.Address(SAFE));
            ControlContracts.safe(arb, SAFE, 2, KEY, KEY2, KEY3);
            arb.setCode(LayerZeroV2.ENDPOINT_V2, "TestEndpointV2");
            ControlContracts.route(arb, LayerZeroV2.ENDPOINT_V2, oft, 30101, lib, false, 15, List.of(dvn), List.of(), 0);
            arb.mint(oft, WALLET, BigInteger.TEN);
            arb.mine(1);
            try (FaultProxy p = new FaultProxy(arb.url())) {
                EvmChainReader reader = new EvmChainReader("arbitrum", 42161, URI.create(p.url()), HTTP, WebApp.objectMapper(),
                        EvmChainReader.Limits.defaults());
                ChainData d = reader.scan(new ScanPlan(WALLET, List.of(oft), List.of(), true, true).withControl(ControlLookup.NONE),
                        Deadline.in(Duration.ofSeconds(30)));
                assertTrue(d.httpRequests() <= 3, "requests: " + d.httpRequests());
                ControlReading r = d.controls().get(oft);
                assertEquals(1, r.messaging().size(), r.messaging().toString());
                ControlReading.Messaging m = r.messaging().get(0);
                assertTrue(m.read(), m.problem());
                assertEquals("ethereum", m.remoteChain());
                assertEquals(lib, m.library());
                assertEquals(List.of(dvn), m.requiredVerifiers());
                assertEquals(BigInteger.valueOf(15), m.confirmations());
                assertEquals(1, m.needed());
                assertEquals("safe", r.controller().last().kind());
            }
        }
    }
}
