package dev.perimeter.bench;

import dev.perimeter.chain.Deadline;
import dev.perimeter.TestApp;
import dev.perimeter.chain.ChainData;
import dev.perimeter.chain.EvmChainReader;
import dev.perimeter.chain.ScanPlan;
import dev.perimeter.token.PriceBook;
import dev.perimeter.token.Token;
import dev.perimeter.token.TokenRegistry;
import dev.perimeter.testchain.Anvil;
import dev.perimeter.testchain.FaultProxy;
import dev.perimeter.util.DataFiles;
import dev.perimeter.web.WebApp;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * On-chain edge reads and position reads (issue 14), A/B in one run (not a test; run this main with the test classpath):
 * <pre>mvn -B -q test-compile exec:java -Dexec.mainClass=dev.perimeter.bench.EdgeReadsBench -Dexec.classpathScope=test [-Dexec.args=60]</pre>
 * One anvil where every ethereum registry token has ERC-20 code; each wallet holds four registry tokens whose data gives
 * no edge (so their edges are read on-chain) and an unlisted token, with an unlimited approval to a contract of the
 * incident data. Every wallet is scanned in full (balances, prices, logs, allowances against every exploited contract,
 * unlisted tokens) three times: without the edge and position reads; with them (Uniswap V3, Morpho Blue, EigenLayer; none
 * held); and with them and the lending markets (issue 22: every wallet also holds aEthUSDC, lent in an Aave V3 Pool
 * stand-in at the Core market's address, and supplies USDC to a Comet stand-in at cUSDCv3's address; the other markets
 * of the data file have no code here), rotating which goes first: the same work as an exposure report's scan, compared
 * wallet by wallet so that the load of the machine hits all alike. The markets' configuration is kept per block window,
 * so after the first wallet the market scans are warm; the markets read and the cache's hit rate are printed.
 */
