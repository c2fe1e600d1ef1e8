package dev.perimeter.chain;

import dev.perimeter.testchain.Anvil;
import dev.perimeter.testchain.LendingContracts;
import dev.perimeter.web.WebApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A position protocol added through the plug-in alone (a class and a factory given to the reader; nothing else in the
 * scan changed), and the Aave V3 market protocol's requests and market cache at the chain reader, against anvil.
 */
class PositionProtocolPluginIT {
    static Anvil anvil;
    static final String VAULT = "0x00000000000000000000000000000000000d0001"; // a made-up "deposit contract": a plain ERC-20
    static final String UNDERLYING = "0x00000000000000000000000000000000000d0002";
    static final String HOLDER = "0x00000000000000000000000000000000000d0003";
    static final String NOBODY = "0x00000000000000000000000000000000000d0004";
    static final String A_TOKEN = "0x00000000000000000000000000000000000d0005";
    static final String ASSET = "0x00000000000000000000000000000000000d0006";
    static final String COLLATERAL = "0x00000000000000000000000000000000000d0007";
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static String pool;

    @BeforeAll
    static void chain() {
        anvil = new Anvil(1);
        anvil.placeMulticall();
        anvil.placeToken(VAULT, "Test deposit", "tDEP", 18);
        anvil.mint(VAULT, HOLDER, BigInteger.valueOf(700));
        pool = LendingContracts.market("Aave V3 Core");
        LendingContracts l = new LendingContracts(anvil);
        l.placeAavePool(pool);
        l.placeAToken(A_TOKEN, "aTEST", 18, ASSET, pool);
        l.setReserve(pool, ASSET, A_TOKEN, 7000, 7500, false, false);
        l.setReserve(pool, COLLATERAL, "0x00000000000000000000000000000000000d0008", 6000, 6500, false, true);
        l.setReserve(pool, "0x00000000000000000000000000000000000d0009", "0x00000000000000000000000000000000000d000a", 0, 0, false, false);
        anvil.mint(A_TOKEN, HOLDER, BigInteger.TEN.pow(18));
        anvil.mine(2);
    }

    @AfterAll
    static void stop() {
        if (anvil != null) anvil.close();
    }

    /** The test protocol: balanceOf(wallet) of its contract with the balances, totalSupply() in request 2, one position. */
    static final class DepositProtocol implements PositionProtocol {
        private final String wallet;
        private Aggregate.Read<BigInteger> balance;
        private Aggregate.Read<BigInteger> supply;
        private List<ChainData.RawPosition> out = List.of();

        DepositProtocol(String wallet) {
            this.wallet = wallet;
        }

        @Override
        public String name() {
            return "test-deposit";
        }

        @Override
        public void plan(Round round) {
            if (round.number() == 1) {
                balance = round.shared().add(VAULT, Abi.balanceOf(wallet), r -> Abi.uint(r.returnData()));
            } else if (round.number() == 2 && balance.get() != null && balance.get().signum() > 0) {
                Aggregate a = new Aggregate(10, false);
                supply = a.add(VAULT, Abi.TOTAL_SUPPLY, r -> Abi.uint(r.returnData()));
                round.add(a);
            }
        }

        @Override
        public void finish(long block) {
            if (supply == null || supply.get() == null) return;
            LinkedHashMap<String, BigInteger> amounts = new LinkedHashMap<>();
            amounts.put("shares", balance.get());
            amounts.put("totalShares", supply.get());
            out = List.of(new ChainData.RawPosition("test-deposit", "test-deposit#" + VAULT, VAULT, amounts,
                    List.of(new ChainData.RawUnderlying(UNDERLYING, ChainData.RawUnderlying.SUPPLIED, null, "data")), "balanceOf(wallet)", block));
        }

        @Override
        public List<ChainData.RawPosition> positions() {
            return out;
        }
    }

    static EvmChainReader reader(List<PositionProtocol.Factory> protocols, MarketCache cache) {
        return new EvmChainReader("ethereum", 1, URI.create(anvil.url()), HTTP, WebApp.objectMapper(), EvmChainReader.Limits.defaults(),
                ScanTimer.NONE, protocols, cache);
    }

    static ScanPlan plan(String wallet, List<String> tokens, ScanPlan.Markets markets) {
        return new ScanPlan(wallet, tokens, List.of(), false, false).withPositions(true, ScanPlan.Positions.NONE).withMarkets(markets);
    }

