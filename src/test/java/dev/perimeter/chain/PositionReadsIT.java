package dev.perimeter.chain;

import dev.perimeter.position.PositionContracts;
import dev.perimeter.token.Token;
import dev.perimeter.token.TokenRegistry;
import dev.perimeter.testchain.Anvil;
import dev.perimeter.testchain.FaultProxy;
import dev.perimeter.testchain.TestPositions;
import dev.perimeter.util.DataFiles;
import dev.perimeter.wallet.WalletScanner;
import dev.perimeter.web.WebApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Positions that are not tokens, read by the chain reader from anvil (chain id 1) with test contracts at the addresses
 * data/positions/contracts.csv gives, and the HTTP requests each scan sends counted by a proxy.
 */
class PositionReadsIT {
    @org.junit.jupiter.api.extension.RegisterExtension
    static final dev.perimeter.testchain.ProxiedChain CHAIN = new dev.perimeter.testchain.ProxiedChain(() -> new Anvil(1, TestPositions.morphoFromBlock() + 1_000));
    static Anvil anvil;
    static FaultProxy proxy;
    static TokenRegistry registry;
    static TestPositions pos;
    static String rseth, weth, usdc, steth, stethStrategy;
    /** A strategy made by EigenLayer's StrategyFactory would not be in the data file: its underlying is read on-chain. */
    static final String LONG_TAIL_STRATEGY = "0x5555555555555555555555555555555555550001";
    static final String TEN_NFTS = "0x00000000000000000000000000000000000a0001";
    static final String ZERO_NFT = "0x00000000000000000000000000000000000a0002";
    static final String MORPHO_USER = "0x00000000000000000000000000000000000a0003";
    static final String RESTAKER = "0x00000000000000000000000000000000000a0004";
    static final String NOBODY = "0x00000000000000000000000000000000000a0005";
    static final String HOLDER = "0x00000000000000000000000000000000000a0006";
    /** Ten Uniswap V3 positions and an older Curve LP token (whose pool's coins need a third request too). */
    static final String NFTS_AND_OLD_LP = "0x00000000000000000000000000000000000a0007";
    /** More Uniswap V3 positions than a scan reads. */
    static final String MANY_NFTS = "0x00000000000000000000000000000000000a0008";
    static TestPositions.Market lend, borrow, closed;
    static String lendId, borrowId, closedId;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static String pick(java.util.function.Predicate<Token> p) {
        return dev.perimeter.TestData.registryToken(registry, "ethereum", p);
    }

    @BeforeAll
    static void chain() {
        registry = TokenRegistry.load(DataFiles.bundled());
        rseth = pick(t -> "kelpdao".equals(t.protocol()) && t.symbol().equals("rsETH"));
        weth = pick(t -> t.symbol().equals("WETH") && t.underlying() == null);
        usdc = pick(t -> t.symbol().equals("USDC") && t.kind().equals("plain"));
        PositionContracts.OnChain on = PositionContracts.load(DataFiles.bundled()).on("ethereum");
        stethStrategy = on.strategies().keySet().stream().sorted().findFirst().orElseThrow(); // any strategy the data lists
        steth = on.strategies().get(stethStrategy);
        anvil = CHAIN.anvil();
        anvil.placeMulticall();
        anvil.placeToken(usdc, "USD Coin", "USDC", 6);
        anvil.mint(usdc, HOLDER, BigInteger.valueOf(5_000_000));
        pos = new TestPositions(anvil);
        for (int i = 0; i < 10; i++) pos.mintNft(TEN_NFTS, 1001 + i, rseth, weth, 500, BigInteger.valueOf(1_000_000L + i));
        anvil.placeToken(rseth, "rsETH", "rsETH", 18);
        anvil.placeToken(weth, "Wrapped Ether", "WETH", 18);
        dev.perimeter.testchain.EdgeContracts.place(anvil, NFTS_AND_OLD_LP, rseth, weth);
        for (int i = 0; i < 10; i++) pos.mintNft(NFTS_AND_OLD_LP, 3001 + i, usdc, weth, 100, BigInteger.valueOf(77L + i));
        for (int i = 0; i < PositionReads.MAX_NFTS + 1; i++) pos.mintNft(MANY_NFTS, 5001 + i, usdc, weth, 100, BigInteger.valueOf(5L + i));
        pos.mintNft(ZERO_NFT, 2001, rseth, weth, 3000, BigInteger.ZERO);
        pos.mintNft(ZERO_NFT, 2002, usdc, weth, 500, new BigInteger("123456789012345678"));
        String oracle = "0x00000000000000000000000000000000000000a1", irm = "0x00000000000000000000000000000000000000a2";
        lend = new TestPositions.Market(weth, rseth, oracle, irm, new BigInteger("945000000000000000"));
        borrow = new TestPositions.Market(usdc, rseth, oracle, irm, new BigInteger("860000000000000000"));
        closed = new TestPositions.Market(usdc, weth, oracle, irm, new BigInteger("860000000000000000"));
        lendId = pos.createMarket(lend);
        borrowId = pos.createMarket(borrow);
        closedId = pos.createMarket(closed);
        // Someone else supplies first, so the totals differ from the user's shares.
        pos.supply(lend, new BigInteger("3000000000000000000"), new BigInteger("3000000000000000000000000"), NOBODY.replace("a0005", "a0099"));
        pos.supply(lend, new BigInteger("2000000000000000000"), new BigInteger("2000000000000000000000000"), MORPHO_USER);
        pos.supplyCollateral(borrow, new BigInteger("4000000000000000000"), MORPHO_USER);
        pos.supply(borrow, BigInteger.valueOf(10_000_000_000L), new BigInteger("10000000000000000"), NOBODY.replace("a0005", "a0099"));
        pos.borrow(borrow, BigInteger.valueOf(1_000_000_000L), new BigInteger("1000000000000000"), MORPHO_USER);
        pos.supply(closed, BigInteger.valueOf(7_000_000L), new BigInteger("7000000000000"), MORPHO_USER);
        pos.withdrawAll(closed, MORPHO_USER);
        pos.placeStrategy(stethStrategy, steth, 1, 1);
        pos.placeStrategy(LONG_TAIL_STRATEGY, rseth, 11, 10);
        pos.deposit(RESTAKER, stethStrategy, new BigInteger("5000000000000000000"));
        pos.deposit(RESTAKER, LONG_TAIL_STRATEGY, new BigInteger("1000000000000000000"));
        pos.podShares(RESTAKER, new BigInteger("32000000000000000000"));
        anvil.mine(2);
        proxy = CHAIN.proxy();
    }

