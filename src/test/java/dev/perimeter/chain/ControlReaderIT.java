package dev.perimeter.chain;

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
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Who controls a contract, read against a real anvil with the stand-ins of TestControl.sol at real addresses (tokens of
 * the registry, the Safes, ProxyAdmin and Timelock that data/infrastructure/contracts.csv lists), through a proxy that
 * counts requests.
 */
class ControlReaderIT {
    @RegisterExtension
    static final ProxiedChain CHAIN = new ProxiedChain(() -> new Anvil(1));

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    // Tokens at their registry addresses (data/tokens/tokens.csv): rsETH, USDC, WETH on Ethereum.
    static final String RSETH = "0xa1290d69c65a6fe4df752f95823fae25cb99e5a7";
    static final String USDC = "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48";
    static final String WETH = "0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2";
    // Controllers at addresses data/infrastructure/contracts.csv lists: EigenLayer's ProxyAdmin and Timelock, KelpDAO's
    // 'ETH Mainnet Manager' Safe.
    static final String PROXY_ADMIN = "0x8b9566ada63b64d1e1dcf1418b43fd1433b72444";
    static final String TIMELOCK = "0xa6db1a8c5a981d1536266d2a393c5f8ddb210eaf";
    static final String SAFE = "0xcbcdd778aa25476f203814214dd3e9b9c46829a1";
    // Made-up addresses for what no data file names: keys, implementations, further tokens and contracts.
    static final String KEY = "0x00000000000000000000000000000000000e0a01";
    static final String KEY2 = "0x00000000000000000000000000000000000e0a02";
    static final String KEY3 = "0x00000000000000000000000000000000000e0a03";
    static final String IMPL = "0x0000000000000000000000000000000000001a01";
    static final String TIMELOCKED = "0x000000000000000000000000000000000000c001";
    static final String GARBAGE_TOKEN = "0x000000000000000000000000000000000000c002";
    static final String GARBAGE_SAFE = "0x000000000000000000000000000000000000c003";
    static final String REVERTING = "0x000000000000000000000000000000000000c004";
    static final String LOOPED = "0x000000000000000000000000000000000000c005";
    static final String LOOP_A = "0x000000000000000000000000000000000000c006";
    static final String LOOP_B = "0x000000000000000000000000000000000000c007";
    static final String BEACONED = "0x000000000000000000000000000000000000c008";
    static final String BEACON = "0x000000000000000000000000000000000000c009";
    static final String DEEP = "0x000000000000000000000000000000000000c00a";
    static final String DEEP1 = "0x000000000000000000000000000000000000c00b";
    static final String DEEP2 = "0x000000000000000000000000000000000000c00c";
    static final String DEEP3 = "0x000000000000000000000000000000000000c00d";
    static final String DELEGATED_OWNED = "0x000000000000000000000000000000000000c00e";
    static final String DELEGATED_KEY = "0x00000000000000000000000000000000000e0a7d";
    static final String ZOS = "0x000000000000000000000000000000000000c00f";

    @BeforeAll
    static void place() {
        place(CHAIN.anvil());
    }

