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
 * unlisted tokens) twice, with and without the edge and position reads (Uniswap V3, Morpho Blue, EigenLayer; none held),
 * alternating which goes first: the same work as an exposure
 * report's scan, compared pair by pair so that the load of the machine hits both alike.
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
            List<String> ws = new ArrayList<>();
            for (int i = 0; i < warmup + wallets; i++) {
                String w = String.format("0x%040x", 0xed9e0000L + i);
                for (Token t : held) eth.mint(t.address(), w, BigInteger.valueOf(1_000_000L + i));
                eth.mint(unlisted, w, BigInteger.valueOf(777));
                eth.approve(held.get(0).address(), w, exploited.get(0), BigInteger.TWO.pow(256).subtract(BigInteger.ONE));
                ws.add(w);
            }
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            try (FaultProxy counter = new FaultProxy(eth.url())) {
                EvmChainReader reader = new EvmChainReader("ethereum", 1, URI.create(counter.url()), http, WebApp.objectMapper(),
                        EvmChainReader.Limits.defaults());
                List<Double> with = new ArrayList<>(), without = new ArrayList<>(), ratios = new ArrayList<>();
                ChainData lastWith = null, lastWithout = null;
                for (int i = 0; i < ws.size(); i++) {
                    String w = ws.get(i);
                    ScanPlan on = new ScanPlan(w, tokens, exploited, true, true, feeds, true, registry.edgeless("ethereum"))
                            .withPositions(true, positions);
                    ScanPlan off = new ScanPlan(w, tokens, exploited, true, true, feeds, false, registry.edgeless("ethereum"));
                    double a, b;
                    if (i % 2 == 0) {
                        a = time(reader, on);
                        b = time(reader, off);
                    } else {
                        b = time(reader, off);
                        a = time(reader, on);
                    }
                    if (i < warmup) continue;
                    with.add(a);
                    without.add(b);
                    ratios.add(a / b);
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
                System.out.printf("with/without: ratio of p50s %.3f; median of the per-wallet ratios %.3f (p10 %.3f, p90 %.3f)%n",
                        p(with, 50) / p(without, 50), p(ratios, 50), p(ratios, 10), p(ratios, 90));
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
