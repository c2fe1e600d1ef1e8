package dev.perimeter.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.web3j.ens.NameHash;
import org.web3j.utils.Numeric;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Instant;
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
 * <li>one batch: eth_chainId (a provider serving another chain is rejected) and eth_blockNumber (the block every later
 * read is pinned to);</li>
 * <li>one batch: eth_getBalance, Multicall3 aggregate3 chunks of balanceOf for every registry token, and the Approval /
 * Transfer logs of the wallet;</li>
 * <li>only when approvals are asked for: one batch of aggregate3 chunks confirming allowances (found in logs, and
 * every held or approved token against every exploited contract) and reading unlisted tokens.</li>
 * </ol>
 * Fallbacks keep the answer correct when a provider refuses batches (smaller batches, then single calls), has no
 * Multicall3 (direct eth_calls), or limits log ranges (ranges split in halves, within a request budget).
 */
public final class EvmChainReader {
    public static final String MULTICALL3 = "0xca11bde05977b3631167028862be2a173976ca11";
    public static final String ENS_REGISTRY = "0x00000000000c2e074ec69a0dfb2997ba6c7d2e1e";
    private static final String ZERO = "0x0000000000000000000000000000000000000000";

    /** Tuning; the defaults stay under common provider gas and size limits. */
    public record Limits(int multicallChunk, int fallbackBatch, long maxResponseBytes, int maxRetries, int logRequestBudget) {
        public static Limits defaults() {
            return new Limits(400, 20, 16L * 1024 * 1024, 2, 48);
        }
    }

    private final String chain;
    private final long expectedChainId;
    private final URI url;
    private final HttpClient http;
    private final ObjectMapper json;
    private final Limits limits;

    public EvmChainReader(String chain, long expectedChainId, URI url, HttpClient http, ObjectMapper json, Limits limits) {
        this.chain = chain;
        this.expectedChainId = expectedChainId;
        this.url = url;
        this.http = http;
        this.json = json;
        this.limits = limits;
    }

    public String chain() {
        return chain;
    }

    /** Per-scan state: its own client (request counters) and deadline. */
    private final class Session {
        final JsonRpcClient rpc = new JsonRpcClient(url, http, json, limits.maxResponseBytes(), limits.maxRetries());
        final Instant deadline;
        final List<String> problems = new ArrayList<>();
        boolean batchesRefused;
        String blockTag;

        Session(Instant deadline) {
            this.deadline = deadline;
        }

        /** Runs calls as one batch; on refusal, in smaller batches, then one by one. Per-call errors stay per call. */
        List<JsonRpcClient.Result> run(List<JsonRpcClient.Call> calls) {
            if (calls.isEmpty()) return List.of();
            if (calls.size() == 1) return List.of(rpc.call(calls.get(0), deadline));
            if (!batchesRefused) {
                try {
                    return rpc.batch(calls, deadline);
                } catch (RpcException e) {
                    if (e.kind() != RpcException.Kind.BATCH_REFUSED) throw e;
                    batchesRefused = true;
                    problems.add("the provider refused a batch of " + calls.size() + " calls; fell back to smaller requests");
                }
            }
            List<JsonRpcClient.Result> out = new ArrayList<>(calls.size());
            int size = limits.fallbackBatch();
            for (int i = 0; i < calls.size(); i += size) {
                List<JsonRpcClient.Call> part = calls.subList(i, Math.min(calls.size(), i + size));
                if (size > 1) {
                    try {
                        out.addAll(rpc.batch(part, deadline));
                        continue;
                    } catch (RpcException e) {
                        if (e.kind() != RpcException.Kind.BATCH_REFUSED) throw e;
                        size = 1;
                    }
                }
                for (JsonRpcClient.Call c : part) out.add(rpc.call(c, deadline));
            }
            return out;
        }

        JsonRpcClient.Call ethCall(String to, String data) {
            Map<String, String> tx = new LinkedHashMap<>();
            tx.put("to", to);
            tx.put("data", data);
            return new JsonRpcClient.Call("eth_call", List.of(tx, blockTag));
        }
    }