    /** The stand-ins at their addresses on a chain (also {@link ControlScanIT}'s). */
    static void place(Anvil a) {
        a.placeMulticall();
        // rsETH: an EIP-1967 proxy whose admin slot holds an EOA
        a.placeToken(RSETH, "rsETH", "rsETH", 18);
        ControlContracts.slot(a, RSETH, ControlContracts.IMPLEMENTATION_SLOT, IMPL);
        ControlContracts.slot(a, RSETH, ControlContracts.ADMIN_SLOT, KEY);
        // USDC: admin slot → a ProxyAdmin stand-in owned by a 2-of-3 Safe stand-in
        a.placeToken(USDC, "USD Coin", "USDC", 6);
        ControlContracts.slot(a, USDC, ControlContracts.IMPLEMENTATION_SLOT, IMPL);
        ControlContracts.slot(a, USDC, ControlContracts.ADMIN_SLOT, PROXY_ADMIN);
        ControlContracts.owned(a, PROXY_ADMIN, SAFE);
        ControlContracts.safe(a, SAFE, 2, KEY, KEY2, KEY3);
        // A proxy whose admin is a timelock (2 days) whose proposer is a key
        a.placeToken(TIMELOCKED, "Timelocked", "TL", 18);
        ControlContracts.slot(a, TIMELOCKED, ControlContracts.IMPLEMENTATION_SLOT, IMPL);
        ControlContracts.slot(a, TIMELOCKED, ControlContracts.ADMIN_SLOT, TIMELOCK);
        ControlContracts.timelock(a, TIMELOCK, 172800, KEY);
        // WETH: no proxy, no owner
        a.placeToken(WETH, "Wrapped Ether", "WETH", 18);
        // A proxy whose admin answers garbage to every Safe and Ownable question
        a.placeToken(GARBAGE_TOKEN, "Garbage admin", "GA", 18);
        ControlContracts.slot(a, GARBAGE_TOKEN, ControlContracts.IMPLEMENTATION_SLOT, IMPL);
        ControlContracts.slot(a, GARBAGE_TOKEN, ControlContracts.ADMIN_SLOT, GARBAGE_SAFE);
        a.setCode(GARBAGE_SAFE, "GarbageSafe");
        // A token whose owner() and getRoleMember revert
        a.setCode(REVERTING, "RevertingOwnerToken");
        // A proxy whose admin's owner is a contract whose owner is the admin (a loop)
        a.placeToken(LOOPED, "Looped", "LOOP", 18);
        ControlContracts.slot(a, LOOPED, ControlContracts.IMPLEMENTATION_SLOT, IMPL);
        ControlContracts.slot(a, LOOPED, ControlContracts.ADMIN_SLOT, LOOP_A);
        ControlContracts.owned(a, LOOP_A, LOOP_B);
        ControlContracts.owned(a, LOOP_B, LOOP_A);
        // A beacon proxy: the beacon names the implementation and is owned by a key
        a.placeToken(BEACONED, "Beaconed", "BCN", 18);
        ControlContracts.slot(a, BEACONED, ControlContracts.BEACON_SLOT, BEACON);
        ControlContracts.beacon(a, BEACON, IMPL, KEY);
        // Owner of owner of owner of owner: more hops than are followed
        a.placeToken(DEEP, "Deep", "DEEP", 18);
        ControlContracts.slot(a, DEEP, ControlContracts.IMPLEMENTATION_SLOT, IMPL);
        ControlContracts.slot(a, DEEP, ControlContracts.ADMIN_SLOT, DEEP1);
        ControlContracts.owned(a, DEEP1, DEEP2);
        ControlContracts.owned(a, DEEP2, DEEP3);
        ControlContracts.owned(a, DEEP3, KEY);
        // An Ownable token whose owner has EIP-7702 delegated code
        a.setCode(DELEGATED_OWNED, "OwnedToken");
        a.invoke(DELEGATED_OWNED, "setOwner", new org.web3j.abi.datatypes.Address(DELEGATED_KEY));
        ControlContracts.delegated(a, DELEGATED_KEY, SAFE);
        // A ZeppelinOS-era proxy (USDC's FiatTokenProxy kind): the older implementation and admin slots
        a.placeToken(ZOS, "Old proxy", "ZOS", 18);
        ControlContracts.slot(a, ZOS, ControlContracts.ZOS_IMPLEMENTATION_SLOT, IMPL);
        ControlContracts.slot(a, ZOS, ControlContracts.ZOS_ADMIN_SLOT, KEY2);
        a.mine(1);
    }

    static ControlReader reader(String url) {
        return new ControlReader("ethereum", 1, URI.create(url), HTTP, WebApp.objectMapper(), EvmChainReader.Limits.defaults());
    }

    static ControlReading of(ControlReader.Result r, String contract) {
        return r.readings().stream().filter(x -> x.contract().equals(contract)).findFirst().orElseThrow();
    }