    static EvmChainReader reader() {
        return new EvmChainReader("ethereum", 1, URI.create(proxy.url()), HTTP, WebApp.objectMapper(), EvmChainReader.Limits.defaults());
    }

    static ScanPlan plan(String wallet, boolean full, boolean positions) {
        return new ScanPlan(wallet, registry.addresses("ethereum"), List.of(), full, full, List.of(), true, registry.edgeless("ethereum"))
                .withPositions(positions, WalletScanner.plan(PositionContracts.load(DataFiles.bundled()).on("ethereum")));
    }

    static ChainData scan(String wallet, boolean full, boolean positions) {
        proxy.reset(FaultProxy.Mode.PASS);
        ChainData d = reader().scan(plan(wallet, full, positions), Deadline.in(Duration.ofSeconds(20)));
        assertEquals(proxy.requests.get(), d.httpRequests(), "the reader counts what the proxy saw");
        return d;
    }

    @Test
    void selectorsAndTopicsAreTheOnesTheResearchComputed() {
        // NOTES.md (js-sha3 over the signatures in the protocols' sources)
        assertEquals("0xedf8870433c83823eb071d3df1caa8d008f12f6440918c20d75a3602cda30fe0", PositionReads.SUPPLY_TOPIC);
        assertEquals("0xa3b9472a1399e17e123f3c2e6586c23e504184d504de59cdaa2b375e880c6184", PositionReads.SUPPLY_COLLATERAL_TOPIC);
        assertEquals("0x99fbab88", PositionReads.POSITIONS);
        assertEquals("0x2f745c59", PositionReads.TOKEN_OF_OWNER_BY_INDEX);
        assertEquals("0x93c52062", PositionReads.MORPHO_POSITION);
        assertEquals("0x2c3c9157", PositionReads.ID_TO_MARKET_PARAMS);
        assertEquals("0x5c60e39a", PositionReads.MARKET);
        assertEquals("0x94f649dd", PositionReads.GET_DEPOSITS);
        assertEquals("0xd48e8894", PositionReads.POD_OWNER_DEPOSIT_SHARES);
        assertEquals("0x2495a599", PositionReads.UNDERLYING_TOKEN);
        assertEquals("0x7a8b2637", PositionReads.SHARES_TO_UNDERLYING_VIEW);
    }