    /** The latest block, after checking the chain id (one batch). For health checks. */
    public long head(Instant deadline) {
        Session s = new Session(deadline);
        List<JsonRpcClient.Result> head = s.run(List.of(new JsonRpcClient.Call("eth_chainId", List.of()),
                new JsonRpcClient.Call("eth_blockNumber", List.of())));
        long chainId = quantity(head.get(0), "eth_chainId");
        if (chainId != expectedChainId) {
            throw new RpcException(RpcException.Kind.WRONG_CHAIN, "expected chain id " + expectedChainId + ", got " + chainId);
        }
        return quantity(head.get(1), "eth_blockNumber");
    }

    /** Reads the chain; throws RpcException only when nothing usable could be read (wrong chain, endpoint down). */
    public ChainData scan(ScanPlan plan, Instant deadline) {
        Session s = new Session(deadline);
        String wallet = plan.wallet().toLowerCase(Locale.ROOT);

        // 1. chain id + block
        List<JsonRpcClient.Result> head = s.run(List.of(new JsonRpcClient.Call("eth_chainId", List.of()),
                new JsonRpcClient.Call("eth_blockNumber", List.of())));
        long chainId = quantity(head.get(0), "eth_chainId");
        if (chainId != expectedChainId) {
            throw new RpcException(RpcException.Kind.WRONG_CHAIN, "expected chain id " + expectedChainId + ", got " + chainId);
        }
        long block = quantity(head.get(1), "eth_blockNumber");
        s.blockTag = "0x" + Long.toHexString(block);

        // 2. balances (+ logs)
        List<String> tokens = new ArrayList<>(new LinkedHashSet<>(plan.tokens()));
        List<JsonRpcClient.Call> calls = new ArrayList<>();
        calls.add(new JsonRpcClient.Call("eth_getBalance", List.of(wallet, s.blockTag)));
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i += limits.multicallChunk()) {
            List<String> chunk = tokens.subList(i, Math.min(tokens.size(), i + limits.multicallChunk()));
            chunks.add(chunk);
            List<Abi.Call3> c3 = new ArrayList<>(chunk.size());
            for (String t : chunk) c3.add(new Abi.Call3(t, true, Abi.balanceOf(wallet)));
            calls.add(s.ethCall(MULTICALL3, Abi.aggregate3(c3)));
        }
        List<String> feeds = new ArrayList<>(new LinkedHashSet<>(plan.priceFeeds()));
        int feedsAt = calls.size();
        if (!feeds.isEmpty()) {
            List<Abi.Call3> c3 = new ArrayList<>(feeds.size());
            for (String f : feeds) c3.add(new Abi.Call3(f, true, Abi.noArgs("latestAnswer")));
            calls.add(s.ethCall(MULTICALL3, Abi.aggregate3(c3)));
        }
        int logsAt = calls.size();
        boolean wantLogs = plan.approvals() || plan.discoverUnlisted();
        if (wantLogs) {
            calls.add(logsCall(Abi.APPROVAL_TOPIC, Abi.topicAddress(wallet), null, "0x0", s.blockTag));
            calls.add(logsCall(Abi.TRANSFER_TOPIC, null, Abi.topicAddress(wallet), "0x0", s.blockTag));
        }
        List<JsonRpcClient.Result> res = s.run(calls);

        BigInteger nativeBalance = null;
        if (res.get(0).ok()) nativeBalance = bigQuantity(res.get(0));
        else s.problems.add("native balance could not be read: " + res.get(0).errorMessage());