    static final List<String> ALL = List.of(RSETH, USDC, TIMELOCKED, WETH, GARBAGE_TOKEN, REVERTING, LOOPED, BEACONED, DEEP,
            DELEGATED_OWNED, ZOS, KEY);

    @Test
    void everyKindOfControlInOneReadOfAtMostFourRequests() {
        FaultProxy p = CHAIN.proxy();
        int before = p.requests.get();
        ControlReader.Result r = reader(p.url()).read(ALL, Deadline.in(Duration.ofSeconds(20)));
        int requests = p.requests.get() - before;
        assertEquals(requests, r.httpRequests());
        assertTrue(requests <= ControlReads.MAX_HOPS + 1, "one request per level, at most 4: " + requests);
        System.out.println("control reads of " + ALL.size() + " contracts: " + requests + " requests, " + r.rpcCalls() + " JSON-RPC calls, " + r.levels() + " levels");
        assertEquals(ALL.size(), r.readings().size());
        long head = Long.decode(CHAIN.anvil().rpc("eth_blockNumber").asText());
        assertEquals(head, r.block());

        // an EIP-1967 admin slot holding an EOA
        ControlReading rseth = of(r, RSETH);
        assertTrue(rseth.read());
        assertEquals(Boolean.TRUE, rseth.upgradeable());
        assertEquals("eip-1967", rseth.proxy());
        assertEquals(IMPL, rseth.implementation());
        assertEquals(1, rseth.controller().path().size());
        assertEquals("eoa", rseth.controller().last().kind());
        assertEquals(KEY, rseth.controller().last().address());
        assertEquals("EIP-1967 admin slot", rseth.controller().last().how());
        assertNull(rseth.controller().delaySeconds());

        // a ProxyAdmin owned by a 2-of-3 Safe
        ControlReading usdc = of(r, USDC);
        assertEquals(2, usdc.controller().path().size());
        assertEquals(PROXY_ADMIN, usdc.controller().via().get(0).address());
        assertEquals("contract", usdc.controller().via().get(0).kind());
        ControlReading.Hop safe = usdc.controller().last();
        assertEquals("safe", safe.kind());
        assertEquals(SAFE, safe.address());
        assertEquals(2, safe.threshold());
        assertEquals(List.of(KEY, KEY2, KEY3), safe.owners());
        assertEquals("owner() of the proxy admin", safe.how());

        // a timelock of 2 days, its proposer a key
        ControlReading tl = of(r, TIMELOCKED);
        assertEquals(BigInteger.valueOf(172800), tl.controller().delaySeconds());
        assertEquals("timelock", tl.controller().path().get(0).kind());
        assertEquals("eoa", tl.controller().last().kind());
        assertEquals(KEY, tl.controller().last().address());

        // no proxy, no owner
        ControlReading weth = of(r, WETH);
        assertEquals(Boolean.FALSE, weth.upgradeable());
        assertNull(weth.proxy());
        assertNull(weth.controller());
        assertNull(weth.hasCode(), "it answered calls: its code was not fetched");

        // garbage answers: bounded, the admin is a contract of unknown kind, said so
        ControlReading garbage = of(r, GARBAGE_TOKEN);
        assertTrue(garbage.read());
        assertEquals(1, garbage.controller().path().size());
        ControlReading.Hop g = garbage.controller().last();
        assertEquals("contract", g.kind());
        assertNull(g.owner(), "an owner() word with its upper bytes set is no address");
        assertTrue(g.note().contains("not a Safe's"), g.note());

        // reverting owner(): no controller, no failure
        ControlReading reverting = of(r, REVERTING);
        assertTrue(reverting.read());
        assertNull(reverting.controller());
        assertEquals(Boolean.FALSE, reverting.upgradeable());

        // a loop: followed until it closes, then said
        ControlReading looped = of(r, LOOPED);
        assertEquals(List.of(LOOP_A, LOOP_B), looped.controller().path().stream().map(ControlReading.Hop::address).toList());
        assertTrue(looped.notes().stream().anyMatch(n -> n.contains("a loop")), looped.notes().toString());

        // a beacon proxy
        ControlReading beaconed = of(r, BEACONED);
        assertEquals("eip-1967-beacon", beaconed.proxy());
        assertEquals(BEACON, beaconed.beacon());
        assertEquals(IMPL, beaconed.implementation(), "the beacon's implementation()");
        assertEquals(BEACON, beaconed.controller().path().get(0).address());
        assertEquals("eoa", beaconed.controller().last().kind());
        assertEquals("owner() of the beacon", beaconed.controller().last().how());

        // more than three hops: three followed, the rest said
        ControlReading deep = of(r, DEEP);
        assertEquals(List.of(DEEP1, DEEP2, DEEP3), deep.controller().path().stream().map(ControlReading.Hop::address).toList());
        assertTrue(deep.notes().stream().anyMatch(n -> n.contains("more than 3 hops")), deep.notes().toString());

        // EIP-7702: an EOA, said so
        ControlReading.Hop delegated = of(r, DELEGATED_OWNED).controller().last();
        assertEquals("eoa", delegated.kind());
        assertEquals(SAFE, delegated.delegate());

        // OpenZeppelin's older slots
        ControlReading zos = of(r, ZOS);
        assertEquals("zeppelinos", zos.proxy());
        assertEquals(IMPL, zos.implementation());
        assertEquals("ZeppelinOS admin slot", zos.controller().last().how());
        assertEquals(KEY2, zos.controller().last().address());

        // an address without code (an approval to a key): said so
        ControlReading key = of(r, KEY);
        assertEquals(Boolean.FALSE, key.hasCode());
        assertTrue(key.notes().stream().anyMatch(n -> n.contains("no code")), key.notes().toString());
    }

