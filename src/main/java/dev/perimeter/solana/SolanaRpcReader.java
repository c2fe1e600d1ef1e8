package dev.perimeter.solana;

import dev.perimeter.util.SolanaAddress;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perimeter.chain.Deadline;
import dev.perimeter.chain.JsonRpcClient;
import dev.perimeter.chain.RpcException;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Reads one Solana wallet in ONE HTTP request: a JSON-RPC batch of
 * <ol>
 *   <li>{@code getBalance} (lamports),</li>
 *   <li>{@code getTokenAccountsByOwner} for the Token program and</li>
 *   <li>for Token-2022, both {@code jsonParsed} (mint, amount, decimals, delegate, delegatedAmount),</li>
 *   <li>{@code getProgramAccounts} on the Stake program with a memcmp filter on the staker field (offset 12) and</li>
 *   <li>on the withdrawer field (offset 44) — offsets of {@link StakeAccount}'s layout —, {@code dataSize} 200, base64,
 *       {@code withContext} so each answer carries its slot.</li>
 * </ol>
 * Every answer's context slot must be the same: when they differ, the batch is sent once more with {@code minContextSlot}
 * set to the highest (a second request); still different, the chain is partial and says which slots. A method the endpoint
 * refuses (a JSON-RPC error: not served, excluded from its indexes) or answers in a shape that is not the documented one
 * degrades the chain to partial with a sentence; what the other methods said is kept. An endpoint that refuses batches
 * gets the same calls one by one. When Pyth feeds are configured ({@link PythFeeds}) a sixth call,
 * {@code getMultipleAccounts} of the Clock sysvar and the feeds' price accounts (base64), rides in the same batch at the same
 * slot; the stake pool accounts of {@link StakePools} (their manager and staker) are read in that same call, whatever the
 * wallet holds, so the scan stays one request. Only the JSON-RPC methods getBalance, getTokenAccountsByOwner,
 * getProgramAccounts and getMultipleAccounts are sent.
 */
public final class SolanaRpcReader {
    public static final String CHAIN = "solana";
    static final String COMMITMENT = "finalized";

    private final URI url;
    private final HttpClient http;
    private final ObjectMapper json;
    private final long maxResponseBytes;
    private final int maxRetries;
    private final PythFeeds pyth;
    private final StakePools pools;

    public SolanaRpcReader(URI url, HttpClient http, ObjectMapper json) {
        this(url, http, json, PythFeeds.none());
    }

    public SolanaRpcReader(URI url, HttpClient http, ObjectMapper json, PythFeeds pyth) {
        this(url, http, json, 16L * 1024 * 1024, 2, pyth);
    }

    public SolanaRpcReader(URI url, HttpClient http, ObjectMapper json, long maxResponseBytes, int maxRetries) {
        this(url, http, json, maxResponseBytes, maxRetries, PythFeeds.none());
    }

    public SolanaRpcReader(URI url, HttpClient http, ObjectMapper json, long maxResponseBytes, int maxRetries, PythFeeds pyth) {
        this(url, http, json, maxResponseBytes, maxRetries, pyth, StakePools.none());
    }

    public SolanaRpcReader(URI url, HttpClient http, ObjectMapper json, PythFeeds pyth, StakePools pools) {
        this(url, http, json, 16L * 1024 * 1024, 2, pyth, pools);
    }

    public SolanaRpcReader(URI url, HttpClient http, ObjectMapper json, long maxResponseBytes, int maxRetries, PythFeeds pyth,
                           StakePools pools) {
        this.pools = pools;
        this.url = url;
        this.http = http;
        this.json = json;
        this.maxResponseBytes = maxResponseBytes;
        this.maxRetries = maxRetries;
        this.pyth = pyth;
    }

    /** The Pyth price feeds read in the batch (none: no getMultipleAccounts call). */
    public PythFeeds pyth() {
        return pyth;
    }

    /** The stake pool accounts read in the batch (none: not read). */
    public StakePools pools() {
        return pools;
    }

    public String chain() {
        return CHAIN;
    }

    /** The slot the endpoint is at (getSlot), for health probes. */
    public long slot(Deadline deadline) {
        JsonRpcClient rpc = new JsonRpcClient(url, http, json, maxResponseBytes, maxRetries);
        JsonRpcClient.Result r = rpc.call(new JsonRpcClient.Call("getSlot", List.of(Map.of("commitment", COMMITMENT))), deadline);
        if (!r.ok()) throw RpcException.fromProvider(RpcException.Kind.RPC_ERROR, r.errorMessage());
        JsonNode n = r.result();
        if (n == null || !n.canConvertToLong() || n.asLong() < 0) throw new RpcException(RpcException.Kind.MALFORMED, "getSlot is not a slot");
        return n.asLong();
    }

