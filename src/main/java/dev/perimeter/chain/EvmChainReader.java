package dev.perimeter.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one EVM chain for one wallet in as few HTTP requests as possible:
 * <ol>
 * <li><b>one batch</b> of everything that needs no earlier answer: eth_chainId (a provider serving another chain is
 * rejected), eth_blockNumber, the <b>balances</b> (Multicall3 aggregate3 chunks of balanceOf for every registry token,
 * the native balance through Multicall3's getEthBalance), the <b>prices</b> (one aggregate3 of
 * latestRoundData/latestAnswer of every feed and the block's timestamp) and the <b>logs</b> (the wallet's Approval and
 * Transfer logs). The reads go at "latest", each aggregate3 stamped with the block it ran at (Multicall3's
 * getBlockNumber inside the same eth_call): that block is the scan's block, and a chunk that ran at another one (a
 * block arrived while the batch was served) is read again pinned to it. The logs go last in the batch (a node that
 * serves a batch in order has then seen the scan's block) and entries after the scan's block are left out;</li>
 * <li><b>allowances</b>, only when approvals or unlisted tokens are asked for and there is something to check: one batch,
 * pinned to the scan's block, of aggregate3 chunks confirming the allowances found in logs, with each approved token's
 * decimals and totalSupply and the unlisted tokens' reads, and of the exploited-contract check: every held or approved
 * token against every exploited contract, whatever the logs say, through {@link AllowanceSweep} (a lean contract run by
 * eth_call's state override that answers only nonzero allowances). An endpoint that refuses the override gets the
 * same pairs as aggregate3 reads (one more request the first time, in this batch once it is known).</li>
 * </ol>
 * Positions that are not tokens ({@link PositionReads}: Uniswap V3 liquidity NFTs, Morpho Blue, EigenLayer) ride in the
 * same requests: their first reads in request 1's balance aggregate and one more eth_getLogs, the rest in request 2 (sent
 * on its own for a balance scan only when the wallet has a position), and, for a wallet with more Uniswap V3 positions
 * than request 1 lists, a request 3 shared with the on-chain edge reads.
 * <p>
 * So a balance scan is one HTTP request, a full scan two. Each phase adds its calls to a {@link Batch} and reads its
 * answers through typed handles. Fallbacks keep the answer correct when a provider refuses batches (smaller batches,
 * then single calls), has no Multicall3 (direct calls pinned to eth_blockNumber's block), or limits log ranges (ranges
 * split in halves, within a request budget).
 * <p>
 * Problems are reported in Perimeter's own sentences; what a provider said goes to the debug log only.
 */
public final class EvmChainReader {
    private static final Logger log = LoggerFactory.getLogger(EvmChainReader.class);

    public static final String MULTICALL3 = "0xca11bde05977b3631167028862be2a173976ca11";
    public static final String ENS_REGISTRY = "0x00000000000c2e074ec69a0dfb2997ba6c7d2e1e";
    private static final String ZERO = "0x0000000000000000000000000000000000000000";
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
    /** The exploited-contract check through eth_call's state override; remembers when this endpoint refuses it. */
    private final AllowanceSweep sweep;

    public EvmChainReader(String chain, long expectedChainId, URI url, HttpClient http, ObjectMapper json, Limits limits) {
        this(chain, expectedChainId, url, http, json, limits, ScanTimer.NONE);
    }

    /** @param timer told where each scan's time goes (benchmarks); {@link ScanTimer#NONE} otherwise */
    public EvmChainReader(String chain, long expectedChainId, URI url, HttpClient http, ObjectMapper json, Limits limits, ScanTimer timer) {
        this.chain = chain;
        this.expectedChainId = expectedChainId;
        this.url = url;
        this.http = http;
        this.json = json;
        this.limits = limits;
        this.timer = timer;
        this.sweep = new AllowanceSweep(chain);
    }

    public String chain() {
        return chain;
    }

    /** Per-scan state: its own client (request counters), deadline, block and problems. */
    private final class Session implements Batch.Runner {
        final JsonRpcClient rpc = new JsonRpcClient(url, http, json, limits.maxResponseBytes(), limits.maxRetries(), timer);
        final Deadline deadline;
        final List<String> problems = new ArrayList<>();
        int batchLimit = Integer.MAX_VALUE; // largest batch to send: lowered when the provider refuses one
        String blockTag;

        Session(Deadline deadline) {
            this.deadline = deadline;
        }

        /**
         * Runs calls as one batch; when the provider refuses it, in batches of Limits.fallbackBatch, and when it refuses
         * those too (or the refused batch was no larger), one call per request. Every call gets exactly one answer, in
         * order; per-call errors stay per call.
         */
        @Override
        public List<JsonRpcClient.Result> run(List<JsonRpcClient.Call> calls) {
            List<JsonRpcClient.Result> out = new ArrayList<>(calls.size());
            int i = 0;
            while (i < calls.size()) {
                int n = Math.min(batchLimit, calls.size() - i);
                if (n == 1) {
                    out.add(rpc.call(calls.get(i), deadline));
                    i++;
                    continue;
                }
                try {
                    out.addAll(rpc.batch(calls.subList(i, i + n), deadline));
                    i += n;
                } catch (RpcException e) {
                    if (e.kind() != RpcException.Kind.BATCH_REFUSED) throw e;
                    if (batchLimit == Integer.MAX_VALUE) {
                        log.debug("chain {}: batch refused: {}", chain, e.providerText());
                        problems.add("the provider refused a batch of " + n + " calls; fell back to smaller requests");
                    }
                    batchLimit = n > limits.fallbackBatch() ? limits.fallbackBatch() : 1;
                }
            }
            return out;
        }

        /**
         * After the batch holding the aggregates ran: settles them at the scan's block, sending the re-reads they need
         * (chunks that ran at another block, direct calls for chunks that failed); no request when none is needed.
         */
        void settle(long block, Aggregate... aggregates) {
            while (true) {
                Batch next = new Batch();
                for (Aggregate a : aggregates) a.settle(next, block);
                if (next.isEmpty()) return;
                next.run(this);
            }
        }
    }

    // ---- head (health checks) ----

    private record Head(long chainId, long block) {}

    private Head head(Session s) {
        Batch b = new Batch();
        Batch.Handle<Long> chainId = b.add(new JsonRpcClient.Call("eth_chainId", List.of()), r -> quantity(r, "eth_chainId"));
        Batch.Handle<Long> block = b.add(new JsonRpcClient.Call("eth_blockNumber", List.of()), r -> quantity(r, "eth_blockNumber"));
        b.run(s);
        checkChainId(chainId.get());
        return new Head(chainId.get(), block.get());
    }

    private void checkChainId(long chainId) {
        if (chainId != expectedChainId) {
            throw new RpcException(RpcException.Kind.WRONG_CHAIN, "expected chain id " + expectedChainId + ", got " + chainId);
        }
    }

    /** The latest block, after checking the chain id (one batch). For health checks. */
    public long head(Deadline deadline) {
        return head(new Session(deadline)).block();
    }

    // ---- balances ----

    private record BalanceReads(Aggregate.Read<BigInteger> nativeBalance, Aggregate aggregate, Map<String, Aggregate.Read<BigInteger>> byToken) {}

    private record Balances(BigInteger nativeBalance, Map<String, BigInteger> balances, List<String> unreadable, boolean multicall) {}

    /** The native balance (Multicall3's getEthBalance; eth_getBalance without Multicall3) and every token's balanceOf. */
    private BalanceReads scheduleBalances(Batch batch, String wallet, List<String> tokens, PositionReads positions) {
        Aggregate agg = new Aggregate(limits.multicallChunk(), true);
        Aggregate.Read<BigInteger> nativeBalance = agg.add(MULTICALL3, Abi.getEthBalance(wallet), r -> Abi.uint(r.returnData()),
                new Aggregate.Direct(tag -> new JsonRpcClient.Call("eth_getBalance", List.of(wallet, tag)), EvmChainReader::quantityWord));
        Map<String, Aggregate.Read<BigInteger>> byToken = new LinkedHashMap<>(2 * tokens.size());
        String data = Abi.balanceOf(wallet);
        for (String t : tokens) {
            if (!byToken.containsKey(t)) byToken.put(t, agg.add(t, data, r -> Abi.uint(r.returnData()))); // each token once
        }
        if (positions != null) positions.addFirst(agg); // position manager, StrategyManager, EigenPodManager: request 1 too
        agg.schedule(batch, true, "latest");
        return new BalanceReads(nativeBalance, agg, byToken);
    }

    private Balances readBalances(Session s, BalanceReads reads) {
        BigInteger nativeBalance = reads.nativeBalance().get();
        if (nativeBalance == null) s.problems.add("the native balance could not be read");
        if (reads.aggregate().fellBack() > 0) {
            s.problems.add("Multicall3 is not available on this endpoint; read " + reads.aggregate().fellBack() + " balances one call each");
        }
        Map<String, BigInteger> balances = new LinkedHashMap<>();
        List<String> unreadable = new ArrayList<>();
        reads.byToken().forEach((t, read) -> {
            if (read.noContract()) return; // no contract at this address on this chain: nothing held
            BigInteger v = read.get();
            if (v == null) unreadable.add(t);
            else if (v.signum() > 0) balances.put(t, v);
        });
        if (!unreadable.isEmpty()) s.problems.add(unreadable.size() + " token balance(s) could not be read");
        return new Balances(nativeBalance, balances, unreadable, reads.aggregate().multicallWorked());
    }

    // ---- prices ----

    /**
     * latestRoundData() and latestAnswer() of every feed plus the block's timestamp (Multicall3's
     * getCurrentBlockTimestamp; the block header's without Multicall3), all in one aggregate3. Adapters that have only
     * latestAnswer() (Aave's CAPO, Pendle, GHO sources) still answer; their answer carries no update time.
     */
    private static final class PriceReads {
        final Aggregate aggregate;
        final Aggregate.Read<Long> timestamp;
        final Map<String, Aggregate.Read<Abi.RoundData>> rounds = new LinkedHashMap<>();
        final Map<String, Aggregate.Read<BigInteger>> answers = new LinkedHashMap<>();

        PriceReads(Aggregate aggregate, List<String> feeds) {
            this.aggregate = aggregate;
            this.timestamp = feeds.isEmpty() ? null : aggregate.add(MULTICALL3, Abi.GET_CURRENT_BLOCK_TIMESTAMP, r -> Abi.uintLong(r.returnData()),
                    new Aggregate.Direct(tag -> new JsonRpcClient.Call("eth_getBlockByNumber", List.of(tag, false)),
                            r -> word(r.ok() && r.result() != null ? hexLong(r.result().path("timestamp").asText(null)) : null)));
            for (String f : feeds) {
                rounds.put(f, aggregate.add(f, Abi.LATEST_ROUND_DATA, r -> Abi.roundData(r.returnData())));
                answers.put(f, aggregate.add(f, Abi.LATEST_ANSWER, r -> Abi.int256(r.returnData())));
            }
        }
    }

    private record Prices(Map<String, ChainData.FeedRound> feeds, Long blockTimestamp) {}

    private PriceReads schedulePrices(Batch batch, List<String> feeds) {
        // A chunk as large as the feed list: the feeds and the timestamp they are compared with travel in one aggregate3.
        PriceReads p = new PriceReads(new Aggregate(Math.max(limits.multicallChunk(), 1 + 2 * feeds.size()), true), feeds);
        p.aggregate.schedule(batch, true, "latest");
        return p;
    }

    /** Feeds that did not answer are left out: the holdings they price are unpriced, each with that reason. */
    private static Prices readPrices(PriceReads p) {
        Map<String, ChainData.FeedRound> out = new LinkedHashMap<>();
        for (Map.Entry<String, Aggregate.Read<Abi.RoundData>> e : p.rounds.entrySet()) {
            Abi.RoundData rd = e.getValue().get();
            if (rd != null) {
                out.put(e.getKey(), new ChainData.FeedRound(rd.answer(), rd.updatedAt()));
                continue;
            }
            BigInteger answer = p.answers.get(e.getKey()).get();
            if (answer != null) out.put(e.getKey(), new ChainData.FeedRound(answer, null));
        }
        return new Prices(out, p.timestamp == null ? null : p.timestamp.get());
    }

    // ---- logs ----

    private record LogQueries(Batch.Handle<JsonRpcClient.Result> approvals, Batch.Handle<JsonRpcClient.Result> transfers) {}

    /** What the logs told: allowances the wallet granted at some point, and tokens it received. */
    private record History(Set<TokenSpender> approved, Set<String> received, boolean complete) {
        static final History NONE = new History(Set.of(), Set.of(), true);
    }

    private static LogQueries scheduleLogs(Batch batch, String wallet) {
        return new LogQueries(
                batch.add(logsCall(Abi.APPROVAL_TOPIC, Abi.topicAddress(wallet), null, "0x0", "latest"), r -> r),
                batch.add(logsCall(Abi.TRANSFER_TOPIC, null, Abi.topicAddress(wallet), "0x0", "latest"), r -> r));
    }

    private History readLogs(Session s, LogQueries q, String wallet, long block) {
        LogsResult approvalLogs = logs(s, q.approvals().get(), Abi.APPROVAL_TOPIC, Abi.topicAddress(wallet), null, block);
        LogsResult transferLogs = logs(s, q.transfers().get(), Abi.TRANSFER_TOPIC, null, Abi.topicAddress(wallet), block);
        Set<TokenSpender> approved = new LinkedHashSet<>();
        for (JsonNode l : approvalLogs.logs()) {
            if (after(l, block)) continue;
            String token = l.path("address").asText("").toLowerCase(Locale.ROOT);
            JsonNode topics = l.path("topics");
            if (topics.size() < 3 || !isAddress(token)) continue; // ERC-721 approvals have 4 topics and no amount; skip only malformed
            String spender = Abi.addressFromTopic(topics.get(2).asText());
            if (spender != null) approved.add(new TokenSpender(token, spender));
        }
        Set<String> received = new LinkedHashSet<>();
        for (JsonNode l : transferLogs.logs()) {
            if (after(l, block)) continue;
            String token = l.path("address").asText("").toLowerCase(Locale.ROOT);
            if (isAddress(token)) received.add(token);
        }
        return new History(approved, received, approvalLogs.complete() && transferLogs.complete());
    }

    /** A log from a block after the scan's block (the logs were asked for at "latest"): not part of this scan. */
    private static boolean after(JsonNode log, long block) {
        Long n = hexLong(log.path("blockNumber").asText(null));
        return n != null && n > block;
    }

    // ---- allowances and unlisted tokens ----

    private record UnlistedReads(Aggregate.Read<BigInteger> balance, Aggregate.Read<Integer> decimals, Aggregate.Read<String> symbol,
                                 Aggregate.Read<String> name) {}

    private record Allowances(List<ChainData.RawApproval> approvals, List<ChainData.RawToken> unlisted) {}

    /**
     * Request 2: the allowances of the pairs the Approval logs name, the exploited-contract check (every held or
     * approved token against every exploited contract, logged or not: a token may set an allowance without an Approval
     * event, and the logs may be incomplete), each approved token's totalSupply (and decimals outside the registry),
     * and the unlisted tokens' reads. The check goes through {@link AllowanceSweep} in the same batch; when the
     * endpoint refuses it, through aggregate3 reads (in this batch once the refusal is known, in one more request the
     * first time). Either way every pair is answered at the scan's block, with the same answer.
     * @param riders reads of other phases that travel in the same request (on-chain edges, positions; may be empty)
     */
    private Allowances readAllowances(Session s, ScanPlan plan, String wallet, Set<String> registry, Balances balances,
                                      History history, long block, List<Aggregate> riders) {
        long t0 = System.nanoTime();
        String tag = "0x" + Long.toHexString(block);
        List<String> unlistedCandidates = new ArrayList<>();
        if (plan.discoverUnlisted()) for (String t : history.received()) if (!registry.contains(t)) unlistedCandidates.add(t);

        Set<TokenSpender> logged = plan.approvals() ? history.approved() : Set.of();
        List<String> checkTokens = List.of(), spenders = List.of();
        if (plan.approvals()) {
            Set<String> ts = new LinkedHashSet<>(balances.balances().keySet()); // positive balances
            for (TokenSpender p : logged) ts.add(p.token());
            ts.addAll(unlistedCandidates);
            Set<String> sp = new LinkedHashSet<>();
            for (String a : plan.exploitedSpenders()) sp.add(a.toLowerCase(Locale.ROOT));
            if (!sp.isEmpty()) {
                checkTokens = List.copyOf(ts);
                spenders = List.copyOf(sp);
            }
        }

        Aggregate agg = new Aggregate(limits.multicallChunk(), false);
        Map<String, Aggregate.Read<Integer>> decimals = new LinkedHashMap<>();
        Map<String, UnlistedReads> unlisted = new LinkedHashMap<>();
        for (String t : unlistedCandidates) {
            UnlistedReads u = new UnlistedReads(agg.add(t, Abi.balanceOf(wallet), r -> Abi.uint(r.returnData())),
                    agg.add(t, Abi.DECIMALS, r -> Abi.decimals(r.returnData())),
                    agg.add(t, Abi.SYMBOL, r -> Abi.string(r.returnData())),
                    agg.add(t, Abi.NAME, r -> Abi.string(r.returnData())));
            unlisted.put(t, u);
            decimals.put(t, u.decimals());
        }
        // Each token that may carry an approval: its totalSupply, and its decimals when the registry does not know them.
        Map<String, Aggregate.Read<BigInteger>> supplies = new LinkedHashMap<>();
        Set<String> approvable = new LinkedHashSet<>();
        for (TokenSpender p : logged) approvable.add(p.token());
        approvable.addAll(checkTokens);
        for (String t : approvable) {
            supplies.put(t, agg.add(t, Abi.TOTAL_SUPPLY, r -> Abi.uint(r.returnData())));
            if (!registry.contains(t)) decimals.computeIfAbsent(t, x -> agg.add(x, Abi.DECIMALS, r -> Abi.decimals(r.returnData())));
        }
        String owner = Abi.addressWord(wallet);
        Map<String, String> words = new java.util.HashMap<>();
        Map<TokenSpender, Aggregate.Read<BigInteger>> loggedReads = allowanceReads(agg, owner, logged, words);
        boolean useSweep = !checkTokens.isEmpty() && sweep.usable();
        Map<TokenSpender, Aggregate.Read<BigInteger>> checkReads = useSweep ? Map.of()
                : allowanceReads(agg, owner, checkPairs(checkTokens, spenders, logged), words);

        if (agg.isEmpty() && checkTokens.isEmpty() && riders.stream().allMatch(Aggregate::isEmpty)) return new Allowances(List.of(), List.of());
        timer.bytes("allowance-phase aggregate3 reads", agg.size());
        if (useSweep) timer.bytes("allowance sweep pairs", (long) checkTokens.size() * spenders.size());
        Batch batch = new Batch();
        agg.schedule(batch, balances.multicall(), tag);
        for (Aggregate r : riders) r.schedule(batch, balances.multicall(), tag);
        AllowanceSweep.Reads sweepReads = useSweep
                ? sweep.schedule(batch, owner, checkTokens, spenders, words, limits.multicallChunk(), tag) : null;
        long t1 = System.nanoTime();
        timer.add("request 2: plan and encode allowance reads", t1 - t0);
        batch.run(s);
        long t2 = System.nanoTime();
        timer.add("request 2: allowances, unlisted tokens", t2 - t1);
        List<Aggregate> all = new ArrayList<>(riders);
        all.add(0, agg);
        s.settle(block, all.toArray(new Aggregate[0]));

        // Every answered pair in one order on either path: the logged pairs, then the check's, token by token.
        Map<TokenSpender, BigInteger> values = new LinkedHashMap<>();
        loggedReads.forEach((p, read) -> values.put(p, read.get()));
        if (sweepReads != null) {
            AllowanceSweep.Outcome o = sweepReads.outcome();
            if (o.status() == AllowanceSweep.Status.OK) {
                o.nonzero().forEach((p, v) -> { if (!logged.contains(p)) values.put(p, v); });
            } else { // refused or failed: the same pairs through aggregate3, in one more request
                Aggregate again = new Aggregate(limits.multicallChunk(), false);
                checkReads = allowanceReads(again, owner, checkPairs(checkTokens, spenders, logged), words);
                Batch b = new Batch();
                again.schedule(b, balances.multicall(), tag);
                b.run(s);
                s.settle(block, again);
            }
        }
        checkReads.forEach((p, read) -> values.put(p, read.get()));

        List<ChainData.RawApproval> approvals = new ArrayList<>();
        values.forEach((p, v) -> {
            if (v == null || v.signum() <= 0) return;
            Aggregate.Read<Integer> d = decimals.get(p.token());
            approvals.add(new ChainData.RawApproval(p.token(), p.spender(), v, logged.contains(p) ? FOUND_BY_LOG : FOUND_BY_CHECK,
                    d == null ? null : d.get(), supplies.get(p.token()).get()));
        });
        List<ChainData.RawToken> tokens = new ArrayList<>();
        unlisted.forEach((t, u) -> {
            BigInteger v = u.balance().get();
            if (v == null || v.signum() == 0) return;
            tokens.add(new ChainData.RawToken(t, u.symbol().get(), u.name().get(), u.decimals().get(), v));
        });
        timer.add("request 2: decode and read values", System.nanoTime() - t2);
        return new Allowances(approvals, tokens);
    }

    /** Every check token against every exploited contract, token by token, except the pairs the logs already name. */
    private static List<TokenSpender> checkPairs(List<String> tokens, List<String> spenders, Set<TokenSpender> logged) {
        List<TokenSpender> out = new ArrayList<>(tokens.size() * spenders.size());
        for (String t : tokens) {
            for (String sp : spenders) {
                TokenSpender p = new TokenSpender(t, sp);
                if (!logged.contains(p)) out.add(p);
            }
        }
        return out;
    }

    private static Map<TokenSpender, Aggregate.Read<BigInteger>> allowanceReads(Aggregate agg, String owner, java.util.Collection<TokenSpender> pairs,
                                                                             Map<String, String> words) {
        Map<TokenSpender, Aggregate.Read<BigInteger>> out = new LinkedHashMap<>();
        for (TokenSpender p : pairs) {
            String spender = words.computeIfAbsent(p.spender(), Abi::addressWord);
            out.put(p, agg.add(p.token(), Abi.allowanceOfWords(owner, spender), r -> Abi.uint(r.returnData())));
        }
        return out;
    }

    // ---- edges and positions: requests 2 and 3 ----

    /**
     * What held tokens without data edges rest on (see {@link EdgeReads}) and the wallet's positions (see
     * {@link PositionReads}): their request 2 reads travelled with the allowances, or are sent here for a balance scan
     * ({@code sendSecond}), which has no request 2 of its own. Only when a held token answered minter() but nothing else,
     * or the wallet holds more Uniswap V3 positions than request 1 listed, one more request carries both. So a scan stays
     * within 3 HTTP requests per chain (re-reads and log-range splits apart).
     */
    private List<ChainData.ReadEdge> readLater(Session s, EdgeReads edges, PositionReads positions, List<Aggregate> second, boolean sendSecond,
                                               Balances balances, Allowances allowances, long block) {
        long t0 = System.nanoTime();
        Set<String> held = new java.util.HashSet<>(balances.balances().keySet());
        for (ChainData.RawToken u : allowances.unlisted()) held.add(u.address());
        try {
            if (sendSecond && second.stream().anyMatch(a -> !a.isEmpty())) runPinned(s, balances.multicall(), block, second);
            List<Aggregate> third = new ArrayList<>();
            if (!edges.isEmpty()) third.add(edges.minterPhase(held));   // older Curve LP tokens
            if (positions != null) third.add(positions.third());       // more Uniswap V3 positions than request 1 listed
            if (third.stream().anyMatch(a -> !a.isEmpty())) runPinned(s, balances.multicall(), block, third); // request 3
        } catch (RpcException e) {
            // The balances stand; only what some held tokens or positions rest on is missing (reads that did not arrive are
            // no edge; a position not read is said by PositionReads).
            log.debug("chain {}: edge or position reads failed: {}", chain, e.getMessage());
            s.problems.add("what held vault and pool tokens and positions rest on could not all be read on-chain: " + e.publicMessage());
        }
        timer.add("edges and positions read on-chain", System.nanoTime() - t0);
        return edges.isEmpty() ? List.of() : edges.edges(held, block);
    }

    /** Sends the aggregates in one request pinned to the block (empty ones add nothing), then settles them. */
    private void runPinned(Session s, boolean multicall, long block, List<Aggregate> aggregates) {
        Batch batch = new Batch();
        for (Aggregate a : aggregates) a.schedule(batch, multicall, "0x" + Long.toHexString(block));
        batch.run(s);
        s.settle(block, aggregates.toArray(new Aggregate[0]));
    }

    // ---- the scan ----

    /** Reads the chain; throws RpcException only when nothing usable could be read (wrong chain, endpoint down). */
    public ChainData scan(ScanPlan plan, Deadline deadline) {
        long t0 = System.nanoTime();
        Session s = new Session(deadline);
        String wallet = plan.wallet().toLowerCase(Locale.ROOT);
        List<String> tokens = plan.tokens();
        List<String> feeds = List.copyOf(new LinkedHashSet<>(plan.priceFeeds()));
        boolean wantLogs = plan.approvals() || plan.discoverUnlisted();

        Batch batch = new Batch();                           // request 1: chain id, block, balances, prices, logs
        Batch.Handle<Long> chainId = batch.add(new JsonRpcClient.Call("eth_chainId", List.of()), r -> quantity(r, "eth_chainId"));
        Batch.Handle<Long> head = batch.add(new JsonRpcClient.Call("eth_blockNumber", List.of()), r -> quantity(r, "eth_blockNumber"));
        PositionReads positions = plan.readPositions() && !plan.positions().isEmpty()
                ? new PositionReads(plan.positions(), wallet, limits.multicallChunk()) : null;
        BalanceReads balanceReads = scheduleBalances(batch, wallet, tokens, positions);
        PriceReads priceReads = schedulePrices(batch, feeds);
        LogQueries logQueries = wantLogs ? scheduleLogs(batch, wallet) : null; // last: see the class comment
        Batch.Handle<JsonRpcClient.Result> morphoLogs = positions != null && positions.readsMorpho()
                ? batch.add(positions.morphoLogs("0x" + Long.toHexString(positions.morphoFromBlock()), "latest"), r -> r) : null;
        long t1 = System.nanoTime();
        timer.add("request 1: encode calls", t1 - t0);
        batch.run(s);
        long t2 = System.nanoTime();
        timer.add("request 1: chain id, block, balances, prices, logs", t2 - t1);

        checkChainId(chainId.get());
        // The scan's block: the newest any aggregate3 ran at (eth_blockNumber's when none did: no Multicall3).
        java.util.TreeSet<Long> blocks = new java.util.TreeSet<>(balanceReads.aggregate().blocks());
        blocks.addAll(priceReads.aggregate.blocks());
        long block = blocks.isEmpty() ? head.get() : blocks.last();
        s.settle(block, balanceReads.aggregate(), priceReads.aggregate); // more requests only for re-reads
        long t3 = System.nanoTime();
        timer.add("request 1: decode aggregate3", t3 - t2);

        Balances balances = readBalances(s, balanceReads);
        Prices prices = readPrices(priceReads);
        History history = logQueries == null ? History.NONE : readLogs(s, logQueries, wallet, block);
        List<Aggregate> second = new ArrayList<>(2);                 // request 2's reads of other phases than allowances
        if (positions != null) {
            List<JsonNode> marketLogs = morphoLogs == null ? null : logs(s, morphoLogs.get(), positions::morphoLogs,
                    positions.morphoFromBlock(), block, "the Morpho Blue positions are incomplete").logs();
            second.add(positions.second(marketLogs, block));
        }
        timer.add("request 1: read values, prices, logs", System.nanoTime() - t3);
        EdgeReads edges = new EdgeReads(limits.multicallChunk());
        if (plan.readEdges()) {
            for (String t : balances.balances().keySet()) if (plan.edgeless().contains(t)) edges.add(t);
            // Unlisted tokens' edges ride with their balanceOf in request 2; only the held ones' are kept.
            if (plan.discoverUnlisted()) for (String t : history.received()) if (!balanceReads.byToken().containsKey(t)) edges.add(t);
        }
        if (!edges.isEmpty()) second.add(0, edges.first());
        Allowances allowances = wantLogs ? readAllowances(s, plan, wallet, balanceReads.byToken().keySet(), balances, history, block, second) // request 2
                : new Allowances(List.of(), List.of());
        List<ChainData.ReadEdge> readEdges = edges.isEmpty() && positions == null ? List.of()
                : readLater(s, edges, positions, second, !wantLogs, balances, allowances, block);
        List<ChainData.RawPosition> rawPositions = List.of();
        if (positions != null) {
            rawPositions = positions.positions(block);
            s.problems.addAll(positions.problems());
        }

        ChainData out = new ChainData(chainId.get(), block, balances.nativeBalance(), balances.balances(), balances.unreadable(),
                allowances.approvals(), allowances.unlisted(), List.copyOf(s.problems), s.rpc.httpRequests(), s.rpc.rpcCalls(),
                balances.multicall(), history.complete(), prices.feeds(), prices.blockTimestamp(), readEdges, rawPositions);
        timer.add("chain reader total", System.nanoTime() - t0);
        return out;
    }

    // ---- logs with range limits ----

    private record LogsResult(List<JsonNode> logs, boolean complete) {}

    private static JsonRpcClient.Call logsCall(String topic0, String topic1, String topic2, String from, String to) {
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("fromBlock", from);
        filter.put("toBlock", to);
        List<Object> topics = new ArrayList<>();
        topics.add(topic0);
        topics.add(topic1);
        if (topic2 != null) topics.add(topic2);
        filter.put("topics", topics);
        return new JsonRpcClient.Call("eth_getLogs", List.of(filter));
    }

    /** Takes the first answer; when the provider refuses the range, splits it in halves within a request budget. */
    private LogsResult logs(Session s, JsonRpcClient.Result first, String topic0, String topic1, String topic2, long head) {
        return logs(s, first, (from, to) -> logsCall(topic0, topic1, topic2, from, to), 0, head, "approval/transfer history is incomplete");
    }

    /**
     * Takes the first answer of a log query over [from, head]; when the provider refuses the range, splits it in halves
     * within a request budget.
     * @param query      the eth_getLogs call for a block range (hex block numbers)
     * @param incomplete the sentence that starts the problem when not every range could be read
     */
    private LogsResult logs(Session s, JsonRpcClient.Result first, java.util.function.BiFunction<String, String, JsonRpcClient.Call> query,
                            long from, long head, String incomplete) {
        List<JsonNode> out = new ArrayList<>();
        if (first.ok() && first.result() != null && first.result().isArray()) {
            first.result().forEach(out::add);
            return new LogsResult(out, true);
        }
        log.debug("chain {}: eth_getLogs over the whole history refused: {}", chain, first.errorMessage());
        Deque<long[]> ranges = new ArrayDeque<>();
        long mid0 = from + (head - from) / 2;
        ranges.push(new long[] {from, mid0});
        ranges.addLast(new long[] {mid0 + 1, head});
        int budget = limits.logRequestBudget();
        while (!ranges.isEmpty()) {
            if (budget-- <= 0 || s.deadline.passed()) {
                s.problems.add(incomplete + ": the provider limits log queries");
                return new LogsResult(out, false);
            }
            long[] r = ranges.pollFirst();
            if (r[0] > r[1]) continue;
            JsonRpcClient.Result res;
            try {
                res = s.rpc.call(query.apply("0x" + Long.toHexString(r[0]), "0x" + Long.toHexString(r[1])), s.deadline);
            } catch (RpcException e) {
                s.problems.add(incomplete + ": " + e.publicMessage());
                return new LogsResult(out, false);
            }
            if (res.ok() && res.result() != null && res.result().isArray()) {
                res.result().forEach(out::add);
            } else if (r[1] > r[0]) {
                long mid = r[0] + (r[1] - r[0]) / 2;
                ranges.addFirst(new long[] {mid + 1, r[1]});
                ranges.addFirst(new long[] {r[0], mid});
            } else {
                log.debug("chain {}: eth_getLogs of one block refused: {}", chain, res.errorMessage());
                s.problems.add(incomplete + ": the logs of block " + r[0] + " could not be read");
                return new LogsResult(out, false);
            }
        }
        return new LogsResult(out, true);
    }

    // ---- ENS ----

    /**
     * ENS name -> lowercase address via registry.resolver(node) and resolver.addr(node); empty when unset.
     * @throws IllegalArgumentException when ENSIP-15 refuses the name ({@link EnsName})
     */
    public Optional<String> resolveEns(String name, Deadline deadline) {
        byte[] node = EnsName.namehash(name);
        JsonRpcClient rpc = new JsonRpcClient(url, http, json, limits.maxResponseBytes(), limits.maxRetries());
        JsonRpcClient.Result r = rpc.call(Batch.ethCall(ENS_REGISTRY, Abi.resolver(node), "latest"), deadline);
        if (!r.ok()) throw RpcException.fromProvider(RpcException.Kind.RPC_ERROR, r.errorMessage());
        String resolver = Abi.address(r.text());
        if (resolver == null || resolver.equals(ZERO)) return Optional.empty();
        JsonRpcClient.Result a = rpc.call(Batch.ethCall(resolver, Abi.addr(node), "latest"), deadline);
        if (!a.ok()) return Optional.empty();
        String addr = Abi.address(a.text());
        return addr == null || addr.equals(ZERO) ? Optional.empty() : Optional.of(addr);
    }

    // ---- decoding ----

    private static boolean isAddress(String s) {
        return s != null && s.matches("0x[0-9a-f]{40}");
    }

    private static long quantity(JsonRpcClient.Result r, String what) {
        if (!r.ok()) throw RpcException.fromProvider(RpcException.Kind.RPC_ERROR, r.errorMessage());
        BigInteger v = bigQuantity(r);
        if (v == null || v.bitLength() > 62) throw new RpcException(RpcException.Kind.MALFORMED, what + " is not a quantity");
        return v.longValue();
    }

    /** A hex quantity result, or null when it is not one. */
    private static BigInteger bigQuantity(JsonRpcClient.Result r) {
        String t = r.text();
        if (t == null || !t.matches("0x[0-9a-fA-F]{1,64}")) return null;
        return new BigInteger(t.substring(2), 16);
    }

    /** A quantity answer (eth_getBalance) as a one-word call result, as Multicall3's getEthBalance would answer. */
    private static Abi.Call3Result quantityWord(JsonRpcClient.Result r) {
        return word(r.ok() ? bigQuantity(r) : null);
    }

    /** A value as a one-word successful call result; a failed result when null. */
    private static Abi.Call3Result word(Number v) {
        if (v == null) return new Abi.Call3Result(false, new byte[0]);
        BigInteger b = v instanceof BigInteger bi ? bi : BigInteger.valueOf(v.longValue());
        if (b.signum() < 0 || b.bitLength() > 256) return new Abi.Call3Result(false, new byte[0]);
        byte[] raw = b.toByteArray();
        byte[] w = new byte[32];
        int len = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - len, w, 32 - len, len);
        return new Abi.Call3Result(true, w);
    }

    private static Long hexLong(String t) {
        if (t == null || !t.matches("0x[0-9a-fA-F]{1,15}")) return null;
        return Long.parseLong(t.substring(2), 16);
    }
}