    @Test
    void aPinnedReadSeesTheBlockItIsGiven() {
        Anvil a = CHAIN.anvil();
        long before = Long.decode(a.rpc("eth_blockNumber").asText());
        String tmp = "0x000000000000000000000000000000000000c0ff";
        a.placeToken(tmp, "Later", "LATER", 18);
        a.mine(1);
        ControlContracts.slot(a, tmp, ControlContracts.IMPLEMENTATION_SLOT, IMPL); // set after `before`
        ControlContracts.slot(a, tmp, ControlContracts.ADMIN_SLOT, KEY);
        a.mine(1);
        ControlReading then = reader(a.url()).read(List.of(tmp), before, Deadline.in(Duration.ofSeconds(10))).readings().get(0);
        assertEquals(before, then.block());
        assertEquals(Boolean.FALSE, then.upgradeable(), "no code and no slots at that block");
        ControlReading now = reader(a.url()).read(List.of(tmp), Deadline.in(Duration.ofSeconds(10))).readings().get(0);
        assertEquals(Boolean.TRUE, now.upgradeable());
        assertEquals("eoa", now.controller().last().kind());
    }

    @Test
    void anEndpointThatFailsGivesControlNotReadNeverAGuess() {
        FaultProxy p = CHAIN.proxy();
        p.reset(FaultProxy.Mode.HTTP_500);
        assertThrows(RpcException.class, () -> reader(p.url()).read(List.of(RSETH), Deadline.in(Duration.ofSeconds(3))),
                "the first level failing is the read failing: the caller says 'control not read'");
        // a failure after the first level: what was read stands, what was not is said
        p.reset(FaultProxy.Mode.PASS);
        p.failAfter = 1;
        ControlReader.Result r = reader(p.url()).read(List.of(USDC), Deadline.in(Duration.ofSeconds(5)));
        ControlReading usdc = r.readings().get(0);
        assertTrue(usdc.read(), "its slots arrived");
        assertEquals(Boolean.TRUE, usdc.upgradeable());
        assertNull(usdc.controller(), "the admin was not read: no kind is guessed for it");
        assertTrue(usdc.notes().stream().anyMatch(n -> n.contains(PROXY_ADMIN) && n.contains("was not read")), usdc.notes().toString());
    }