        Map<String, BigInteger> balances = new LinkedHashMap<>();
        List<String> unreadable = new ArrayList<>();
        boolean multicall = true;
        List<String> direct = new ArrayList<>();
        for (int c = 0; c < chunks.size(); c++) {
            JsonRpcClient.Result r = res.get(1 + c);
            List<Abi.Call3Result> decoded = decodeMulticall(r, chunks.get(c).size());
            if (decoded == null) {
                multicall = false;
                direct.addAll(chunks.get(c));
                continue;
            }
            for (int k = 0; k < decoded.size(); k++) {
                String t = chunks.get(c).get(k);
                Abi.Call3Result d = decoded.get(k);
                if (d.success() && d.returnData().length == 0) continue; // no contract at this address on this chain: nothing held
                BigInteger v = d.success() ? Abi.uint(d.returnData()) : null;
                if (v != null) balances.put(t, v);
                else unreadable.add(t);
            }
        }
        if (!direct.isEmpty()) {
            s.problems.add("Multicall3 is not available on this endpoint; read " + direct.size() + " balances one call each");
            List<JsonRpcClient.Call> singles = new ArrayList<>();
            for (String t : direct) singles.add(s.ethCall(t, Abi.balanceOf(wallet)));
            List<JsonRpcClient.Result> rr = s.run(singles);
            for (int k = 0; k < direct.size(); k++) {
                if (rr.get(k).ok() && "0x".equals(rr.get(k).text())) continue; // no contract here
                BigInteger v = rr.get(k).ok() ? Abi.uint(rr.get(k).text()) : null;
                if (v != null) balances.put(direct.get(k), v);
                else unreadable.add(direct.get(k));
            }
        }

        Map<String, BigInteger> feedAnswers = new LinkedHashMap<>();
        if (!feeds.isEmpty()) {
            List<Abi.Call3Result> decoded = decodeMulticall(res.get(feedsAt), feeds.size());
            if (decoded == null) {
                s.problems.add("price feeds could not be read; holdings are unpriced");
            } else {
                for (int k = 0; k < feeds.size(); k++) {
                    Abi.Call3Result d = decoded.get(k);
                    BigInteger v = d.success() && d.returnData().length == 32 ? new BigInteger(d.returnData()) : null; // int256, signed
                    if (v != null && v.signum() > 0) feedAnswers.put(feeds.get(k), v);
                }
            }
        }

        // 3. logs -> approvals and unlisted tokens
        boolean logsComplete = true;
        Set<String> approvedPairs = new LinkedHashSet<>();
        Set<String> received = new LinkedHashSet<>();
        if (wantLogs) {
            LogsResult approvalsLogs = logs(s, res.get(logsAt), Abi.APPROVAL_TOPIC, Abi.topicAddress(wallet), null, block);
            LogsResult transferLogs = logs(s, res.get(logsAt + 1), Abi.TRANSFER_TOPIC, null, Abi.topicAddress(wallet), block);
            logsComplete = approvalsLogs.complete && transferLogs.complete;
            for (JsonNode log : approvalsLogs.logs) {
                String token = log.path("address").asText("").toLowerCase(Locale.ROOT);
                JsonNode topics = log.path("topics");
                if (topics.size() < 3 || !isAddress(token)) continue; // ERC-721 approvals have 4 topics and no amount; skip only malformed
                String spender = Abi.addressFromTopic(topics.get(2).asText());
                if (spender != null) approvedPairs.add(token + "|" + spender);
            }
            for (JsonNode log : transferLogs.logs) {
                String token = log.path("address").asText("").toLowerCase(Locale.ROOT);
                if (isAddress(token)) received.add(token);
            }
        }