    @Test
    void tenUniswapV3PositionsAreAllReadWithinThreeRequests() {
        for (boolean full : new boolean[] {true, false}) {
            ChainData d = scan(TEN_NFTS, full, true);
            assertEquals(List.of(), d.problems());
            List<ChainData.RawPosition> nfts = d.positions().stream().filter(p -> p.protocol().equals(ChainData.RawPosition.UNISWAP_V3)).toList();
            assertEquals(10, nfts.size(), "more than the " + PositionReads.FIRST_IDS + " ids request 1 lists: all read");
            Set<String> ids = nfts.stream().map(ChainData.RawPosition::id).collect(Collectors.toSet());
            for (int i = 0; i < 10; i++) assertTrue(ids.contains("uniswap-v3#" + (1001 + i)), ids.toString());
            ChainData.RawPosition p = nfts.stream().filter(x -> x.id().equals("uniswap-v3#1009")).findFirst().orElseThrow();
            assertEquals(BigInteger.valueOf(1_000_008), p.amounts().get("liquidity"));
            assertEquals(List.of(rseth, weth), p.underlyings().stream().map(ChainData.RawUnderlying::token).toList());
            assertEquals(pos.on.uniswapV3Manager().address(), p.contract());
            assertTrue(proxy.requests.get() <= 3, (full ? "full" : "balance") + " scan: " + proxy.requests.get() + " requests");
            assertEquals(3, proxy.requests.get(), "ids 9 and 10 come in request 2, their positions in request 3");
        }
    }

    @Test
    void positionsAndEdgesThatBothNeedAThirdRequestShareIt() {
        ChainData d = scan(NFTS_AND_OLD_LP, true, true);
        assertEquals(List.of(), d.problems());
        assertEquals(10, d.positions().size());
        assertTrue(d.edges().stream().anyMatch(e -> e.token().equals(dev.perimeter.testchain.EdgeContracts.OLD_LP) && e.call().startsWith("minter()")),
                d.edges().toString());
        assertEquals(3, proxy.requests.get(), "the minter's coins and positions 9 and 10 travel in one third request");
    }

    @Test
    void positionsBeyondTheCapAreSaidNotSilentlyLeftOut() {
        ChainData d = scan(MANY_NFTS, false, true);
        assertEquals(PositionReads.MAX_NFTS, d.positions().size());
        assertEquals(List.of("the wallet holds " + (PositionReads.MAX_NFTS + 1) + " Uniswap V3 positions; the first " + PositionReads.MAX_NFTS
                + " were read, the other 1 was not"), d.problems());
        assertEquals(3, proxy.requests.get());
    }

    @Test
    void malformedAnswersDecodeToNothing() {
        assertNull(PositionReads.nft(new byte[11 * 32]));
        assertNull(PositionReads.nft(new byte[12 * 32]), "no token0: not a position");
        assertNull(PositionReads.deposits(new byte[0]));
        byte[] lying = new byte[4 * 32];
        lying[31] = 64;      // strategies at 64
        lying[63] = (byte) 96; // shares at 96
        lying[95] = 1;       // one strategy ...
        lying[127] = 2;      // ... two share counts
        assertNull(PositionReads.deposits(lying), "arrays of different lengths");
        byte[] empty = new byte[4 * 32];
        empty[31] = 64;
        empty[63] = 96;
        assertEquals(new PositionReads.Deposits(List.of(), List.of()), PositionReads.deposits(empty));
        assertNull(PositionReads.morphoPosition(new byte[2 * 32]));
        assertNull(PositionReads.marketParams(new byte[5 * 32]), "a market that was never created has no loan token");
        assertNull(PositionReads.marketTotals(new byte[5 * 32]));
    }

    @Test
    void aPositionWithoutLiquidityIsNotListed() {
        ChainData d = scan(ZERO_NFT, true, true);
        assertEquals(List.of("uniswap-v3#2002"), d.positions().stream().map(ChainData.RawPosition::id).toList());
        assertEquals(List.of(usdc, weth), d.positions().get(0).underlyings().stream().map(ChainData.RawUnderlying::token).toList());
        assertEquals(2, proxy.requests.get(), "two ids: listed in request 1, read in request 2");
    }

    @Test
    void morphoPositionsFromTheLogsWithTheirAmounts() {
        ChainData d = scan(MORPHO_USER, false, true);
        assertEquals(List.of(), d.problems());
        Map<String, ChainData.RawPosition> byId = d.positions().stream().collect(Collectors.toMap(ChainData.RawPosition::id, p -> p));
        assertEquals(Set.of("morpho-blue#" + lendId, "morpho-blue#" + borrowId), byId.keySet(), "the withdrawn market is empty: not listed");
        ChainData.RawPosition l = byId.get("morpho-blue#" + lendId);
        assertEquals(new BigInteger("2000000000000000000000000"), l.amounts().get("supplyShares"));
        List<ChainData.RawUnderlying> lu = l.underlyings();
        assertEquals(List.of("supplied", "lent-against"), lu.stream().map(ChainData.RawUnderlying::role).toList());
        assertEquals(weth, lu.get(0).token());
        assertEquals(rseth, lu.get(1).token());
        // SharesMathLib.toAssetsDown: 2e24 * (5e18 + 1) / (5e24 + 1e6), one wei below 2e18 (the virtual shares)
        BigInteger expected = new BigInteger("2000000000000000000000000").multiply(new BigInteger("5000000000000000001"))
                .divide(new BigInteger("5000000000000000001000000"));
        assertEquals(expected, lu.get(0).amount());
        assertNull(lu.get(1).amount(), "how much of the collateral reaches a lender is not a number to show");
        ChainData.RawPosition b = byId.get("morpho-blue#" + borrowId);
        assertEquals(List.of("collateral", "borrowed"), b.underlyings().stream().map(ChainData.RawUnderlying::role).toList());
        assertEquals(new BigInteger("4000000000000000000"), b.underlyings().get(0).amount());
        assertEquals(rseth, b.underlyings().get(0).token());
        assertEquals(usdc, b.underlyings().get(1).token());
        assertEquals(BigInteger.valueOf(1_000_000_000L), b.underlyings().get(1).amount(), "toAssetsUp of all the borrow shares");
        assertEquals(2, proxy.requests.get(), "a balance scan: logs in request 1, the markets in request 2");
    }