    @Test
    void aProtocolAddedThroughThePlugInAloneFindsItsPositionsInTheScansRequests() {
        List<PositionProtocol.Factory> withTest = new ArrayList<>(PositionProtocols.REGISTERED);
        withTest.add(ctx -> new DepositProtocol(ctx.wallet()));
        ChainData d = reader(withTest, new MarketCache()).scan(plan(HOLDER, List.of(), ScanPlan.Markets.NONE), Deadline.in(Duration.ofSeconds(20)));
        assertEquals(1, d.positions().size(), d.toString());
        ChainData.RawPosition p = d.positions().get(0);
        assertEquals("test-deposit#" + VAULT, p.id());
        assertEquals(BigInteger.valueOf(700), p.amounts().get("shares"));
        assertEquals(BigInteger.valueOf(700), p.amounts().get("totalShares"), "request 2 ran pinned to the scan's block");
        assertEquals(2, d.httpRequests(), "its second read rode in request 2");

        ChainData none = reader(withTest, new MarketCache()).scan(plan(NOBODY, List.of(), ScanPlan.Markets.NONE), Deadline.in(Duration.ofSeconds(20)));
        assertTrue(none.positions().isEmpty());
        assertEquals(1, none.httpRequests(), "nothing held: no request 2");
        ChainData without = reader(PositionProtocols.REGISTERED, new MarketCache())
                .scan(plan(HOLDER, List.of(), ScanPlan.Markets.NONE), Deadline.in(Duration.ofSeconds(20)));
        assertTrue(without.positions().isEmpty(), "without the plug-in, no such position");
    }

    @Test
    void aPancakeSwapV3PositionIsReadThroughTheUniswapV3PlugInAtItsDataAddress() {
        dev.perimeter.position.PositionContracts.OnChain on = dev.perimeter.position.PositionContracts.load(dev.perimeter.util.DataFiles.bundled())
                .on("ethereum");
        String npm = on.pancakeswapV3Manager().address();
        anvil.setCode(npm, "TestPositionManager");
        anvil.send(npm, "0x" + dev.perimeter.util.Keccak.hex("mint(address,uint256,address,address,uint24,uint128)".getBytes()).substring(0, 8)
                + word(HOLDER) + word(BigInteger.valueOf(77)) + word(ASSET) + word(COLLATERAL) + word(BigInteger.valueOf(2500))
                + word(BigInteger.valueOf(123456)));
        ScanPlan p = new ScanPlan(HOLDER, List.of(), List.of(), false, false)
                .withPositions(true, new ScanPlan.Positions(null, null, 0, null, null, java.util.Map.of(), npm));
        ChainData d = reader(PositionProtocols.REGISTERED, new MarketCache()).scan(p, Deadline.in(Duration.ofSeconds(20)));
        assertEquals(List.of("pancakeswap-v3#77"), d.positions().stream().map(ChainData.RawPosition::id).toList(), d.toString());
        ChainData.RawPosition pos = d.positions().get(0);
        assertEquals(ChainData.RawPosition.PANCAKESWAP_V3, pos.protocol());
        assertEquals(npm, pos.contract());
        assertEquals(BigInteger.valueOf(123456), pos.amounts().get("liquidity"));
        assertEquals(List.of(ASSET, COLLATERAL), pos.underlyings().stream().map(ChainData.RawUnderlying::token).toList());
        assertEquals(2, d.httpRequests());
    }

    static String word(String address) {
        return "0".repeat(24) + address.substring(2);
    }

    static String word(BigInteger v) {
        String h = v.toString(16);
        return "0".repeat(64 - h.length()) + h;
    }

    @Test
    void anAaveDepositReadsItsMarketColdInThreeRequestsAndWarmInOne() {
        MarketCache cache = new MarketCache();
        EvmChainReader r = reader(PositionProtocols.REGISTERED, cache);
        ScanPlan.Markets markets = new ScanPlan.Markets(List.of(new ScanPlan.Market(ScanPlan.Market.AAVE_V3_POOL, pool)), Set.of(A_TOKEN));
        ChainData cold = r.scan(plan(HOLDER, List.of(A_TOKEN), markets), Deadline.in(Duration.ofSeconds(20)));
        assertEquals(3, cold.httpRequests(), "balances; POOL() and getReservesList(); the reserves");
        String node = ChainData.ReadEdge.marketNode(ScanPlan.Market.AAVE_V3_POOL, pool);
        List<ChainData.ReadEdge> lent = cold.edges().stream().filter(e -> e.kind().equals(ChainData.ReadEdge.LENT_IN)).toList();
        assertEquals(1, lent.size(), cold.edges().toString());
        assertEquals(A_TOKEN, lent.get(0).token());
        assertEquals(node, lent.get(0).to());
        List<ChainData.ReadEdge> collateral = cold.edges().stream().filter(e -> e.kind().equals(ChainData.ReadEdge.MARKET_COLLATERAL)).toList();
        assertEquals(List.of(ASSET, COLLATERAL), collateral.stream().map(ChainData.ReadEdge::to).toList(), "the reserve with threshold 0 is no collateral");
        assertEquals("liquidation threshold 75%", collateral.get(0).note());
        assertEquals("liquidation threshold 65%, reserve paused", collateral.get(1).note());
        assertEquals(1, cache.marketsRead());

        ChainData warm = r.scan(plan(HOLDER, List.of(A_TOKEN), markets), Deadline.in(Duration.ofSeconds(20)));
        assertEquals(1, warm.httpRequests(), "warm: the market is kept, nothing more to read");
        assertEquals(cold.edges().stream().map(e -> e.token() + ">" + e.to()).toList(), warm.edges().stream().map(e -> e.token() + ">" + e.to()).toList());
        assertEquals(1, cache.marketsRead());
        assertTrue(cache.hits() >= 1);
    }
}