        List<ChainData.RawApproval> approvals = new ArrayList<>();
        List<ChainData.RawToken> unlisted = new ArrayList<>();
        if (plan.approvals() || plan.discoverUnlisted()) {
            Set<String> tokenSet = new LinkedHashSet<>(tokens);
            List<String> unlistedCandidates = new ArrayList<>();
            if (plan.discoverUnlisted()) for (String t : received) if (!tokenSet.contains(t)) unlistedCandidates.add(t);
            Set<String> pairs = new LinkedHashSet<>();
            Map<String, String> foundBy = new LinkedHashMap<>();
            if (plan.approvals()) {
                for (String p : approvedPairs) {
                    pairs.add(p);
                    foundBy.put(p, "approval-log");
                }
                Set<String> checkTokens = new LinkedHashSet<>();
                balances.forEach((t, v) -> { if (v.signum() > 0) checkTokens.add(t); });
                for (String p : approvedPairs) checkTokens.add(p.substring(0, p.indexOf('|')));
                checkTokens.addAll(unlistedCandidates);
                for (String t : checkTokens) {
                    for (String sp : plan.exploitedSpenders()) {
                        String p = t + "|" + sp.toLowerCase(Locale.ROOT);
                        if (pairs.add(p)) foundBy.put(p, "exploited-contract-check");
                    }
                }
            }
            List<Abi.Call3> c3 = new ArrayList<>();
            List<String> pairList = new ArrayList<>(pairs);
            for (String p : pairList) {
                String[] tp = p.split("\\|");
                c3.add(new Abi.Call3(tp[0], true, Abi.allowance(wallet, tp[1])));
            }
            for (String t : unlistedCandidates) {
                c3.add(new Abi.Call3(t, true, Abi.balanceOf(wallet)));
                c3.add(new Abi.Call3(t, true, Abi.noArgs("decimals")));
                c3.add(new Abi.Call3(t, true, Abi.noArgs("symbol")));
                c3.add(new Abi.Call3(t, true, Abi.noArgs("name")));
            }
            List<Abi.Call3Result> out = multicallAll(s, c3, multicall);
            for (int k = 0; k < pairList.size(); k++) {
                Abi.Call3Result r = out.get(k);
                BigInteger v = r != null && r.success() ? Abi.uint(r.returnData()) : null;
                if (v != null && v.signum() > 0) {
                    String[] tp = pairList.get(k).split("\\|");
                    approvals.add(new ChainData.RawApproval(tp[0], tp[1], v, foundBy.get(pairList.get(k))));
                }
            }
            int base = pairList.size();
            for (int k = 0; k < unlistedCandidates.size(); k++) {
                Abi.Call3Result bal = out.get(base + 4 * k);
                BigInteger v = bal != null && bal.success() ? Abi.uint(bal.returnData()) : null;
                if (v == null || v.signum() == 0) continue;
                Abi.Call3Result dec = out.get(base + 4 * k + 1), sym = out.get(base + 4 * k + 2), nam = out.get(base + 4 * k + 3);
                unlisted.add(new ChainData.RawToken(unlistedCandidates.get(k),
                        sym != null && sym.success() ? Abi.string(sym.returnData()) : null,
                        nam != null && nam.success() ? Abi.string(nam.returnData()) : null,
                        dec != null && dec.success() ? Abi.decimals(dec.returnData()) : null, v));
            }
        }
        if (!unreadable.isEmpty()) s.problems.add(unreadable.size() + " token balance(s) could not be read");
        return new ChainData(chainId, block, nativeBalance, balances, unreadable, approvals, unlisted, List.copyOf(s.problems),
                s.rpc.httpRequests(), s.rpc.rpcCalls(), multicall, logsComplete, feedAnswers);
    }

    /** Runs calls through aggregate3 in chunks (one batch), or directly when Multicall3 is absent. Null = failed. */
    private List<Abi.Call3Result> multicallAll(Session s, List<Abi.Call3> c3, boolean multicall) {
        List<Abi.Call3Result> out = new ArrayList<>(c3.size());
        if (c3.isEmpty()) return out;
        if (multicall) {
            List<JsonRpcClient.Call> calls = new ArrayList<>();
            List<List<Abi.Call3>> chunks = new ArrayList<>();
            for (int i = 0; i < c3.size(); i += limits.multicallChunk()) {
                List<Abi.Call3> chunk = c3.subList(i, Math.min(c3.size(), i + limits.multicallChunk()));
                chunks.add(chunk);
                calls.add(s.ethCall(MULTICALL3, Abi.aggregate3(chunk)));
            }
            List<JsonRpcClient.Result> res = s.run(calls);
            boolean allOk = true;
            List<Abi.Call3Result> tmp = new ArrayList<>();
            for (int c = 0; c < chunks.size(); c++) {
                List<Abi.Call3Result> d = decodeMulticall(res.get(c), chunks.get(c).size());
                if (d == null) {
                    allOk = false;
                    break;
                }
                tmp.addAll(d);
            }
            if (allOk) return tmp;
        }
        List<JsonRpcClient.Call> singles = new ArrayList<>();
        for (Abi.Call3 c : c3) singles.add(s.ethCall(c.target(), c.callData()));
        List<JsonRpcClient.Result> res = s.run(singles);
        for (JsonRpcClient.Result r : res) {
            if (!r.ok() || r.text() == null) {
                out.add(new Abi.Call3Result(false, new byte[0]));
                continue;
            }
            try {
                out.add(new Abi.Call3Result(true, Numeric.hexStringToByteArray(r.text())));
            } catch (RuntimeException e) {
                out.add(new Abi.Call3Result(false, new byte[0]));
            }
        }
        return out;
    }

    private static List<Abi.Call3Result> decodeMulticall(JsonRpcClient.Result r, int expected) {
        if (!r.ok() || r.text() == null || r.text().equals("0x")) return null;
        try {
            return Abi.decodeAggregate3(r.text(), expected);
        } catch (RuntimeException e) {
            return null;
        }
    }

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
        List<JsonNode> out = new ArrayList<>();
        if (first.ok() && first.result() != null && first.result().isArray()) {
            first.result().forEach(out::add);
            return new LogsResult(out, true);
        }
        Deque<long[]> ranges = new ArrayDeque<>();
        ranges.push(new long[] {0, head / 2});
        ranges.addLast(new long[] {head / 2 + 1, head});
        int budget = limits.logRequestBudget();
        String lastError = first.errorMessage();
        while (!ranges.isEmpty()) {
            if (budget-- <= 0 || Instant.now().isAfter(s.deadline)) {
                s.problems.add("approval/transfer history is incomplete: the provider limits log queries (" + lastError + ")");
                return new LogsResult(out, false);
            }
            long[] r = ranges.pollFirst();
            JsonRpcClient.Result res;
            try {
                res = s.rpc.call(logsCall(topic0, topic1, topic2, "0x" + Long.toHexString(r[0]), "0x" + Long.toHexString(r[1])), s.deadline);
            } catch (RpcException e) {
                s.problems.add("approval/transfer history is incomplete: " + e.getMessage());
                return new LogsResult(out, false);
            }
            if (res.ok() && res.result() != null && res.result().isArray()) {
                res.result().forEach(out::add);
            } else if (r[1] > r[0]) {
                lastError = res.errorMessage();
                long mid = r[0] + (r[1] - r[0]) / 2;
                ranges.addFirst(new long[] {mid + 1, r[1]});
                ranges.addFirst(new long[] {r[0], mid});
            } else {
                s.problems.add("logs of block " + r[0] + " could not be read: " + res.errorMessage());
                return new LogsResult(out, false);
            }
        }
        return new LogsResult(out, true);
    }

    /** ENS name -> lowercase address via registry.resolver(node) and resolver.addr(node); empty when unset. */
    public Optional<String> resolveEns(String name, Instant deadline) {
        byte[] node;
        try {
            node = NameHash.nameHashAsBytes(name);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a valid ENS name");
        }
        Session s = new Session(deadline);
        s.blockTag = "latest";
        JsonRpcClient.Result r = s.rpc.call(s.ethCall(ENS_REGISTRY, Abi.resolver(node)), deadline);
        if (!r.ok()) throw new RpcException(RpcException.Kind.RPC_ERROR, r.errorMessage());
        String resolver = Abi.address(r.text());
        if (resolver == null || resolver.equals(ZERO)) return Optional.empty();
        JsonRpcClient.Result a = s.rpc.call(s.ethCall(resolver, Abi.addr(node)), deadline);
        if (!a.ok()) return Optional.empty();
        String addr = Abi.address(a.text());
        return addr == null || addr.equals(ZERO) ? Optional.empty() : Optional.of(addr);
    }

    private static boolean isAddress(String s) {
        return s != null && s.matches("0x[0-9a-f]{40}");
    }

    private static long quantity(JsonRpcClient.Result r, String what) {
        BigInteger v = bigQuantity(r);
        if (v == null || v.bitLength() > 62) throw new RpcException(RpcException.Kind.MALFORMED, what + " is not a quantity");
        return v.longValue();
    }

    private static BigInteger bigQuantity(JsonRpcClient.Result r) {
        if (!r.ok()) throw new RpcException(RpcException.Kind.RPC_ERROR, r.errorMessage());
        String t = r.text();
        if (t == null || !t.matches("0x[0-9a-fA-F]{1,64}")) return null;
        return new BigInteger(t.substring(2), 16);
    }
}