    @Test
    void morphoLogsOverARangeTheProviderRefusesAreReadInParts() {
        proxy.reset(FaultProxy.Mode.LOG_RANGE_LIMIT);
        proxy.logRangeLimit = 600; // the chain started 1,000 blocks after Morpho's deployment block
        ChainData d = reader().scan(plan(MORPHO_USER, false, true), Deadline.in(Duration.ofSeconds(20)));
        proxy.logRangeLimit = 1000;
        assertEquals(List.of(), d.problems());
        assertEquals(2, d.positions().size(), "both markets found from the logs read in parts");
        assertTrue(d.httpRequests() > 2, "the refused range was split (log-range splits are outside the 3-request budget, as for approvals)");
    }

    @Test
    void eigenLayerDepositsWithTheirUnderlyingsAndNativeRestaking() {
        ChainData d = scan(RESTAKER, true, true);
        assertEquals(List.of(), d.problems());
        Map<String, ChainData.RawPosition> byId = d.positions().stream().collect(Collectors.toMap(ChainData.RawPosition::id, p -> p));
        assertEquals(Set.of("eigenlayer#" + stethStrategy, "eigenlayer#" + LONG_TAIL_STRATEGY, "eigenlayer#beacon-eth"), byId.keySet());
        ChainData.RawUnderlying st = byId.get("eigenlayer#" + stethStrategy).underlyings().get(0);
        assertEquals(steth, st.token());
        assertEquals("data/positions/contracts.csv", st.source(), "the data gives this strategy's underlying");
        ChainData.RawUnderlying lt = byId.get("eigenlayer#" + LONG_TAIL_STRATEGY).underlyings().get(0);
        assertEquals(rseth, lt.token());
        assertTrue(lt.source().startsWith("underlyingToken()"), lt.source());
        assertEquals(new BigInteger("1100000000000000000"), lt.amount(), "sharesToUnderlyingView");
        assertEquals(new BigInteger("1000000000000000000"), byId.get("eigenlayer#" + LONG_TAIL_STRATEGY).amounts().get("depositShares"));
        ChainData.RawPosition pod = byId.get("eigenlayer#beacon-eth");
        assertEquals("native", pod.underlyings().get(0).token());
        assertEquals(new BigInteger("32000000000000000000"), pod.amounts().get("depositShares"));
        assertEquals(2, proxy.requests.get());
    }

    @Test
    void aWalletWithoutPositionsSendsNoMoreRequestsThanWithoutPositionReads() {
        for (String wallet : List.of(NOBODY, HOLDER)) {
            for (boolean full : new boolean[] {true, false}) {
                ChainData off = scan(wallet, full, false);
                long offRequests = proxy.requests.get();
                ChainData on = scan(wallet, full, true);
                assertEquals(offRequests, proxy.requests.get(), wallet + (full ? " full" : " balance") + " scan");
                assertEquals(List.of(), on.positions());
                assertEquals(off.balances(), on.balances());
                assertTrue(on.rpcCalls() <= off.rpcCalls() + 1, "the position reads ride in request 1's aggregate; one more eth_getLogs");
            }
        }
    }

    @Test
    void positionReadsOffSendNotOneCallMore() {
        ChainData legacy;
        proxy.reset(FaultProxy.Mode.PASS);
        legacy = reader().scan(new ScanPlan(TEN_NFTS, registry.addresses("ethereum"), List.of(), true, true, List.of(), true,
                registry.edgeless("ethereum")), Deadline.in(Duration.ofSeconds(20)));
        ChainData off = scan(TEN_NFTS, true, false);
        assertEquals(legacy.rpcCalls(), off.rpcCalls());
        assertEquals(legacy.httpRequests(), off.httpRequests());
        assertEquals(List.of(), off.positions());
    }
}
