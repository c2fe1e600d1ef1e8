package dev.perimeter.wallet;

import dev.perimeter.chain.EvmChainReader;
import dev.perimeter.chain.RpcException;
import dev.perimeter.position.Holding;
import dev.perimeter.token.PriceBook;
import dev.perimeter.token.Token;
import dev.perimeter.token.TokenRegistry;
import dev.perimeter.testchain.Anvil;
import dev.perimeter.testchain.FaultProxy;
import dev.perimeter.util.DataFiles;
import dev.perimeter.web.WebApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.*;

/** Several chains at once: two real anvils (chain ids 1 and 42161), one endpoint that is down, one that is slow. */
class WalletScannerIT {
    static Anvil mainnet, arbitrum;
    static FaultProxy slow;
    static TokenRegistry registry;
    static ExecutorService pool = Executors.newFixedThreadPool(8);
    static final String WALLET = "0x1234567890123456789012345678901234567890";
    static String usdcEth, arbToken;

    @BeforeAll
    static void chains() {
        registry = TokenRegistry.load(DataFiles.bundled());
        usdcEth = dev.perimeter.TestData.registryToken(registry, "ethereum", t -> t.symbol().equals("USDC") && t.kind().equals("plain"));
        Token arb = registry.all().stream().filter(t -> t.chain().equals("arbitrum") && "bridged".equals(t.kind()) && t.originAddress() != null)
                .sorted(java.util.Comparator.comparing(Token::address)).findFirst().orElseThrow();
        arbToken = arb.address();
        mainnet = new Anvil(1);
        arbitrum = new Anvil(42161);
        for (Anvil a : List.of(mainnet, arbitrum)) a.placeMulticall();
        mainnet.placeToken(usdcEth, "USD Coin", "USDC", 6);
        mainnet.mint(usdcEth, WALLET, BigInteger.valueOf(5_000_000));
        arbitrum.placeToken(arbToken, arb.name(), arb.symbol(), arb.decimals());
        arbitrum.mint(arbToken, WALLET, BigInteger.valueOf(123));
        slow = new FaultProxy(arbitrum.url());
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
        slow.close();
        mainnet.close();
        arbitrum.close();
    }

    static WalletScanner scanner(Map<String, String> urls, Duration timeout) {
        return scanner(urls, timeout, pool, PriceBook.empty());
    }

