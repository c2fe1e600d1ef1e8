package dev.perimeter.wallet;

import dev.perimeter.chain.ChainData;
import dev.perimeter.chain.EvmChainReader;
import dev.perimeter.chain.RpcException;
import dev.perimeter.chain.ScanPlan;
import dev.perimeter.position.Approval;
import dev.perimeter.position.Holding;
import dev.perimeter.position.Token;
import dev.perimeter.position.TokenRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/** Scans a wallet on several chains concurrently, each within its own time budget, and maps what the chains said to holdings. */
public final class WalletScanner {
    private static final Logger log = LoggerFactory.getLogger(WalletScanner.class);

    private final Map<String, EvmChainReader> readers;
    private final TokenRegistry registry;
    private final dev.perimeter.position.PriceBook prices;
    private final Function<String, List<String>> exploitedContracts;
    private final Duration chainTimeout;
    private final ExecutorService pool;
    private final Clock clock;

    public WalletScanner(Map<String, EvmChainReader> readers, TokenRegistry registry, Function<String, List<String>> exploitedContracts,
                         Duration chainTimeout, ExecutorService pool, Clock clock) {
        this(readers, registry, dev.perimeter.position.PriceBook.empty(), exploitedContracts, chainTimeout, pool, clock);
    }

    public WalletScanner(Map<String, EvmChainReader> readers, TokenRegistry registry, dev.perimeter.position.PriceBook prices,
                         Function<String, List<String>> exploitedContracts, Duration chainTimeout, ExecutorService pool, Clock clock) {
        this.readers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(readers)); // keeps the configured chain order
        this.registry = registry;
        this.prices = prices;
        this.exploitedContracts = exploitedContracts;
        this.chainTimeout = chainTimeout;
        this.pool = pool;
        this.clock = clock;
    }

    public List<String> chains() {
        return List.copyOf(readers.keySet());
    }

    public boolean supports(String chain) {
        return readers.containsKey(chain);
    }

    /** Resolves a .eth name on ethereum; empty when the name has no address. */
    public Optional<String> resolveEns(String name) {
        EvmChainReader eth = readers.get("ethereum");
        if (eth == null) throw new IllegalStateException("ENS names need the ethereum chain, which this instance does not scan");
        return eth.resolveEns(name, Instant.now(clock).plus(chainTimeout));
    }

    public WalletScan scan(String address, String ens, List<String> chains, boolean approvals) {
        return scan(address, ens, chains, approvals, null);
    }

    /** @param progress called (from scan threads) as each chain completes; may be null */
    public WalletScan scan(String address, String ens, List<String> chains, boolean approvals, java.util.function.Consumer<ChainScan> progress) {
        Instant started = Instant.now(clock);
        Map<String, Future<ChainScan>> futures = new LinkedHashMap<>();
        for (String chain : chains) {
            EvmChainReader reader = readers.get(chain);
            if (reader == null) continue;
            futures.put(chain, pool.submit(() -> {
                ChainScan r = scanChain(reader, address, approvals);
                if (progress != null) progress.accept(r);
                return r;
            }));
        }
        List<ChainScan> out = new ArrayList<>();
        for (Map.Entry<String, Future<ChainScan>> e : futures.entrySet()) {
            long left = Duration.between(Instant.now(clock), started.plus(chainTimeout).plusMillis(250)).toMillis();
            try {
                out.add(e.getValue().get(Math.max(1, left), TimeUnit.MILLISECONDS));
            } catch (TimeoutException te) {
                e.getValue().cancel(true);
                ChainScan f = failed(e.getKey(), "timed out after " + chainTimeout.toMillis() + " ms", started);
                if (progress != null) progress.accept(f);
                out.add(f);
            } catch (ExecutionException ee) {
                log.warn("scan of chain {} failed unexpectedly: {}", e.getKey(), ee.getCause().getClass().getName());
                log.debug("scan of chain {} failed unexpectedly", e.getKey(), ee.getCause());
                out.add(failed(e.getKey(), "internal error while reading this chain", started));
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                out.add(failed(e.getKey(), "interrupted", started));
            }
        }
        return new WalletScan(address, ens, started, List.copyOf(out));
    }

    private ChainScan failed(String chain, String reason, Instant started) {
        long id = dev.perimeter.util.Chains.bySlug(chain).map(dev.perimeter.util.Chains.Chain::chainId).orElse(0L);
        return new ChainScan(chain, id, ChainScan.FAILED, reason, null, List.of(), List.of(), 0, 0, 0,
                Duration.between(started, Instant.now(clock)).toMillis(), false);
    }

    private ChainScan scanChain(EvmChainReader reader, String address, boolean approvals) {
        Instant t0 = Instant.now(clock);
        String chain = reader.chain();
        List<String> tokens = registry.addresses(chain);
        ChainData d;
        try {
            d = reader.scan(new ScanPlan(address, tokens, exploitedContracts.apply(chain), approvals, approvals, prices.feeds(chain)),
                    t0.plus(chainTimeout));
        } catch (RpcException e) {
            // Provider messages may echo request parameters (the wallet): only the kind above debug level.
            log.info("chain {} could not be read: {}", chain, e.kind());
            log.debug("chain {} could not be read: {}", chain, e.getMessage());
            return failed(chain, e.getMessage(), t0);
        }
        List<Holding> holdings = new ArrayList<>();
        if (d.nativeBalance() != null && d.nativeBalance().signum() > 0) {
            String sym = dev.perimeter.util.Chains.bySlug(chain).map(dev.perimeter.util.Chains.Chain::nativeSymbol).orElse("native");
            holdings.add(new Holding(chain, Holding.NATIVE, sym, sym, 18, d.nativeBalance(), "native", null, null, null, null, null, true, null, null));
        }
        d.balances().forEach((t, v) -> {
            if (v.signum() <= 0) return;
            Token tok = registry.find(chain, t).orElseThrow();
            holdings.add(new Holding(chain, t, tok.symbol(), tok.name(), tok.decimals(), v, tok.kind(), tok.protocol(), tok.bridge(),
                    tok.originChain(), tok.originAddress(), tok.underlying(), true, null, null));
        });
        for (ChainData.RawToken u : d.unlisted()) {
            holdings.add(new Holding(chain, u.address(), u.symbol(), u.name(), u.decimals() == null ? -1 : u.decimals(), u.balance(),
                    "unlisted", null, null, null, null, null, false, null, null));
        }
        String nativeSymbol = dev.perimeter.util.Chains.bySlug(chain).map(dev.perimeter.util.Chains.Chain::nativeSymbol).orElse("");
        for (int i = 0; i < holdings.size(); i++) {
            Holding h = holdings.get(i);
            var route = prices.route(h, registry, nativeSymbol);
            if (route.isEmpty()) continue;
            java.math.BigInteger answer = d.feedAnswers().get(route.get().feed().feed());
            java.math.BigDecimal usd = dev.perimeter.position.PriceBook.usd(h.balanceRaw(), h.decimals(), answer, route.get().feed().decimals());
            if (usd != null) {
                holdings.set(i, h.priced(usd, route.get().why() + " (" + route.get().feed().feed() + ", latestAnswer at block " + d.block() + ")"));
            }
        }
        holdings.sort(Comparator.comparing((Holding h) -> !h.isNative()).thenComparing(h -> !h.listed())
                .thenComparing(h -> h.symbol() == null ? "~" : h.symbol().toLowerCase(java.util.Locale.ROOT)));
        List<Approval> approvalsOut = new ArrayList<>();
        for (ChainData.RawApproval a : d.approvals()) {
            String sym = registry.find(chain, a.token()).map(Token::display)
                    .orElseGet(() -> d.unlisted().stream().filter(u -> u.address().equals(a.token())).map(ChainData.RawToken::symbol)
                            .filter(java.util.Objects::nonNull).findFirst().orElse(null));
            approvalsOut.add(new Approval(chain, a.token(), sym, a.spender(), a.allowance(), Approval.isUnlimited(a.allowance()), a.foundBy()));
        }
        String status = d.problems().isEmpty() ? ChainScan.OK : ChainScan.PARTIAL;
        String error = d.problems().isEmpty() ? null : String.join("; ", d.problems());
        return new ChainScan(chain, d.chainId(), status, error, d.block(), List.copyOf(holdings), List.copyOf(approvalsOut),
                tokens.size(), d.httpRequests(), d.rpcCalls(), Duration.between(t0, Instant.now(clock)).toMillis(), d.logsComplete());
    }
}
