package dev.perimeter.chain;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads one EVM chain for one wallet in as few HTTP requests as possible, each request ({@link Round}) filled by the
 * scan's {@link ScanPhase}s:
 * <ol>
 * <li><b>one batch</b> of everything that needs no earlier answer: eth_chainId (a provider serving another chain is
 * rejected), eth_blockNumber, the balances ({@link BalancePhase}), the prices ({@link PricePhase}) and the wallet's
 * Approval and Transfer logs ({@link LogPhase}), at "latest", the aggregate3 calls stamped with the block they ran at:
 * that block is the scan's block (see {@link Round});</li>
 * <li><b>request 2</b>, pinned to the scan's block, only when there is something to read: the allowances and the
 * exploited-contract check ({@link AllowancePhase}), the unlisted tokens' reads ({@link UnlistedTokenPhase}), what held
 * tokens rest on ({@link EdgePhase}), the positions' details ({@link PositionPhase}) and, for contracts without a kept
 * reading, the first control reads ({@link ControlPhase}: proxy slots, owner());</li>
 * <li><b>request 3</b>, only when a held token is an older Curve LP token, the wallet holds more Uniswap V3 positions
 * than request 1 listed, or request 2 read control: the rest of the control reads in one eth_call ({@link ControlPaths}).</li>
 * </ol>
 * So a balance scan is one HTTP request, a full scan two, three when control is read (warm: two). Fallbacks keep the answer correct when a provider refuses
 * batches (smaller batches, then single calls), has no Multicall3 (direct calls pinned to eth_blockNumber's block), or
 * limits log ranges (ranges split in halves, within a request budget): {@link ChainSession}.
 * <p>
 * Problems are reported in Perimeter's own sentences; what a provider said goes to the debug log only.
 */
public final class EvmChainReader {
    private static final Logger log = LoggerFactory.getLogger(EvmChainReader.class);

    public static final String MULTICALL3 = "0xca11bde05977b3631167028862be2a173976ca11";
    public static final String ENS_REGISTRY = EnsResolver.REGISTRY;
    static final String FOUND_BY_LOG = "approval-log";
    static final String FOUND_BY_CHECK = "exploited-contract-check";

    /**
     * Tuning; the defaults stay under common provider gas and size limits.
     * <p>
     * multicallChunk: reads per aggregate3. Measured with ExposureApiBench on anvil (bench/README.md, "Multicall chunk
     * size"; one run, load average 4–6, the exposure API's p50 over the single-aggregate3 time):
     * <pre>
     *   reads per aggregate3   RPC calls/report   (b)/(a)   gas per balance chunk
     *   200                    29                 1.59      ~1.7M
     *   400 (default)          17                 1.51      ~3.2M
     *   1,000                  11                 1.46      ~8.2M
     *   2,000                   8                 1.52      ~15.5M (2 x 1,744; a full 2,000 is ~17M, over Osaka's 2^24 cap)
     *   all 3,487           4,582                 7.07      ~31M: over anvil's 30M call gas, every read falls back
     * </pre>
     * 200–2,000 are the same within the noise (the chunks of one batch run partly side by side on the node); 400 keeps
     * a 5× gas margin for tokens whose balanceOf costs more than the test token's ~8.9k gas (rebasing, receipt tokens).
     */
    public record Limits(int multicallChunk, int fallbackBatch, long maxResponseBytes, int maxRetries, int logRequestBudget) {
        public static Limits defaults() {
            return new Limits(400, 20, 16L * 1024 * 1024, 2, 48);
        }
    }

    /** An ERC-20 allowance to look at: token (lowercase) and spender (lowercase). */
    record TokenSpender(String token, String spender) {}

    private final String chain;
    private final long expectedChainId;
    private final URI url;
    private final HttpClient http;
    private final ObjectMapper json;
    private final Limits limits;
    private final ScanTimer timer;
    private final ScanTiming timing;
    private final Round.Sender sender;
    /** The exploited-contract check through eth_call's state override; remembers when this endpoint refuses it. */
    private final AllowanceSweep sweep;
    /** The control reads after the proxy slots in one eth_call with a state override; remembers when this endpoint refuses it. */
    private final ControlPaths controlPaths;
    private final EnsResolver ens;
    /** The position protocols each scan runs ({@link PositionProtocols#REGISTERED}, and a test's own). */
    private final List<PositionProtocol.Factory> protocols;
    /** Lending markets' configuration, kept per market and block window across this chain's scans. */
    private final MarketCache markets;

    public EvmChainReader(String chain, long expectedChainId, URI url, HttpClient http, ObjectMapper json, Limits limits) {
        this(chain, expectedChainId, url, http, json, limits, ScanTimer.NONE);
    }

    /** @param timer told where each scan's time goes (benchmarks, {@link ScanTiming}); {@link ScanTimer#NONE} otherwise */
    public EvmChainReader(String chain, long expectedChainId, URI url, HttpClient http, ObjectMapper json, Limits limits, ScanTimer timer) {
        this(chain, expectedChainId, url, http, json, limits, timer, PositionProtocols.REGISTERED, new MarketCache());
    }

    /** @param protocols the position protocols every scan runs (a test adds its own to {@link PositionProtocols#REGISTERED}) */
    EvmChainReader(String chain, long expectedChainId, URI url, HttpClient http, ObjectMapper json, Limits limits, ScanTimer timer,
                   List<PositionProtocol.Factory> protocols, MarketCache markets) {
        this.protocols = List.copyOf(protocols);
        this.markets = markets;
        this.chain = chain;
        this.expectedChainId = expectedChainId;
        this.url = url;
        this.http = http;
        this.json = json;
        this.limits = limits;
        this.timer = timer;
        this.timing = ScanTiming.of(timer);
        this.sender = timing.sender((round, session) -> round.send(session));
        this.sweep = new AllowanceSweep(chain);
        this.controlPaths = new ControlPaths(chain);
        this.ens = new EnsResolver(() -> new JsonRpcClient(url, http, json, limits.maxResponseBytes(), limits.maxRetries()));
    }

    public String chain() {
        return chain;
    }

    private ChainSession session(Deadline deadline) {
        return new ChainSession(chain, new JsonRpcClient(url, http, json, limits.maxResponseBytes(), limits.maxRetries(), timer), deadline, limits);
    }

    /** The latest block, after checking the chain id (one batch). For health checks. */
    public long head(Deadline deadline) {
        Round r = Round.first(limits.multicallChunk(), expectedChainId);
        r.send(session(deadline));
        return r.block();
    }

    /**
     * ENS name -> lowercase address via registry.resolver(node) and resolver.addr(node); empty when unset.
     * @throws IllegalArgumentException when ENSIP-15 refuses the name ({@link EnsName})
     */
    public Optional<String> resolveEns(String name, Deadline deadline) {
        return ens.resolve(name, deadline);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        if (b.isEmpty()) return a;
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }

    /** Lending markets read on-chain so far, and how many look-ups the cache answered (benchmarks). */
    public record MarketStats(long marketsRead, long hits, long misses) {}

    public MarketStats marketStats() {
        return new MarketStats(markets.marketsRead(), markets.hits(), markets.misses());
    }

    /** Reads the chain; throws RpcException only when nothing usable could be read (wrong chain, endpoint down). */
    public ChainData scan(ScanPlan plan, Deadline deadline) {
        return timing.total(() -> read(plan, deadline));
    }

    private ChainData read(ScanPlan plan, Deadline deadline) {
        ChainSession s = session(deadline);
        String wallet = plan.wallet().toLowerCase(Locale.ROOT);
        int chunk = limits.multicallChunk();
        boolean wantLogs = plan.approvals() || plan.discoverUnlisted();

        // The phases, in the order they fill each request and read its answers.
        BalancePhase balances = new BalancePhase(s, wallet, plan.tokens());
        PricePhase prices = new PricePhase(List.copyOf(new LinkedHashSet<>(plan.priceFeeds())), chunk);
        LogPhase logs = new LogPhase(s, wallet, wantLogs);
        UnlistedTokenPhase unlisted = new UnlistedTokenPhase(plan.discoverUnlisted(), wallet, balances, logs);
        AllowancePhase allowances = new AllowancePhase(plan.approvals(), s, plan, wallet, sweep, chunk, balances, logs, unlisted);
        EdgePhase edges = new EdgePhase(plan, chunk, balances, logs, unlisted);
        PositionPhase positions = new PositionPhase(PositionProtocols.make(protocols,
                new PositionProtocol.Context(s, plan, wallet, chunk, balances, markets)));
        ControlPhase control = new ControlPhase(s, plan, chunk, controlPaths, balances, logs, unlisted);
        List<ScanPhase> all = List.of(balances, prices, logs, unlisted, allowances, edges, positions, control);
        List<ScanPhase> phases = timing.phases(all);

        Round first = Round.first(chunk, expectedChainId), round = first;
        for (ScanPhase p : phases) p.plan(round);
        sender.send(round, s); // a failure of request 1 fails the scan
        for (ScanPhase p : phases) p.read(round);
        long block = round.block();
        while (round.number() < Round.LAST) {
            round = round.next();
            for (ScanPhase p : phases) p.plan(round);
            try {
                sender.send(round, s);
            } catch (RpcException e) {
                if (round.isEssential()) throw e;
                // What the balances rest on is missing; the balances stand.
                log.debug("chain {}: request {} failed: {}", chain, round.number(), e.getMessage());
                s.problems.addAll(round.problemsWhenFailed(e));
                break;
            }
            for (ScanPhase p : phases) p.read(round);
        }
        for (ScanPhase p : phases) p.finish(block);

        List<ChainData.RawPosition> found = new ArrayList<>();
        for (ScanPhase p : all) if (p instanceof ScanPhase.PositionSource ps) found.addAll(ps.positions());
        return new ChainData(first.chainId(), block, balances.nativeBalance(), balances.balances(), balances.unreadable(),
                allowances.approvals(), unlisted.found(), List.copyOf(s.problems), s.rpc.httpRequests(), s.rpc.rpcCalls(),
                first.multicall(), logs.complete(), prices.feeds(), prices.blockTimestamp(), concat(edges.edges(), positions.edges()), found,
                control.read(), control.kept());
    }
}
