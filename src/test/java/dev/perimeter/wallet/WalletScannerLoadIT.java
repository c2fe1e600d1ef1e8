package dev.perimeter.wallet;

import dev.perimeter.chain.EvmChainReader;
import dev.perimeter.token.PriceBook;
import dev.perimeter.token.TokenRegistry;
import dev.perimeter.testchain.Anvil;
import dev.perimeter.testchain.FaultProxy;
import dev.perimeter.util.Chains;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Scans under load: 12 wallets scanned at once on all 7 chains (7 anvils, each with its own chain id), every HTTP request
 * answered after 1.5 s by a delaying proxy. Each chain needs 2 requests (chain id, block, balances + logs; allowances),
 * 3 s of waiting, within a 10 s budget that starts when the chain's work starts.
 */
class WalletScannerLoadIT {
    /** The EVM chains: each gets its own anvil (Solana is another family, read by dev.perimeter.solana). */
    static final java.util.List<Chains.Chain> EVM = Chains.ALL.stream().filter(c -> Chains.isEvm(c.slug())).toList();

    static final int WALLETS = 12;
    static final long DELAY_MS = 1_500;
    static final String EXPLOITED = "0x2222222222222222222222222222222222222222";
    static final List<Anvil> anvils = new ArrayList<>();
    static final List<FaultProxy> proxies = new ArrayList<>();
    static final Map<String, FaultProxy> proxyOf = new LinkedHashMap<>();
    static final Map<String, String> tokenOf = new LinkedHashMap<>();
    static TokenRegistry registry;

    static String wallet(int i) {
        return String.format("0x%040x", 0x10ad00 + i);
    }

    static BigInteger amount(int chainIndex, int wallet) {
        return BigInteger.valueOf(1_000L * (chainIndex + 1) + wallet);
    }

    @BeforeAll
    static void chains() {
        registry = TokenRegistry.load(DataFiles.bundled());
        int c = 0;
        for (Chains.Chain chain : EVM) {
            Anvil a = new Anvil(chain.chainId());
            anvils.add(a);
            a.placeMulticall();
            String token = registry.addresses(chain.slug()).get(0);
            tokenOf.put(chain.slug(), token);
            a.placeToken(token, "Test", "TST", 18);
            for (int w = 0; w < WALLETS; w++) a.mint(token, wallet(w), amount(c, w));
            FaultProxy p = new FaultProxy(a.url(), 2 * WALLETS);
            p.reset(FaultProxy.Mode.DELAY);
            p.delayMillis = DELAY_MS;
            proxies.add(p);
            proxyOf.put(chain.slug(), p);
            c++;
        }
        assertEquals(7, anvils.size());
    }

    @AfterAll
    static void stop() {
        proxies.forEach(FaultProxy::close);
        anvils.forEach(Anvil::close);
    }

    @Test
    void twelveWalletsOnSevenSlowChainsAllFinishWithinTheirBudgets() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Map<String, EvmChainReader> readers = new LinkedHashMap<>();
        for (Chains.Chain chain : EVM) {
            readers.put(chain.slug(), new EvmChainReader(chain.slug(), chain.chainId(), URI.create(proxyOf.get(chain.slug()).url()), http,
                    WebApp.objectMapper(), EvmChainReader.Limits.defaults()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(WALLETS * EVM.size());
        ExecutorService callers = Executors.newFixedThreadPool(WALLETS);
        try {
            WalletScanner scanner = new WalletScanner(readers, registry, PriceBook.empty(), Duration.ofSeconds(10), pool, Clock.systemUTC());
            List<Future<WalletScan>> scans = new ArrayList<>();
            for (int w = 0; w < WALLETS; w++) {
                String address = wallet(w);
                scans.add(callers.submit(() -> scanner.scan(address, null, List.copyOf(readers.keySet()), true, chain -> List.of(EXPLOITED))));
            }
            int ok = 0;
            for (int w = 0; w < WALLETS; w++) {
                WalletScan s = scans.get(w).get();
                assertEquals(EVM.size(), s.chains().size());
                for (int c = 0; c < EVM.size(); c++) {
                    ChainScan cs = s.chains().get(c);
                    String where = "wallet " + w + " on " + cs.chain();
                    assertEquals(EVM.get(c).slug(), cs.chain());
                    assertEquals(ChainStatus.OK, cs.status(), where + ": " + cs.error());
                    assertEquals(2, cs.httpRequests(), where + ": chain id, block, balances + logs; then allowances");
                    assertTrue(cs.millis() >= 2 * DELAY_MS, where + ": every request was delayed, took " + cs.millis() + " ms");
                    assertEquals(1, cs.holdings().size(), where);
                    assertEquals(tokenOf.get(cs.chain()), cs.holdings().get(0).token(), where);
                    assertEquals(amount(c, w), cs.holdings().get(0).balanceRaw(), where);
                    ok++;
                }
            }
            assertEquals(WALLETS * EVM.size(), ok);
            for (FaultProxy p : proxies) assertEquals(2 * WALLETS, p.requests.get(), "2 requests per wallet on each chain");
        } finally {
            callers.shutdownNow();
            pool.shutdownNow();
        }
    }
}
