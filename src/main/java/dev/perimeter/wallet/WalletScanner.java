package dev.perimeter.wallet;

import dev.perimeter.chain.ControlLookup;
import dev.perimeter.chain.ChainData;
import dev.perimeter.chain.Deadline;
import dev.perimeter.chain.EvmChainReader;
import dev.perimeter.chain.RpcException;
import dev.perimeter.chain.ScanPlan;
import dev.perimeter.position.PositionContracts;
import dev.perimeter.token.PriceBook;
import dev.perimeter.token.TokenRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

/**
 * Scans wallets on several chains concurrently: one task per (wallet, chain) in the scan pool, each within its own time
 * budget counted from when it starts, a chain that times out, fails or never starts reported alone. What a chain is asked
 * and what its answer means as holdings is {@link HoldingsMapper}'s.
 */
public final class WalletScanner {
    private static final Logger log = LoggerFactory.getLogger(WalletScanner.class);

    /** How many chain budgets a task may wait in the pool's queue before the scan gives up on it. */
    private static final int QUEUE_BUDGETS = 3;
    /** How long past a chain's budget the scan still waits for its answer. */
    private static final Duration GRACE = Duration.ofMillis(250);
    /** How often a scan looks whether a queued task has started. */
    private static final Duration QUEUE_POLL = Duration.ofMillis(100);

    private final Map<String, EvmChainReader> readers;
    /** What to read on a chain, and what its answer means as holdings and approvals. */
    private final HoldingsMapper mapper;
    /** The token registry (the Solana scan maps mints with it). */
    private final TokenRegistry registry;
    private final Duration chainTimeout;
    private final ExecutorService pool;
    /** Dates scans (scannedAt). Time budgets and deadlines measure real elapsed time ({@link Deadline}), as the RPC client does. */
    private final Clock clock;
    /** Reads the Solana chain (a second chain family beside the EVM readers); null when solana is not scanned. */
    private final dev.perimeter.solana.SolanaRpcReader solana;
    /** Control readings kept per (chain, contract): a scan reads control for the others and keeps them; null: no control reads. */
    private final ControlLookup control;

    /** A wallet to scan: lowercase address and the ENS name it came from (or null). */
    public record Target(String address, String ens) {}

    /**
     * @param pool runs one task per (wallet, chain); size it for the scans allowed at once × chains, so a chain's work
     *             starts when it is submitted
     */
    public WalletScanner(Map<String, EvmChainReader> readers, TokenRegistry registry, PriceBook prices,
                         Duration chainTimeout, ExecutorService pool, Clock clock) {
        this(readers, registry, prices, PositionContracts.empty(), true, chainTimeout, pool, clock);
    }

    /**
     * @param positions     the contracts behind positions that are not tokens (data/positions/contracts.csv)
     * @param readPositions read them in each scan (off: the scan reads tokens only, as the benchmark compares)
     */
    public WalletScanner(Map<String, EvmChainReader> readers, TokenRegistry registry, PriceBook prices,
                         PositionContracts positions, boolean readPositions, Duration chainTimeout, ExecutorService pool, Clock clock) {
        this.readers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(readers)); // keeps the configured chain order
        this.mapper = new HoldingsMapper(registry, prices, positions, readPositions);
        this.registry = registry;
        this.chainTimeout = chainTimeout;
        this.pool = pool;
        this.clock = clock;
        this.solana = null;
        this.control = null;
    }

    private WalletScanner(WalletScanner w, dev.perimeter.solana.SolanaRpcReader solana, ControlLookup control) {
        this.readers = w.readers;
        this.mapper = w.mapper;
        this.registry = w.registry;
        this.chainTimeout = w.chainTimeout;
        this.pool = w.pool;
        this.clock = w.clock;
        this.solana = solana;
        this.control = control;
    }

    /** The same scanner, also scanning Solana wallets with this reader (null: none). */
    /** The EVM reader of a chain (benchmarks read its market-cache figures). */
    public java.util.Optional<EvmChainReader> reader(String chain) {
        return java.util.Optional.ofNullable(readers.get(chain));
    }

    public WalletScanner withSolana(dev.perimeter.solana.SolanaRpcReader reader) {
        return new WalletScanner(this, reader, control);
    }

    /**
     * The same scanner, reading who controls every held token, position contract and approved spender on EVM chains,
     * reusing and filling this cache (null: no control reads).
     */
    public WalletScanner withControl(ControlLookup cache) {
        return new WalletScanner(this, solana, cache);
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
                    if (!dev.perimeter.util.SolanaAddress.isValid(target.address())) continue;
                    Task t = new Task(target, chain);
                    t.future = pool.submit(() -> {
                        Deadline budget = Deadline.in(chainTimeout);
                        t.budget.set(budget);
                        return t.settle(SolanaChainScan.scan(solana, registry, target.address(), budget), progress);
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

    /** The contracts of one chain as the chain reader takes them. */
    public static ScanPlan.Positions plan(PositionContracts.OnChain on) {
        return PositionHoldings.plan(on);
    }

    /** One (wallet, chain) task's work: the chain read within its budget, then mapped; a chain that cannot be read fails alone. */
    private ChainScan scanChain(EvmChainReader reader, String address, boolean approvals, List<String> exploited, Deadline budget) {
        String chain = reader.chain();
        ChainData d;
        try {
            ScanPlan plan = mapper.plan(chain, address, approvals, exploited);
            d = reader.scan(control == null ? plan : plan.withControl(control), budget);
        } catch (RpcException e) {
            // Provider messages may echo request parameters (the wallet): only the kind above debug level.
            log.info("chain {} could not be read: {}", chain, e.kind());
            log.debug("chain {} could not be read: {} ({})", chain, e.getMessage(), e.providerText());
            return failed(chain, e.publicMessage(), budget); // Perimeter's sentence for the kind: never the provider's text
        }
        if (control != null) d.controls().values().forEach(control::put); // "not read" is never kept
        return mapper.map(chain, d, budget);
    }
}