    /**
     * Reads the wallet.
     * @throws RpcException when the endpoint cannot be used at all (unreachable, HTTP error, not JSON-RPC, every method refused)
     */
    public SolanaData read(String owner, Deadline deadline) {
        SolanaAddress.bytes(owner); // a valid address or IllegalArgumentException: never sent otherwise
        JsonRpcClient rpc = new JsonRpcClient(url, http, json, maxResponseBytes, maxRetries);
        List<String> accounts = new ArrayList<>(pyth.isEmpty() ? List.of() : pyth.accounts());
        for (String p : pools.accounts()) if (!accounts.contains(p)) accounts.add(p);
        List<JsonRpcClient.Result> results = send(rpc, calls(owner, null, accounts), deadline);
        Answers a = Answers.of(results);
        if (a.slots().size() > 1 && deadline.allows(java.time.Duration.ofMillis(200))) {
            results = send(rpc, calls(owner, a.slots().last(), accounts), deadline);
            a = Answers.of(results);
        }
        return decode(owner, results, a, rpc.httpRequests(), rpc.rpcCalls(), accounts, !pools.accounts().isEmpty());
    }

    private static List<JsonRpcClient.Result> send(JsonRpcClient rpc, List<JsonRpcClient.Call> calls, Deadline deadline) {
        try {
            return rpc.batch(calls, deadline);
        } catch (RpcException e) {
            if (e.kind() != RpcException.Kind.BATCH_REFUSED) throw e;
            List<JsonRpcClient.Result> out = new ArrayList<>();
            for (JsonRpcClient.Call c : calls) out.add(rpc.call(c, deadline));
            return out;
        }
    }

    static List<JsonRpcClient.Call> calls(String owner, Long minContextSlot) {
        return calls(owner, minContextSlot, List.of());
    }

    /** The five calls, and a sixth (getMultipleAccounts of these accounts) when there are any, in the order {@link #decode} reads them. */
    static List<JsonRpcClient.Call> calls(String owner, Long minContextSlot, List<String> accounts) {
        List<JsonRpcClient.Call> out = new ArrayList<>();
        out.add(new JsonRpcClient.Call("getBalance", List.of(owner, config(minContextSlot, null))));
        out.add(new JsonRpcClient.Call("getTokenAccountsByOwner",
                List.of(owner, Map.of("programId", SolanaPrograms.TOKEN), config(minContextSlot, "jsonParsed"))));
        out.add(new JsonRpcClient.Call("getTokenAccountsByOwner",
                List.of(owner, Map.of("programId", SolanaPrograms.TOKEN_2022), config(minContextSlot, "jsonParsed"))));
        for (int offset : new int[] {StakeAccount.STAKER_OFFSET, StakeAccount.WITHDRAWER_OFFSET}) {
            Map<String, Object> c = config(minContextSlot, "base64");
            c.put("withContext", true);
            c.put("filters", List.of(Map.of("dataSize", StakeAccount.SIZE), Map.of("memcmp", Map.of("offset", offset, "bytes", owner))));
            out.add(new JsonRpcClient.Call("getProgramAccounts", List.of(SolanaPrograms.STAKE, c)));
        }
        if (!accounts.isEmpty()) {
            out.add(new JsonRpcClient.Call("getMultipleAccounts", List.of(accounts, config(minContextSlot, "base64"))));
        }
        return out;
    }

