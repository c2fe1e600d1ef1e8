package dev.perimeter.wallet;

import dev.perimeter.chain.EvmChainReader;
import dev.perimeter.position.Token;
import dev.perimeter.position.TokenRegistry;
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
        usdcEth = registry.all().stream().filter(t -> t.chain().equals("ethereum") && t.symbol().equals("USDC") && t.kind().equals("plain"))
                .map(Token::address).sorted().findFirst().orElseThrow();
        Token arb = registry.all().stream().filter(t -> t.chain().equals("arbitrum") && "bridged".equals(t.kind()))
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
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Map<String, EvmChainReader> readers = new LinkedHashMap<>();
        Map<String, Long> ids = Map.of("ethereum", 1L, "arbitrum", 42161L, "base", 8453L, "optimism", 10L);
        urls.forEach((chain, url) -> readers.put(chain, new EvmChainReader(chain, ids.get(chain), URI.create(url), http,
                WebApp.objectMapper(), EvmChainReader.Limits.defaults())));
        return new WalletScanner(readers, registry, dev.perimeter.position.PriceBook.empty(), timeout, pool, Clock.systemUTC());
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
}