public final class EdgeReadsBench {
    public static void main(String[] args) throws Exception {
        int wallets = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int warmup = 20;
        TokenRegistry registry = TokenRegistry.load(DataFiles.bundled());
        List<String> tokens = registry.addresses("ethereum");
        List<Token> held = registry.all().stream().filter(t -> t.chain().equals("ethereum") && registry.edgeless("ethereum").contains(t.address()))
                .filter(t -> List.of("USDC", "rsETH", "WETH", "WBTC").contains(t.symbol()) && !"bridged".equals(t.kind()))
                .sorted(java.util.Comparator.comparing(Token::address)).toList();
        String unlisted = "0x00000000000000000000000000000000000e0e01";
        // Position reads too (issue 14: "with the graph walk and position reads"), at the data file's addresses (no code
        // here: nothing held). The node starts at block 0 like the other benches (a node started at Morpho's deployment
        // block makes anvil's log queries from block 0 slow for both sides), so the Morpho log query starts at 0 too.
        ScanPlan.Positions data = dev.perimeter.wallet.WalletScanner.plan(
                dev.perimeter.position.PositionContracts.load(DataFiles.bundled()).on("ethereum"));
        ScanPlan.Positions positions = new ScanPlan.Positions(data.uniswapV3Manager(), data.morpho(), 0, data.strategyManager(),
                data.eigenPodManager(), data.strategies());
        try (Anvil eth = new Anvil(1);
             TestApp app = new TestApp(Map.of("PERIMETER_CHAINS", "ethereum", "PERIMETER_RPC_ETHEREUM", eth.url()))) {
            List<String> exploited = app.wiring.exposure.snapshot().exploitedContracts("ethereum");
            List<String> feeds = PriceBook.load(DataFiles.bundled()).feeds("ethereum");
            String runtime = Anvil.runtime("TestToken");
            eth.placeMulticall();
            for (String t : tokens) eth.rpc("anvil_setCode", t, runtime);
            for (Token t : held) eth.placeToken(t.address(), t.name(), t.symbol(), t.decimals());
            eth.placeToken(unlisted, "Mystery", "MYST", 9);
            // Lending markets (issue 22): aEthUSDC in Aave V3 Core with USDC and rsETH as collateral; a Comet over USDC.
            String aEthUsdc = dev.perimeter.TestData.registryToken(registry, "ethereum", t -> t.symbol().equals("aEthUSDC"));
            String usdc = dev.perimeter.TestData.registryToken(registry, "ethereum", t -> t.symbol().equals("USDC") && t.kind().equals("plain"));
            String rseth = dev.perimeter.TestData.registryToken(registry, "ethereum", t -> "kelpdao".equals(t.protocol()) && t.symbol().equals("rsETH"));
            String core = dev.perimeter.testchain.LendingContracts.market("Aave V3 Core");
            String comet = dev.perimeter.testchain.LendingContracts.market("Compound v3 cUSDCv3 (ethereum, usdc)");
            dev.perimeter.testchain.LendingContracts lending = new dev.perimeter.testchain.LendingContracts(eth);
            lending.placeAavePool(core);
            lending.placeAToken(aEthUsdc, "aEthUSDC", 6, usdc, core);
            lending.setReserve(core, usdc, aEthUsdc, 7500, 7800, false, false);
            lending.setReserve(core, rseth, "0x00000000000000000000000000000000000e0e02", 7200, 7500, true, false);
            lending.placeComet(comet, usdc);
            lending.addCometAsset(comet, rseth, new BigInteger("880000000000000000"), new BigInteger("910000000000000000"));
            dev.perimeter.position.PositionContracts contracts = dev.perimeter.position.PositionContracts.load(DataFiles.bundled());
            java.util.Set<String> deposits = new java.util.HashSet<>();
            for (Token t : registry.all()) {
                if (t.chain().equals("ethereum") && "aave".equals(t.protocol()) && "receipt".equals(t.kind()) && t.source() != null
                        && t.source().contains("AaveV3") && t.source().contains(".A_TOKEN")) deposits.add(t.address());
            }
            ScanPlan.Markets markets = new ScanPlan.Markets(contracts.marketsOn("ethereum").stream()
                    .map(m -> new ScanPlan.Market(m.kind(), m.address())).toList(), deposits);
            List<String> ws = new ArrayList<>();
            for (int i = 0; i < warmup + wallets; i++) {
                String w = String.format("0x%040x", 0xed9e0000L + i);
                for (Token t : held) eth.mint(t.address(), w, BigInteger.valueOf(1_000_000L + i));
                eth.mint(aEthUsdc, w, BigInteger.valueOf(5_000_000L + i));
                lending.cometSupply(comet, w, BigInteger.valueOf(9_000_000L + i));
                eth.mint(unlisted, w, BigInteger.valueOf(777));
                eth.approve(held.get(0).address(), w, exploited.get(0), BigInteger.TWO.pow(256).subtract(BigInteger.ONE));
                ws.add(w);
            }
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            try (FaultProxy counter = new FaultProxy(eth.url())) {
                EvmChainReader reader = new EvmChainReader("ethereum", 1, URI.create(counter.url()), http, WebApp.objectMapper(),
                        EvmChainReader.Limits.defaults());
                List<Double> with = new ArrayList<>(), without = new ArrayList<>(), ratios = new ArrayList<>();
                List<Double> lenders = new ArrayList<>(), lenderRatios = new ArrayList<>();
                ChainData lastWith = null, lastWithout = null;
                ChainData coldMarkets = null;
                for (int i = 0; i < ws.size(); i++) {
                    String w = ws.get(i);
                    ScanPlan on = new ScanPlan(w, tokens, exploited, true, true, feeds, true, registry.edgeless("ethereum"))
                            .withPositions(true, positions);
                    ScanPlan off = new ScanPlan(w, tokens, exploited, true, true, feeds, false, registry.edgeless("ethereum"));
                    ScanPlan lend = on.withMarkets(markets);
                    if (i == 0) {
                        long r0 = counter.requests.get();
                        coldMarkets = reader.scan(lend, Deadline.in(java.time.Duration.ofSeconds(30)));
                        System.out.printf("cold scan with the lending markets: %d HTTP requests (%d through the proxy), %d edges, %d positions%n",
                                coldMarkets.httpRequests(), counter.requests.get() - r0, coldMarkets.edges().size(), coldMarkets.positions().size());
                    }
                    double a = 0, b = 0, c = 0;
                    for (int k = 0; k < 3; k++) {
                        switch ((i + k) % 3) {
                            case 0 -> a = time(reader, on);
                            case 1 -> b = time(reader, off);
                            default -> c = time(reader, lend);
                        }
                    }
                    if (i < warmup) continue;
                    with.add(a);
                    without.add(b);
                    ratios.add(a / b);
                    lenders.add(c);
                    lenderRatios.add(c / a);
                }
                lastWith = reader.scan(new ScanPlan(ws.get(0), tokens, exploited, true, true, feeds, true, registry.edgeless("ethereum"))
                        .withPositions(true, positions), Deadline.in(java.time.Duration.ofSeconds(30)));
                lastWithout = reader.scan(new ScanPlan(ws.get(0), tokens, exploited, true, true, feeds, false, registry.edgeless("ethereum")), Deadline.in(java.time.Duration.ofSeconds(30)));
                System.out.printf("Edge and position reads A/B: %d wallets (after %d warm-up), %d registry tokens, %d exploited contracts, %d feeds%n",
                        wallets, warmup, tokens.size(), exploited.size(), feeds.size());
                System.out.printf("| scan | p50 ms | p90 ms | HTTP requests | RPC calls | edges read |%n|---|---|---|---|---|---|%n");
                System.out.printf("| without edge and position reads | %.1f | %.1f | %d | %d | %d |%n", p(without, 50), p(without, 90), lastWithout.httpRequests(),
                        lastWithout.rpcCalls(), lastWithout.edges().size());
                System.out.printf("| with edge and position reads | %.1f | %.1f | %d | %d | %d |%n", p(with, 50), p(with, 90), lastWith.httpRequests(),
                        lastWith.rpcCalls(), lastWith.edges().size());
                ChainData lastLend = reader.scan(new ScanPlan(ws.get(0), tokens, exploited, true, true, feeds, true, registry.edgeless("ethereum"))
                        .withPositions(true, positions).withMarkets(markets), Deadline.in(java.time.Duration.ofSeconds(30)));
                System.out.printf("| with them and the lending markets (warm) | %.1f | %.1f | %d | %d | %d |%n", p(lenders, 50), p(lenders, 90),
                        lastLend.httpRequests(), lastLend.rpcCalls(), lastLend.edges().size());
                System.out.printf("with/without: ratio of p50s %.3f; median of the per-wallet ratios %.3f (p10 %.3f, p90 %.3f)%n",
                        p(with, 50) / p(without, 50), p(ratios, 50), p(ratios, 10), p(ratios, 90));
                System.out.printf("lending markets (warm) / without them: ratio of p50s %.3f; median of the per-wallet ratios %.3f (p10 %.3f, p90 %.3f)%n",
                        p(lenders, 50) / p(with, 50), p(lenderRatios, 50), p(lenderRatios, 10), p(lenderRatios, 90));
                EvmChainReader.MarketStats ms = reader.marketStats();
                System.out.printf("markets read on-chain: %d; market cache look-ups: %d hits, %d misses (hit rate %.1f%%); cold market scan: %d requests%n",
                        ms.marketsRead(), ms.hits(), ms.misses(), 100.0 * ms.hits() / Math.max(1, ms.hits() + ms.misses()), coldMarkets.httpRequests());
                System.out.printf("load average (1 min) at the end: %.2f (2 cores)%n",
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            }
        }
    }

    static double time(EvmChainReader reader, ScanPlan plan) {
        long t0 = System.nanoTime();
        ChainData d = reader.scan(plan, Deadline.in(java.time.Duration.ofSeconds(30)));
        if (!d.problems().isEmpty()) throw new IllegalStateException(d.problems().toString());
        return (System.nanoTime() - t0) / 1e6;
    }

    static double p(List<Double> xs, int pct) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(Math.min(s.size() - 1, (int) Math.round(pct / 100.0 * (s.size() - 1))));
    }
}