    private static Map<String, Object> config(Long minContextSlot, String encoding) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("commitment", COMMITMENT);
        if (encoding != null) c.put("encoding", encoding);
        if (minContextSlot != null) c.put("minContextSlot", minContextSlot);
        return c;
    }

    /** The context slots the answers carry (distinct, ascending), and how many methods answered at all. */
    record Answers(TreeSet<Long> slots, int answered) {
        static Answers of(List<JsonRpcClient.Result> results) {
            TreeSet<Long> slots = new TreeSet<>();
            int answered = 0;
            for (JsonRpcClient.Result r : results) {
                if (!r.ok()) continue;
                answered++;
                Long s = contextSlot(r.result());
                if (s != null) slots.add(s);
            }
            return new Answers(slots, answered);
        }
    }

    static Long contextSlot(JsonNode result) {
        if (result == null || !result.isObject()) return null;
        JsonNode s = result.path("context").path("slot");
        return s.canConvertToLong() && s.asLong() >= 0 ? s.asLong() : null;
    }

    static SolanaData decode(String owner, List<JsonRpcClient.Result> r, Answers a, long httpRequests, long rpcCalls) {
        return decode(owner, r, a, httpRequests, rpcCalls, List.of());
    }

    static SolanaData decode(String owner, List<JsonRpcClient.Result> r, Answers a, long httpRequests, long rpcCalls, List<String> accounts) {
        return decode(owner, r, a, httpRequests, rpcCalls, accounts, false);
    }

    /** @param poolsAsked whether stake pool accounts are among the accounts (for the sentence when they were not read) */
    static SolanaData decode(String owner, List<JsonRpcClient.Result> r, Answers a, long httpRequests, long rpcCalls, List<String> accounts,
                             boolean poolsAsked) {
        if (a.answered() == 0) {
            throw new RpcException(RpcException.Kind.RPC_ERROR, "every method was refused");
        }
        List<String> problems = new ArrayList<>();
        if (a.slots().isEmpty()) throw new RpcException(RpcException.Kind.MALFORMED, "no answer carries a context slot");
        if (a.slots().size() > 1) {
            problems.add("the endpoint answered from different slots (" + a.slots().first() + " to " + a.slots().last()
                    + ") even when asked for slot " + a.slots().last() + " or later");
        }
        long slot = a.slots().last();

        BigInteger lamports = null;
        JsonRpcClient.Result bal = r.get(0);
        if (!bal.ok()) problems.add(refused("getBalance", "the SOL balance was not read"));
        else {
            JsonNode v = bal.result() == null ? null : bal.result().path("value");
            if (v == null || !v.isIntegralNumber() || v.bigIntegerValue().signum() < 0 || contextSlot(bal.result()) == null) {
                problems.add(malformed("getBalance", "the SOL balance was not read"));
            } else lamports = v.bigIntegerValue();
        }

        List<TokenAccount> tokens = new ArrayList<>();
        String[] programs = {SolanaPrograms.TOKEN, SolanaPrograms.TOKEN_2022};
        String[] names = {"Token program", "Token-2022"};
        for (int i = 0; i < 2; i++) {
            JsonRpcClient.Result t = r.get(1 + i);
            String what = "the wallet's " + names[i] + " accounts were not read";
            if (!t.ok()) {
                problems.add(refused("getTokenAccountsByOwner (" + names[i] + ")", what));
                continue;
            }
            JsonNode value = t.result() == null ? null : t.result().path("value");
            if (value == null || !value.isArray() || contextSlot(t.result()) == null) {
                problems.add(malformed("getTokenAccountsByOwner (" + names[i] + ")", what));
                continue;
            }
            int bad = 0;
            for (JsonNode item : value) {
                Optional<TokenAccount> ta = tokenAccount(item, owner, programs[i]);
                if (ta.isPresent()) tokens.add(ta.get());
                else bad++;
            }
            if (bad > 0) problems.add(bad + " " + names[i] + " account" + (bad == 1 ? "" : "s") + " in the answer did not have the documented jsonParsed shape and " + (bad == 1 ? "was" : "were") + " left out");
        }

        Map<String, StakeAccount> stakes = new LinkedHashMap<>();
        boolean stakeRefused = false;
        for (int i = 0; i < 2; i++) {
            JsonRpcClient.Result s = r.get(3 + i);
            String field = i == 0 ? "staker" : "withdrawer";
            if (!s.ok()) {
                stakeRefused = true;
                continue;
            }
            JsonNode res = s.result();
            JsonNode value = res != null && res.isObject() ? res.path("value") : res; // an endpoint may ignore withContext
            if (value == null || !value.isArray()) {
                problems.add(malformed("getProgramAccounts (stake accounts by " + field + ")", "stake accounts with the wallet as " + field + " were not read"));
                continue;
            }
            int bad = 0;
            for (JsonNode item : value) {
                Optional<StakeAccount> sa = stakeAccount(item);
                if (sa.isEmpty()) {
                    bad++;
                    continue;
                }
                StakeAccount st = sa.get();
                boolean mine = i == 0 ? owner.equals(st.staker()) : owner.equals(st.withdrawer());
                if (!mine) bad++;
                else stakes.putIfAbsent(st.account(), st);
            }
            if (bad > 0) problems.add(bad + " stake account" + (bad == 1 ? "" : "s") + " in the answer did not match the Stake program's layout or the filter and " + (bad == 1 ? "was" : "were") + " left out");
        }
        if (stakeRefused) problems.add(refused("getProgramAccounts", "stake accounts were not read"));
        Long clockUnix = null;
        Map<String, RawAccount> read = new LinkedHashMap<>();
        if (!accounts.isEmpty() && r.size() > 5) {
            JsonRpcClient.Result m = r.get(5);
            boolean prices = accounts.contains(PythFeeds.CLOCK);
            String what = !poolsAsked ? "the Pyth price accounts and the clock were not read, so nothing is priced"
                    : prices ? "the Pyth price accounts, the clock and the stake pool accounts were not read, so nothing is priced and no"
                    + " stake pool's manager or staker is known"
                    : "the stake pool accounts were not read, so no stake pool's manager or staker is known";
            JsonNode value = m.ok() && m.result() != null ? m.result().path("value") : null;
            if (!m.ok()) problems.add(refused("getMultipleAccounts", what));
            else if (value == null || !value.isArray() || value.size() != accounts.size() || contextSlot(m.result()) == null) {
                problems.add(malformed("getMultipleAccounts", what));
            } else {
                for (int i = 0; i < accounts.size(); i++) {
                    Optional<RawAccount> acc = rawAccount(value.get(i));
                    if (acc.isPresent()) read.put(accounts.get(i), acc.get());
                }
                RawAccount clock = read.get(PythFeeds.CLOCK);
                clockUnix = clock == null ? null : PythFeeds.clockUnix(clock.data());
            }
        }
        return new SolanaData(slot, lamports, tokens, List.copyOf(stakes.values()), problems, httpRequests, rpcCalls, clockUnix, read);
    }

    private static String refused(String method, String consequence) {
        return "the RPC endpoint refused " + method + ": " + consequence;
    }

    private static String malformed(String method, String consequence) {
        return "the RPC endpoint's answer to " + method + " is not in the documented shape: " + consequence;
    }

    /** One item of getTokenAccountsByOwner's jsonParsed value; empty when it is not the documented shape or not the owner's. */
    static Optional<TokenAccount> tokenAccount(JsonNode item, String owner, String program) {
        String account = item.path("pubkey").asText(null);
        JsonNode acc = item.path("account");
        JsonNode info = acc.path("data").path("parsed").path("info");
        if (!SolanaAddress.isValid(account) || !info.isObject() || !"account".equals(acc.path("data").path("parsed").path("type").asText())) {
            return Optional.empty();
        }
        if (acc.hasNonNull("owner") && !program.equals(acc.path("owner").asText())) return Optional.empty();
        String mint = info.path("mint").asText(null);
        if (!SolanaAddress.isValid(mint) || !owner.equals(info.path("owner").asText(null))) return Optional.empty();
        Optional<BigInteger> amount = units(info.path("tokenAmount").path("amount"));
        JsonNode dec = info.path("tokenAmount").path("decimals");
        if (amount.isEmpty() || !dec.isIntegralNumber() || dec.asInt() < 0 || dec.asInt() > 255) return Optional.empty();
        String delegate = null;
        BigInteger delegated = null;
        if (info.hasNonNull("delegate")) {
            delegate = info.path("delegate").asText(null);
            if (!SolanaAddress.isValid(delegate)) return Optional.empty();
            Optional<BigInteger> d = units(info.path("delegatedAmount").path("amount"));
            if (d.isEmpty()) return Optional.empty();
            delegated = d.get();
        }
        String state = info.path("state").asText("initialized");
        return Optional.of(new TokenAccount(account, program, mint, amount.get(), dec.asInt(), delegate, delegated, state));
    }

    /** A u64 as the jsonParsed answer writes it: a decimal string. */
    private static Optional<BigInteger> units(JsonNode n) {
        if (n == null || !n.isTextual() || !n.asText().matches("\\d{1,20}")) return Optional.empty();
        BigInteger v = new BigInteger(n.asText());
        return v.bitLength() > 64 ? Optional.empty() : Optional.of(v);
    }

    /** An account as getMultipleAccounts answers it with base64 encoding: its owner program and its data. */
    public record RawAccount(String owner, byte[] data) {}

    /** One item of getMultipleAccounts' value: null (no account there) or {owner, data: [base64, "base64"], ...}. */
    static Optional<RawAccount> rawAccount(JsonNode item) {
        if (item == null || !item.isObject()) return Optional.empty();
        String owner = item.path("owner").asText(null);
        JsonNode data = item.path("data");
        if (!SolanaAddress.isValid(owner) || !data.isArray() || data.size() != 2 || !"base64".equals(data.get(1).asText())) return Optional.empty();
        try {
            return Optional.of(new RawAccount(owner, Base64.getDecoder().decode(data.get(0).asText())));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** One item of getProgramAccounts' value: {pubkey, account: {lamports, owner, data: [base64, "base64"]}}. */
    static Optional<StakeAccount> stakeAccount(JsonNode item) {
        String account = item.path("pubkey").asText(null);
        JsonNode acc = item.path("account");
        if (!SolanaAddress.isValid(account) || !SolanaPrograms.STAKE.equals(acc.path("owner").asText(null))) return Optional.empty();
        JsonNode lamports = acc.path("lamports");
        JsonNode data = acc.path("data");
        if (!lamports.isIntegralNumber() || lamports.bigIntegerValue().signum() < 0 || !data.isArray() || data.size() != 2
                || !"base64".equals(data.get(1).asText())) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(data.get(0).asText());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return StakeAccount.decode(account, lamports.bigIntegerValue(), bytes);
    }
}