    static WalletScanner scanner(Map<String, String> urls, Duration timeout, ExecutorService pool, PriceBook prices) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Map<String, EvmChainReader> readers = new LinkedHashMap<>();
        Map<String, Long> ids = Map.of("ethereum", 1L, "arbitrum", 42161L, "base", 8453L, "optimism", 10L);
        urls.forEach((chain, url) -> readers.put(chain, new EvmChainReader(chain, ids.get(chain), URI.create(url), http,
                WebApp.objectMapper(), EvmChainReader.Limits.defaults())));
        return new WalletScanner(readers, registry, prices, timeout, pool, Clock.systemUTC());
    }

    static ChainScan chain(WalletScan s, String chain) {
        return s.chains().stream().filter(c -> c.chain().equals(chain)).findFirst().orElseThrow();
    }

    @Test
    void twoChainsScanConcurrentlyAndADeadOneIsReportedNotFatal() {
        Map<String, String> urls = new LinkedHashMap<>();
        urls.put("ethereum", mainnet.url());
        urls.put("arbitrum", arbitrum.url());
        urls.put("base", "http://127.0.0.1:" + Anvil.freePort());
        WalletScanner s = scanner(urls, Duration.ofSeconds(5));
        WalletScan scan = s.scan(WALLET, null, List.of("ethereum", "arbitrum", "base"), true, c -> List.of());
        assertEquals(3, scan.chains().size());
        assertEquals(List.of("ethereum", "arbitrum", "base"), s.chains(), "chains keep the configured order");
        ChainScan eth = chain(scan, "ethereum");
        assertEquals(dev.perimeter.wallet.ChainStatus.OK, eth.status(), String.valueOf(eth.error()));
        assertEquals(1, eth.holdings().size());
        assertEquals(BigInteger.valueOf(5_000_000), eth.holdings().get(0).balanceRaw());
        assertEquals(1L, eth.chainId());
        assertNotNull(eth.block());
        ChainScan arb = chain(scan, "arbitrum");
        assertEquals(dev.perimeter.wallet.ChainStatus.OK, arb.status(), String.valueOf(arb.error()));
        assertEquals(arbToken, arb.holdings().get(0).token());
        assertEquals("bridged", arb.holdings().get(0).kind());
        assertEquals(42161L, arb.chainId());
        ChainScan base = chain(scan, "base");
        assertEquals(dev.perimeter.wallet.ChainStatus.FAILED, base.status());
        assertTrue(base.error().contains("could not be reached"), base.error());
    }

    @Test
    void aSlowChainTimesOutWithinItsBudgetWhileOthersReport() {
        slow.reset(FaultProxy.Mode.DELAY);
        slow.delayMillis = 5_000;
        Map<String, String> urls = new LinkedHashMap<>();
        urls.put("ethereum", mainnet.url());
        urls.put("arbitrum", slow.url());
        WalletScanner s = scanner(urls, Duration.ofMillis(1_500));
        long t0 = System.nanoTime();
        WalletScan scan = s.scan(WALLET, null, List.of("ethereum", "arbitrum"), false, c -> List.of());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 3_000, "bounded by the per-chain timeout, took " + ms + " ms");
        assertEquals(dev.perimeter.wallet.ChainStatus.OK, chain(scan, "ethereum").status());
        ChainScan arb = chain(scan, "arbitrum");
        assertEquals(dev.perimeter.wallet.ChainStatus.FAILED, arb.status());
        assertTrue(arb.error().contains("time"), arb.error());
        slow.reset(FaultProxy.Mode.PASS);
    }

    /**
     * An endpoint that sends its response headers at once and the body only after bodyDelayMillis: the read of the body
     * has no timeout of its own, so a chain's work can outlive its budget (the bug: its late answer became a second
     * progress event after "timed out").
     */
    static com.sun.net.httpserver.HttpServer slowBodyServer(long bodyDelayMillis) throws java.io.IOException {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, 0);
                ex.getResponseBody().flush();
                Thread.sleep(bodyDelayMillis);
                ex.getResponseBody().write("[]".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.io.IOException e) {
                // the client gave up: fine
            }
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        return server;
    }

    @Test
    void everyChainReportsProgressExactlyOnceEvenWhenItsAnswerComesAfterItTimedOut() throws Exception {
        com.sun.net.httpserver.HttpServer late = slowBodyServer(2_500);
        try {
            Map<String, String> urls = new LinkedHashMap<>();
            urls.put("ethereum", mainnet.url());
            urls.put("arbitrum", "http://127.0.0.1:" + late.getAddress().getPort());
            List<ChainScan> events = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            List<WalletScan> scans = scanner(urls, Duration.ofMillis(1_000)).scanAll(
                    List.of(new WalletScanner.Target(WALLET, null), new WalletScanner.Target("0x000000000000000000000000000000000000dead", null)),
                    List.of("ethereum", "arbitrum"), false, c -> List.of(), events::add);
            Thread.sleep(3_000); // the late answers (or their interrupted reads) have come and gone
            synchronized (events) {
                assertEquals(4, events.size(), "one event per wallet and chain: " + events);
                assertEquals(2, events.stream().filter(e -> e.chain().equals("ethereum")).count(), events.toString());
                List<ChainScan> arb = events.stream().filter(e -> e.chain().equals("arbitrum")).toList();
                assertEquals(2, arb.size(), events.toString());
                for (ChainScan a : arb) {
                    assertEquals(ChainStatus.FAILED, a.status());
                    assertTrue(a.error().startsWith("timed out"), a.error());
                }
                for (WalletScan w : scans) {
                    for (ChainScan c : w.chains()) assertTrue(events.stream().anyMatch(e -> e == c), "the event is the scan's own result: " + c);
                }
            }
        } finally {
            late.stop(0);
            ((ExecutorService) late.getExecutor()).shutdownNow();
        }
    }

    @Test
    void logsNameTheChainButNeverTheWallet() {
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true));
        try {
            Map<String, String> urls = new LinkedHashMap<>();
            urls.put("ethereum", mainnet.url());
            urls.put("optimism", mainnet.url()); // wrong chain id
            urls.put("base", "http://127.0.0.1:" + Anvil.freePort()); // down
            scanner(urls, Duration.ofSeconds(5)).scan(WALLET, null, List.of("ethereum", "optimism", "base"), true, c -> List.of());
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(log.contains("chain base could not be read") && log.contains("chain optimism could not be read"), log);
        assertFalse(log.toLowerCase(java.util.Locale.ROOT).contains(WALLET.substring(2)), "a wallet address in the log: " + log);
    }

    @Test
    void wrongChainIdIsRejected() {
        WalletScanner s = scanner(Map.of("optimism", mainnet.url()), Duration.ofSeconds(5));
        ChainScan op = s.scan(WALLET, null, List.of("optimism"), false, c -> List.of()).chains().get(0);
        assertEquals(dev.perimeter.wallet.ChainStatus.FAILED, op.status());
        assertTrue(op.error().contains("different chain"), op.error());
    }

    @Test
    void aChainQueuedBehindAnotherGetsItsWholeBudget() throws Exception {
        // One pool thread: arbitrum waits while ethereum is read. Each chain needs 1 request (a balance scan is one
        // batch, and the wallet holds only tokens whose data gives their edges, so none are read on-chain), answered
        // after 1.5 s, within a 2.5 s budget. Measured from the scan's start, arbitrum's budget would be gone (at 2.5 s)
        // before it finished (at 3 s).
        String wallet = "0x1234567890123456789012345678901234567891";
        Token receipt = registry.all().stream().filter(t -> t.chain().equals("ethereum") && "receipt".equals(t.kind()) && t.underlying() != null)
                .sorted(java.util.Comparator.comparing(Token::address)).findFirst().orElseThrow();
        mainnet.placeToken(receipt.address(), receipt.name(), receipt.symbol(), receipt.decimals());
        mainnet.mint(receipt.address(), wallet, BigInteger.valueOf(77));
        arbitrum.mint(arbToken, wallet, BigInteger.valueOf(123));
        ExecutorService one = Executors.newSingleThreadExecutor();
        try (FaultProxy slowEth = new FaultProxy(mainnet.url())) {
            slowEth.reset(FaultProxy.Mode.DELAY);
            slowEth.delayMillis = 1_500;
            slow.reset(FaultProxy.Mode.DELAY);
            slow.delayMillis = 1_500;
            Map<String, String> urls = new LinkedHashMap<>();
            urls.put("ethereum", slowEth.url());
            urls.put("arbitrum", slow.url());
            long t0 = System.nanoTime();
            WalletScan scan = scanner(urls, Duration.ofMillis(2_500), one, PriceBook.empty()).scan(wallet, null, List.of("ethereum", "arbitrum"), false, c -> List.of());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            for (ChainScan c : scan.chains()) {
                assertEquals(ChainStatus.OK, c.status(), c.chain() + ": " + c.error());
                assertEquals(1, c.httpRequests(), c.chain());
            }
            assertTrue(ms >= 3_000, "the chains ran one after the other (2 x 1 request of 1.5 s): " + ms + " ms");
            assertEquals(BigInteger.valueOf(123), chain(scan, "arbitrum").holdings().get(0).balanceRaw());
        } finally {
            slow.reset(FaultProxy.Mode.PASS);
            one.shutdownNow();
        }
    }

    @Test
    void providerTextNeverReachesTheChainScanError() {
        String secret = "https://secret.example/key123";
        try {
            slow.reset(FaultProxy.Mode.STATUS);
            slow.status = 500;
            slow.statusBody = "<html>upstream " + secret + " is down</html>";
            ChainScan down = scanner(Map.of("arbitrum", slow.url()), Duration.ofSeconds(5)).scan(WALLET, null, List.of("arbitrum"), false, c -> List.of())
                    .chains().get(0);
            assertEquals(ChainStatus.FAILED, down.status());
            assertEquals(RpcException.Kind.HTTP_ERROR.plain + ": HTTP 500", down.error());

            slow.reset(FaultProxy.Mode.RPC_ERROR);
            slow.errorText = "project key " + secret + " over quota";
            ChainScan rpcError = scanner(Map.of("arbitrum", slow.url()), Duration.ofSeconds(5)).scan(WALLET, null, List.of("arbitrum"), false, c -> List.of())
                    .chains().get(0);
            assertEquals(ChainStatus.FAILED, rpcError.status());
            assertEquals(RpcException.Kind.RPC_ERROR.plain, rpcError.error(), "the kind's sentence, not the provider's words");

            slow.reset(FaultProxy.Mode.LOG_RANGE_LIMIT);
            slow.logRangeLimit = 0;
            slow.errorText = "upgrade at " + secret;
            ChainScan partial = scanner(Map.of("arbitrum", slow.url()), Duration.ofSeconds(5)).scan(WALLET, null, List.of("arbitrum"), true, c -> List.of())
                    .chains().get(0);
            assertEquals(ChainStatus.PARTIAL, partial.status());
            assertTrue(partial.error().contains("history is incomplete"), partial.error());
            assertFalse(partial.error().contains("secret.example"), partial.error());
        } finally {
            slow.reset(FaultProxy.Mode.PASS);
        }
    }

    static String usdcFeed() {
        return PriceBook.load(dev.perimeter.util.DataFiles.bundled()).route(
                new Token("ethereum", usdcEth, "USDC", "USDC", 6, "plain", null, null, null, null, null, null, true),
                registry, "ETH").orElseThrow().feed().feed();
    }

    static Holding usdcHolding(WalletScanner s) {
        return chain(s.scan(WALLET, null, List.of("ethereum"), false, c -> List.of()), "ethereum").holdings().stream()
                .filter(h -> h.token().equals(usdcEth)).findFirst().orElseThrow();
    }

    @Test
    void aFeedIsStaleAfterItsOwnHeartbeat() {
        String feed = usdcFeed();
        long ts = mainnet.latestBlockTimestamp();
        mainnet.placePriceFeed(feed, new BigInteger("100000000"), 8, ts - 7_200); // updated 2 h before the block
        PriceBook defaults = new PriceBook(List.of(new PriceBook.Feed("ethereum", usdcEth, feed, 8, "test")));
        Holding priced = usdcHolding(scanner(Map.of("ethereum", mainnet.url()), Duration.ofSeconds(5), pool, defaults));
        assertEquals(new java.math.BigDecimal("5.00"), priced.usdValue(), "5 USDC at $1.00: 2 h is within the 25 h default");
        assertNull(priced.unpricedReason());
        assertTrue(priced.priceSource().contains(feed) && priced.priceSource().contains("latestRoundData"), priced.priceSource());

        PriceBook hourly = new PriceBook(List.of(new PriceBook.Feed("ethereum", usdcEth, feed, 8, "test", 3_600)));
        Holding stale = usdcHolding(scanner(Map.of("ethereum", mainnet.url()), Duration.ofSeconds(5), pool, hourly));
        assertNull(stale.usdValue(), "2 h old with a 1 h heartbeat");
        assertEquals(PriceBook.STALE, stale.unpricedReason());
        assertNull(stale.priceSource());
    }

    @Test
    void heartbeatsComeFromFeedsCsv() throws Exception {
        java.nio.file.Path data = dev.perimeter.TestData.copyBundledData();
        java.nio.file.Path csv = data.resolve("prices/feeds.csv");
        String feed = usdcFeed();
        List<String> lines = new java.util.ArrayList<>(java.nio.file.Files.readAllLines(csv));
        assertTrue(lines.get(0).endsWith(",heartbeat_seconds"), lines.get(0));
        int edited = 0;
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).startsWith("ethereum," + usdcEth + "," + feed + ",")) {
                assertTrue(lines.get(i).endsWith(","), "shipped empty: the default");
                lines.set(i, lines.get(i) + "3600");
                edited++;
            }
        }
        assertEquals(1, edited);
        java.nio.file.Files.write(csv, lines);
        PriceBook shipped = PriceBook.load(dev.perimeter.util.DataFiles.bundled());
        PriceBook custom = PriceBook.load(dev.perimeter.util.DataFiles.folder(data));
        Token h = new Token("ethereum", usdcEth, "USDC", "USDC", 6, "plain", null, null, null, null, null, null, true);
        assertEquals(PriceBook.DEFAULT_HEARTBEAT_SECONDS, shipped.route(h, registry, "ETH").orElseThrow().feed().heartbeatSeconds());
        assertEquals(90_000, PriceBook.DEFAULT_HEARTBEAT_SECONDS, "25 h");
        assertEquals(3_600, custom.route(h, registry, "ETH").orElseThrow().feed().heartbeatSeconds());

        lines.set(1, lines.get(1).replaceAll(",[0-9]*$", ",soon"));
        java.nio.file.Files.write(csv, lines);
        dev.perimeter.util.Csv.CsvException e = assertThrows(dev.perimeter.util.Csv.CsvException.class,
                () -> PriceBook.load(dev.perimeter.util.DataFiles.folder(data)));
        assertTrue(e.getMessage().contains("heartbeat_seconds"), e.getMessage());
    }
}