    @Test
    void withoutMulticallTheSameReadingArrivesByDirectCalls() {
        FaultProxy p = CHAIN.proxy();
        p.reset(FaultProxy.Mode.NO_MULTICALL);
        ControlReading usdc = reader(p.url()).read(List.of(USDC), Deadline.in(Duration.ofSeconds(10))).readings().get(0);
        assertEquals("safe", usdc.controller().last().kind());
        assertEquals(2, usdc.controller().last().threshold());
    }

    @Test
    void anOftStandInsRouteVerifiedByOneDvnIsRead() {
        // The OFT test runs on an Arbitrum chain (chain id 42161) of its own: rsETH's OFT there at its registry address.
        try (Anvil arb = new Anvil(42161)) {
            arb.placeMulticall();
            String oft = "0x4186bfc76e2e237523cbc30fd220fe055156b41f";        // rsETH (LayerZero OFT) on Arbitrum, tokens.csv
            String adapter = "0x85d456b2dff1fd8245387c0bfb64dfb700e98ef3";    // its Ethereum peer: RSETH_OFTAdapter, contracts.csv
            String lib = "0x7b9e184e07a6ee1ac23eae0fe8d6be2f663f05e6";        // ReceiveUln302 on Arbitrum (lz-evm-sdk-v2 deployments)
            String dvn = "0x2f55c492897526677c5b68fb199ea31e2c126416";        // LayerZero Labs' DVN on Arbitrum (lz-evm-sdk-v2 deployments)
            String fake = "0x000000000000000000000000000000000000c0fe";
            ControlContracts.oft(arb, oft, "rsETH", LayerZeroV2.ENDPOINT_V2, Map.of(30101L, adapter));
            arb.invoke(oft, "setOwner", new org.web3j.abi.datatypes.Address(SAFE));
            ControlContracts.safe(arb, SAFE, 2, KEY, KEY2, KEY3);
            arb.setCode(LayerZeroV2.ENDPOINT_V2, "TestEndpointV2");
            ControlContracts.route(arb, LayerZeroV2.ENDPOINT_V2, oft, 30101, lib, false, 15, List.of(dvn), List.of(), 0);
            // An OApp naming an endpoint that is not LayerZero's
            ControlContracts.oft(arb, fake, "FAKE", fake, Map.of(30101L, adapter));
            arb.mine(1);

            ControlReader reader = new ControlReader("arbitrum", 42161, URI.create(arb.url()), HTTP, WebApp.objectMapper(),
                    EvmChainReader.Limits.defaults());
            ControlReader.Result r = reader.read(List.of(oft, fake), Deadline.in(Duration.ofSeconds(20)));
            assertTrue(r.httpRequests() <= 3, "endpoint/peers, library, config: " + r.httpRequests());
            ControlReading reading = of(r, oft);
            assertEquals(1, reading.messaging().size(), "one peer on a chain Perimeter knows: " + reading.messaging());
            ControlReading.Messaging m = reading.messaging().get(0);
            assertEquals("layerzero-v2", m.protocol());
            assertEquals("ethereum", m.remoteChain());
            assertEquals(30101, m.remoteId());
            assertEquals(adapter, m.peer());
            assertEquals(lib, m.library());
            assertEquals(Boolean.FALSE, m.defaultLibrary());
            assertEquals(BigInteger.valueOf(15), m.confirmations());
            assertEquals(List.of(dvn), m.requiredVerifiers());
            assertEquals(List.of(), m.optionalVerifiers());
            assertEquals(1, m.needed());
            assertEquals(1, m.configured());
            assertEquals("safe", reading.controller().last().kind(), "the OFT's owner() is the Safe");

            ControlReading.Messaging f = of(r, fake).messaging().get(0);
            assertFalse(f.read());
            assertTrue(f.problem().contains("not LayerZero's EndpointV2"), f.problem());
        }
    }
}
