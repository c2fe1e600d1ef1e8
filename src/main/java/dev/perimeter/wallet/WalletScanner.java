package dev.perimeter.wallet;

import dev.perimeter.chain.ChainData;
import dev.perimeter.chain.Deadline;
import dev.perimeter.chain.EvmChainReader;
import dev.perimeter.chain.RpcException;
import dev.perimeter.chain.ScanPlan;
import dev.perimeter.position.Approval;
import dev.perimeter.position.Edge;
import dev.perimeter.position.Holding;
import dev.perimeter.position.Position;
import dev.perimeter.position.PositionContracts;
import dev.perimeter.position.PriceBook;
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

    /** How many chain budgets a task may wait in the pool's queue before the scan gives up on it. */
    private static final int QUEUE_BUDGETS = 3;
    /** How long past a chain's budget the scan still waits for its answer. */
    private static final Duration GRACE = Duration.ofMillis(250);
    /** How often a scan looks whether a queued task has started. */
    private static final Duration QUEUE_POLL = Duration.ofMillis(100);

    private final Map<String, EvmChainReader> readers;
    private final TokenRegistry registry;
    private final dev.perimeter.position.PriceBook prices;
    private final PositionContracts positions;
    private final boolean readPositions;
    private final Duration chainTimeout;
    private final ExecutorService pool;
    /** Dates scans (scannedAt). Time budgets and deadlines measure real elapsed time ({@link Deadline}), as the RPC client does. */
    private final Clock clock;
    /** Reads the Solana chain (a second chain family beside the EVM readers); null when solana is not scanned. */
    private final dev.perimeter.solana.SolanaRpcReader solana;

    /** A wallet to scan: lowercase address and the ENS name it came from (or null). */
    public record Target(String address, String ens) {}

    /**
     * @param pool runs one task per (wallet, chain); size it for the scans allowed at once × chains, so a chain's work
     *             starts when it is submitted
     */
    public WalletScanner(Map<String, EvmChainReader> readers, TokenRegistry registry, dev.perimeter.position.PriceBook prices,
                         Duration chainTimeout, ExecutorService pool, Clock clock) {
        this(readers, registry, prices, PositionContracts.empty(), true, chainTimeout, pool, clock);
    }

    /**
     * @param positions     the contracts behind positions that are not tokens (data/positions/contracts.csv)
     * @param readPositions read them in each scan (off: the scan reads tokens only, as the benchmark compares)
     */
    public WalletScanner(Map<String, EvmChainReader> readers, TokenRegistry registry, dev.perimeter.position.PriceBook prices,
                         PositionContracts positions, boolean readPositions, Duration chainTimeout, ExecutorService pool, Clock clock) {
        this.positions = positions;
        this.readPositions = readPositions;
        this.readers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(readers)); // keeps the configured chain order
        this.registry = registry;
        this.prices = prices;
        this.chainTimeout = chainTimeout;
        this.pool = pool;
        this.clock = clock;
        this.solana = null;
    }

    private WalletScanner(WalletScanner w, dev.perimeter.solana.SolanaRpcReader solana) {
        this.positions = w.positions;
        this.readPositions = w.readPositions;
        this.readers = w.readers;
        this.registry = w.registry;
        this.prices = w.prices;
        this.chainTimeout = w.chainTimeout;
        this.pool = w.pool;
        this.clock = w.clock;
        this.solana = solana;
    }

    /** The same scanner, also scanning Solana wallets with this reader (null: none). */
    public WalletScanner withSolana(dev.perimeter.solana.SolanaRpcReader reader) {
        return new WalletScanner(this, reader);
    }

    /** The chains scanned, EVM ones in their configured order, then solana. */
    public List<String> chains() {
        List<String> out = new ArrayList<>(readers.keySet());
        if (solana != null) out.add(dev.perimeter.util.Chains.SOLANA);
        return List.copyOf(out);
    }

    public boolean supports(String chain) {
        return readers.containsKey(chain) || (solana != null && dev.perimeter.util.Chains.SOLANA.equals(chain));
    }

    /** Resolves a .eth name on ethereum; empty when the name has no address. */
    public Optional<String> resolveEns(String name) {
        EvmChainReader eth = readers.get("ethereum");
        if (eth == null) throw new IllegalStateException("ENS names need the ethereum chain, which this instance does not scan");
        return eth.resolveEns(name, Deadline.in(chainTimeout));
    }

    /** One wallet; see {@link #scanAll}. */
    public WalletScan scan(String address, String ens, List<String> chains, boolean approvals, Function<String, List<String>> exploited) {
        return scanAll(List.of(new Target(address, ens)), chains, approvals, exploited, null).get(0);
    }

    /**
     * A (wallet, chain) task, its budget (set when its work starts; null while it waits in the pool's queue) and its outcome: whichever
     * side settles it first — the task with its scan, or the waiting side with a failure (timed out, not started) — is
     * the chain's one result and its one progress event; the other side's result is dropped.
     */
    private static final class Task {
        final Target target;
        final String chain;
        final java.util.concurrent.atomic.AtomicReference<Deadline> budget = new java.util.concurrent.atomic.AtomicReference<>();
        final java.util.concurrent.atomic.AtomicReference<ChainScan> outcome = new java.util.concurrent.atomic.AtomicReference<>();
        Future<ChainScan> future;

        Task(Target target, String chain) {
            this.target = target;
            this.chain = chain;
        }

        /** Settles the task with r unless it is already settled; reports it when it is. Returns the task's one outcome. */
        ChainScan settle(ChainScan r, java.util.function.Consumer<ChainScan> progress) {
            if (outcome.compareAndSet(null, r)) {
                if (progress != null) progress.accept(r);
                return r;
            }
            return outcome.get();
        }
    }

    /**
     * Scans wallets on chains, every (wallet, chain) pair as its own task in the scan pool, all submitted at once. Each
     * chain's time budget starts when its task starts, not when it was queued.
     * @param exploited chain → contracts whose allowances are checked for every held or approved token (from the data snapshot)
     * @param progress  called exactly once per (wallet, chain), with the same result the scan returns for it: from a scan
     *                  thread as the chain completes, or from the caller's thread when the chain timed out, did not start
     *                  in time or failed unexpectedly (a late answer after that is dropped); may be null
     */
    public List<WalletScan> scanAll(List<Target> targets, List<String> chains, boolean approvals, Function<String, List<String>> exploited,
                                    java.util.function.Consumer<ChainScan> progress) {
        Instant started = Instant.now(clock); // when the scan was made, as the report dates it
        List<Task> tasks = new ArrayList<>();
        for (Target target : targets) {
            for (String chain : chains) {
                if (solana != null && dev.perimeter.util.Chains.SOLANA.equals(chain)) {
                    // A chain of the other family: read by dev.perimeter.solana with the same budget and settling rules.
                    if (!dev.perimeter.solana.SolanaAddress.isValid(target.address())) continue;
                    Task t = new Task(target, chain);
                    t.future = pool.submit(() -> {
                        Deadline budget = Deadline.in(chainTimeout);
                        t.budget.set(budget);
                        return t.settle(dev.perimeter.solana.SolanaChainScan.scan(solana, registry, target.address(), budget), progress);
                    });
                    tasks.add(t);
                    continue;
                }
                EvmChainReader reader = readers.get(chain);
                if (reader == null || !dev.perimeter.util.Addresses.isHex40(target.address())) continue;
                Task t = new Task(target, chain);
                t.future = pool.submit(() -> {
                    Deadline budget = Deadline.in(chainTimeout);
                    t.budget.set(budget);
                    return t.settle(scanChain(reader, target.address(), approvals, exploited.apply(chain), budget), progress);
                });
                tasks.add(t);
            }
        }
        Map<Target, List<ChainScan>> byTarget = new LinkedHashMap<>();
        for (Target target : targets) byTarget.put(target, new ArrayList<>());
        for (Task t : tasks) byTarget.get(t.target).add(await(t, progress));
        List<WalletScan> out = new ArrayList<>();
        byTarget.forEach((target, scans) -> out.add(new WalletScan(target.address(), target.ens(), started, List.copyOf(scans))));
        return out;
    }

    /**
     * Waits for a task: its budget (plus a short grace) counts from when it started. A task still queued behind other
     * scans is polled until it starts, for at most a few budgets (then the instance is overloaded: it fails).
     */
    private ChainScan await(Task t, java.util.function.Consumer<ChainScan> progress) {
        Deadline queued = Deadline.in(chainTimeout.multipliedBy(QUEUE_BUDGETS));
        while (true) {
            Deadline budget = t.budget.get();
            String failure = null;
            if (budget == null && queued.passed()) failure = "not started in time: the instance is busy";
            Duration wait = budget == null ? QUEUE_POLL : budget.plus(GRACE).remaining();
            if (failure == null && wait.compareTo(Duration.ZERO) <= 0) failure = "timed out after " + chainTimeout.toMillis() + " ms";
            if (failure != null) {
                // The task may have finished meanwhile: then its own result stands (settle returns it), else the failure.
                ChainScan f = t.settle(failed(t.chain, failure, budget != null ? budget : queued), progress);
                t.future.cancel(true);
                return f;
            }
            try {
                return t.future.get(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
            } catch (TimeoutException te) {
                // loop: either the task has started meanwhile (its own budget applies) or its budget is spent
            } catch (ExecutionException ee) {
                log.warn("scan of chain {} failed unexpectedly: {}", t.chain, ee.getCause().getClass().getName());
                log.debug("scan of chain {} failed unexpectedly", t.chain, ee.getCause());
                return t.settle(failed(t.chain, "internal error while reading this chain", queued), progress);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                ChainScan f = t.settle(failed(t.chain, "interrupted", queued), progress);
                t.future.cancel(true);
                return f;
            } catch (java.util.concurrent.CancellationException ce) {
                return t.settle(failed(t.chain, "cancelled", queued), progress);
            }
        }
    }

    /** A failed chain; its time counts from when since began. */
    private ChainScan failed(String chain, String reason, Deadline since) {
        long id = dev.perimeter.util.Chains.bySlug(chain).map(dev.perimeter.util.Chains.Chain::chainId).orElse(0L);
        return new ChainScan(chain, id, ChainStatus.FAILED, reason, null, List.of(), List.of(), 0, 0, 0,
                since.elapsed().toMillis(), false);
    }

    /**
     * Edges read on-chain, by held token, each saying what was read at which block. A vault passes a loss through whole;
     * a pool's coin shares it with the pool's other coins.
     */
    static Map<String, List<Edge>> edges(String chain, List<ChainData.ReadEdge> read) {
        Map<String, List<Edge>> out = new LinkedHashMap<>();
        for (ChainData.ReadEdge r : read) {
            String relation = switch (r.kind()) {
                case ChainData.ReadEdge.VAULT -> "vault asset (ERC-4626)";
                case ChainData.ReadEdge.PAIR -> "pool coin (Uniswap V2-style pair)";
                default -> "pool coin (Curve-style pool)";
            };
            Edge.Layer layer = ChainData.ReadEdge.VAULT.equals(r.kind()) ? Edge.Layer.WHOLE : Edge.Layer.SHARED;
            out.computeIfAbsent(r.token(), k -> new ArrayList<>())
                    .add(new Edge(chain, r.token(), chain, r.to(), relation, "on-chain: " + r.call() + " at block " + r.block(), layer));
        }
        return out;
    }

    /** The contracts of one chain as the chain reader takes them. */
    public static ScanPlan.Positions plan(PositionContracts.OnChain on) {
        if (on.isEmpty()) return ScanPlan.Positions.NONE;
        return new ScanPlan.Positions(on.uniswapV3Manager() == null ? null : on.uniswapV3Manager().address(),
                on.morpho() == null ? null : on.morpho().address(), on.morpho() == null || on.morpho().fromBlock() == null ? 0 : on.morpho().fromBlock(),
                on.strategyManager() == null ? null : on.strategyManager().address(),
                on.eigenPodManager() == null ? null : on.eigenPodManager().address(), on.strategies());
    }

    /** How each role of an underlying relates the position to it, and whether a loss there reaches the holder whole. */
    private static final Map<String, String> RELATIONS = Map.of(
            ChainData.RawUnderlying.TOKEN0, "pool coin (Uniswap V3 position, token0)",
            ChainData.RawUnderlying.TOKEN1, "pool coin (Uniswap V3 position, token1)",
            ChainData.RawUnderlying.COLLATERAL, "collateral deposited (Morpho Blue market)",
            ChainData.RawUnderlying.SUPPLIED, "supplied (Morpho Blue market)",
            ChainData.RawUnderlying.BORROWED, "borrowed (Morpho Blue market)",
            ChainData.RawUnderlying.LENT_AGAINST, "collateral backing the loans supplied (Morpho Blue market)",
            ChainData.RawUnderlying.RESTAKED, "restaked (EigenLayer)");

    /**
     * A pool's coin shares a loss with the pool's other coins, and a lender is reached by a loss of the market's collateral
     * only through bad debt beyond the liquidation buffer: both rated one level lower ({@link Edge.Layer#SHARED}). Collateral,
     * supplied and borrowed assets and restaked tokens are the position's own: a loss passes through whole.
     */
    static Edge.Layer layer(String role) {
        return switch (role) {
            case ChainData.RawUnderlying.TOKEN0, ChainData.RawUnderlying.TOKEN1, ChainData.RawUnderlying.LENT_AGAINST -> Edge.Layer.SHARED;
            default -> Edge.Layer.WHOLE;
        };
    }

    /** A position read on-chain as a holding of kind position, with an edge to each underlying (source: what was read, at which block). */
    Holding position(String chain, ChainData.RawPosition p) {
        PositionContracts.OnChain on = positions.on(chain);
        PositionContracts.Row row = switch (p.protocol()) {
            case ChainData.RawPosition.UNISWAP_V3 -> on.uniswapV3Manager();
            case ChainData.RawPosition.MORPHO_BLUE -> on.morpho();
            default -> on.strategyManager() != null ? on.strategyManager() : on.eigenPodManager();
        };
        String protocol = row != null ? row.protocol() : null;
        String nativeSymbol = dev.perimeter.util.Chains.bySlug(chain).map(dev.perimeter.util.Chains.Chain::nativeSymbol).orElse("native");
        List<Position.Underlying> under = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        for (ChainData.RawUnderlying u : p.underlyings()) {
            boolean nativeCoin = Holding.NATIVE.equals(u.token());
            Optional<Token> t = nativeCoin ? Optional.empty() : registry.find(chain, u.token());
            String symbol = nativeCoin ? nativeSymbol : t.map(Token::symbol).orElse(null);
            Integer decimals = nativeCoin ? Integer.valueOf(18) : t.map(Token::decimals).orElse(null);
            String relation = RELATIONS.getOrDefault(u.role(), u.role());
            if (nativeCoin) relation = "natively restaked " + nativeSymbol + " (EigenPod)";
            under.add(new Position.Underlying(u.token(), symbol, u.role(), relation, u.amount(), decimals));
            String source = u.source().startsWith("data/") ? u.source() + " (" + strategySource(chain, p) + ")"
                    : "on-chain: " + u.source() + " at block " + p.block() + " (" + p.contract() + ")";
            edges.add(new Edge(chain, p.id(), chain, u.token(), relation, source, layer(u.role())));
        }
        Position pos = new Position(p.protocol(), p.id(), p.contract(), p.amounts(), under, "on-chain: " + p.call() + " at block " + p.block());
        return Holding.of(chain, protocol, positionSymbol(p, under), positionName(p, under), pos, edges);
    }

    private String strategySource(String chain, ChainData.RawPosition p) {
        String strategy = p.id().substring(p.id().indexOf('#') + 1);
        return positions.rows().stream().filter(r -> r.chain().equals(chain) && r.address().equals(strategy)).map(PositionContracts.Row::source)
                .findFirst().orElse("no source");
    }

    private static String sym(Position.Underlying u) {
        return u.symbol() != null ? u.symbol() : u.token().substring(0, Math.min(10, u.token().length())) + "…";
    }

    /** A short label: "UNI-V3 rsETH/WETH", "Morpho PAXG/USDC", "EigenLayer stETH". */
    static String positionSymbol(ChainData.RawPosition p, List<Position.Underlying> under) {
        return switch (p.protocol()) {
            case ChainData.RawPosition.UNISWAP_V3 -> "UNI-V3 " + (under.size() == 2 ? sym(under.get(0)) + "/" + sym(under.get(1)) : "?");
            case ChainData.RawPosition.MORPHO_BLUE -> "Morpho " + morphoPair(under);
            default -> "EigenLayer " + (under.isEmpty() ? "?" : sym(under.get(0)));
        };
    }

    private static String morphoPair(List<Position.Underlying> under) {
        String loan = null, collateral = null;
        for (Position.Underlying u : under) {
            if (u.role().equals(ChainData.RawUnderlying.SUPPLIED) || u.role().equals(ChainData.RawUnderlying.BORROWED)) loan = sym(u);
            else collateral = sym(u);
        }
        return (collateral != null ? collateral : "?") + "/" + (loan != null ? loan : "?");
    }

    /** What it is in words: "Uniswap V3 position #12345 (fee 0.05%)", "Morpho Blue market 0x8eaf…", "EigenLayer strategy 0x93c4…". */
    static String positionName(ChainData.RawPosition p, List<Position.Underlying> under) {
        String key = p.id().substring(p.id().indexOf('#') + 1);
        return switch (p.protocol()) {
            case ChainData.RawPosition.UNISWAP_V3 -> {
                java.math.BigInteger fee = p.amounts().get("fee");
                yield "Uniswap V3 position #" + key + (fee == null ? "" : " (fee " + new java.math.BigDecimal(fee, 4).stripTrailingZeros().toPlainString() + "%)");
            }
            case ChainData.RawPosition.MORPHO_BLUE -> "Morpho Blue market " + key;
            default -> key.equals("beacon-eth") ? "EigenLayer native restaking (EigenPod)" : "EigenLayer strategy " + key;
        };
    }

    private ChainScan scanChain(EvmChainReader reader, String address, boolean approvals, List<String> exploited, Deadline budget) {
        String chain = reader.chain();
        List<String> tokens = registry.addresses(chain);
        ChainData d;
        try {
            PositionContracts.OnChain on = positions.on(chain);
            d = reader.scan(new ScanPlan(address, tokens, exploited, approvals, approvals, prices.feeds(chain), true, registry.edgeless(chain))
                    .withPositions(readPositions && !on.isEmpty(), plan(on)), budget);
        } catch (RpcException e) {
            // Provider messages may echo request parameters (the wallet): only the kind above debug level.
            log.info("chain {} could not be read: {}", chain, e.kind());
            log.debug("chain {} could not be read: {} ({})", chain, e.getMessage(), e.providerText());
            return failed(chain, e.publicMessage(), budget); // Perimeter's sentence for the kind: never the provider's text
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
        for (ChainData.RawPosition p : d.positions()) holdings.add(position(chain, p));
        Map<String, List<Edge>> read = edges(chain, d.edges());
        for (int i = 0; i < holdings.size(); i++) {
            List<Edge> e = read.get(holdings.get(i).token());
            if (e != null) holdings.set(i, holdings.get(i).withEdges(e));
        }
        String nativeSymbol = dev.perimeter.util.Chains.bySlug(chain).map(dev.perimeter.util.Chains.Chain::nativeSymbol).orElse("");
        for (int i = 0; i < holdings.size(); i++) {
            Holding h = holdings.get(i);
            var route = prices.route(h, registry, nativeSymbol);
            if (route.isEmpty()) continue;
            ChainData.FeedRound round = d.feeds().get(route.get().feed().feed());
            holdings.set(i, PriceBook.value(h, route.get(), round == null ? null : round.answer(), round == null ? null : round.updatedAt(),
                    d.blockTimestamp(), d.block()).applyTo(h));
        }
        holdings.sort(Comparator.comparing((Holding h) -> !h.isNative()).thenComparing(h -> !h.listed()).thenComparing(Holding::isPosition)
                .thenComparing(h -> h.symbol() == null ? "~" : h.symbol().toLowerCase(java.util.Locale.ROOT)));
        List<Approval> approvalsOut = new ArrayList<>();
        for (ChainData.RawApproval a : d.approvals()) {
            String sym = registry.find(chain, a.token()).map(Token::display)
                    .orElseGet(() -> d.unlisted().stream().filter(u -> u.address().equals(a.token())).map(ChainData.RawToken::symbol)
                            .filter(java.util.Objects::nonNull).findFirst().orElse(null));
            Integer decimals = registry.find(chain, a.token()).map(Token::decimals).orElse(a.decimals());
            approvalsOut.add(new Approval(chain, a.token(), sym, a.spender(), a.allowance(), Approval.isUnlimited(a.allowance(), a.totalSupply()),
                    a.foundBy(), decimals, a.totalSupply()));
        }
        ChainStatus status = d.problems().isEmpty() ? ChainStatus.OK : ChainStatus.PARTIAL;
        String error = d.problems().isEmpty() ? null : String.join("; ", d.problems());
        return new ChainScan(chain, d.chainId(), status, error, d.block(), List.copyOf(holdings), List.copyOf(approvalsOut),
                tokens.size(), d.httpRequests(), d.rpcCalls(), budget.elapsed().toMillis(), d.logsComplete());
    }
}
