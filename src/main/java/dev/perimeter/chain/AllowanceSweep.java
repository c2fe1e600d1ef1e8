package dev.perimeter.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The exploited-contract check of the allowance phase (every held or approved token × every exploited contract) as
 * a few lean eth_calls instead of thousands of aggregate3 reads. The contract {@code src/main/solidity/AllowanceSweep.sol}
 * (runtime code in {@code AllowanceSweep.json} next to this class, compiled by {@code tools/evm/compile.mjs}) is never
 * deployed: each eth_call places its code for that call only through the state-override parameter (the third
 * parameter, {@code {address: {code}}}), at {@link #ADDRESS}. It calls {@code allowance(owner, spender)} of each token
 * for each spender, as Multicall3 would (a plain CALL with all remaining gas), and answers only the nonzero
 * allowances: a few words instead of one ABI-encoded result per pair.
 * <p>
 * The answer is the same as aggregate3's: a pair counts when the call succeeds with exactly one word and that word is
 * not zero ({@link Abi#uint}); a token that reverts, has no code or returns other data counts as no allowance and the
 * sweep goes on. When one token's call eats the gas (all but 1/64 of it), the sweep reverts instead of skipping the
 * pairs after it, and the caller reads those pairs with aggregate3.
 * <p>
 * Endpoints that do not take the state override answer with an error, or run the call at an address without code
 * ("0x"); either way the sweep's answer does not decode and the endpoint is remembered for the life of this object
 * (one per endpoint), so later scans go straight to aggregate3. An execution error (a revert, out of gas) falls back
 * for that scan only.
 */
final class AllowanceSweep {
    private static final Logger log = LoggerFactory.getLogger(AllowanceSweep.class);

    /**
     * Where the code is placed for the call: the last 20 bytes of keccak256("perimeter.allowance-sweep"), an address
     * nobody holds a key or code for. The override replaces any code there for that one call only.
     */
    static final String ADDRESS = "0x" + dev.perimeter.util.Keccak.hex("perimeter.allowance-sweep".getBytes(StandardCharsets.UTF_8)).substring(24);
    static final String CODE = runtimeCode();
    private static final Map<String, Object> OVERRIDE = Map.of(ADDRESS, Map.of("code", CODE));

    private final String chain;
    private final AtomicBoolean refused = new AtomicBoolean();

    AllowanceSweep(String chain) {
        this.chain = chain;
    }

    /** False once the endpoint refused (or ignored) the state override. */
    boolean usable() {
        return !refused.get();
    }

    private static String runtimeCode() {
        try (InputStream in = AllowanceSweep.class.getResourceAsStream("AllowanceSweep.json")) {
            if (in == null) throw new IllegalStateException("AllowanceSweep.json is missing from the classpath");
            JsonNode artifact = new ObjectMapper().readTree(in);
            String code = artifact.path("deployedBytecode").asText("");
            if (!code.matches("0x([0-9a-f]{2})+")) throw new IllegalStateException("AllowanceSweep.json holds no runtime code");
            return code;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One eth_call of the sweep: tokens [t0, t1) × spenders [s0, s1). */
    private record Part(int t0, int t1, int s0, int s1, Batch.Handle<JsonRpcClient.Result> handle) {}

    /** How a scheduled sweep ended. */
    enum Status { OK, REFUSED, FAILED }

    /** The nonzero allowances, in token-major order (token, then spender, each in the given order); empty unless OK. */
    record Outcome(Status status, Map<EvmChainReader.TokenSpender, BigInteger> nonzero) {}

    /** A sweep placed in a batch; {@link #outcome} after the batch ran. */
    final class Reads {
        private final List<String> tokens;
        private final List<String> spenders;
        private final List<Part> parts;

        private Reads(List<String> tokens, List<String> spenders, List<Part> parts) {
            this.tokens = tokens;
            this.spenders = spenders;
            this.parts = parts;
        }

        int calls() {
            return parts.size();
        }

        Outcome outcome() {
            Map<EvmChainReader.TokenSpender, BigInteger> out = new LinkedHashMap<>();
            Status status = Status.OK;
            for (Part p : parts) {
                JsonRpcClient.Result r = p.handle().get();
                if (!r.ok()) {
                    if (executionError(r)) {
                        log.debug("chain {}: the allowance sweep failed: {}", chain, r.errorMessage());
                        status = status == Status.REFUSED ? status : Status.FAILED;
                    } else {
                        refuse("an error: " + r.errorMessage());
                        status = Status.REFUSED;
                    }
                    continue;
                }
                if (!decode(r, p, out)) {
                    refuse("an answer that is not the sweep's");
                    status = Status.REFUSED;
                }
            }
            return status == Status.OK ? new Outcome(Status.OK, out) : new Outcome(status, Map.of());
        }

        /** Adds the part's nonzero allowances; false when the answer is not a sweep answer for this part. */
        private boolean decode(JsonRpcClient.Result r, Part p, Map<EvmChainReader.TokenSpender, BigInteger> out) {
            String text = r.text();
            if (text == null || !text.startsWith("0x") || (text.length() - 2) % 128 != 64) return false;
            byte[] d;
            try {
                d = Abi.bytes(text);
            } catch (RuntimeException e) {
                return false;
            }
            int ns = p.s1() - p.s0();
            long pairs = (long) (p.t1() - p.t0()) * ns;
            if (!BigInteger.valueOf(pairs).equals(new BigInteger(1, java.util.Arrays.copyOfRange(d, 0, 32)))) return false;
            long last = -1;
            for (int at = 32; at < d.length; at += 64) {
                BigInteger index = new BigInteger(1, java.util.Arrays.copyOfRange(d, at, at + 32));
                BigInteger value = new BigInteger(1, java.util.Arrays.copyOfRange(d, at + 32, at + 64));
                if (index.bitLength() > 62 || index.longValue() <= last || index.longValue() >= pairs || value.signum() == 0) return false;
                last = index.longValue();
                String token = tokens.get(p.t0() + (int) (last / ns));
                String spender = spenders.get(p.s0() + (int) (last % ns));
                out.put(new EvmChainReader.TokenSpender(token, spender), value);
            }
            return true;
        }
    }

    private void refuse(String what) {
        if (refused.compareAndSet(false, true)) {
            log.info("chain {}: the endpoint does not run eth_call with a state override; the exploited-contract check uses"
                    + " aggregate3 from now on", chain);
            log.debug("chain {}: the allowance sweep got {}", chain, what);
        }
    }

    /** The call ran and failed (revert, out of gas), as opposed to a refused request. */
    static boolean executionError(JsonRpcClient.Result r) {
        if (r.errorCode() == 3) return true; // geth's "execution reverted" with data
        String m = r.errorMessage() == null ? "" : r.errorMessage().toLowerCase(Locale.ROOT);
        return m.contains("revert") || m.contains("out of gas") || m.contains("outofgas");
    }

    /**
     * Places the sweep of tokens × spenders in a batch at blockTag: one eth_call per part of at most {@code chunk}
     * pairs (whole tokens against every spender when the spenders fit in a chunk; otherwise one token against chunks
     * of spenders), so a part costs about as much gas as an aggregate3 chunk.
     * @param ownerWord the owner as an ABI word ({@link Abi#addressWord})
     * @param words     address words already made (filled as needed)
     */
    Reads schedule(Batch batch, String ownerWord, List<String> tokens, List<String> spenders, Map<String, String> words, int chunk,
                   String blockTag) {
        List<Part> parts = new ArrayList<>();
        int ns = spenders.size(), nt = tokens.size();
        if (nt > 0 && ns > 0) {
            int spendersPerPart = Math.min(ns, chunk);
            int tokensPerPart = Math.max(1, chunk / ns);
            // parts of equal size, as the aggregate3 chunks
            int tokenParts = (nt + tokensPerPart - 1) / tokensPerPart;
            tokensPerPart = (nt + tokenParts - 1) / tokenParts;
            int spenderParts = (ns + spendersPerPart - 1) / spendersPerPart;
            spendersPerPart = (ns + spenderParts - 1) / spenderParts;
            for (int t = 0; t < nt; t += tokensPerPart) {
                for (int s = 0; s < ns; s += spendersPerPart) {
                    int t1 = Math.min(nt, t + tokensPerPart), s1 = Math.min(ns, s + spendersPerPart);
                    HexData data = callData(ownerWord, tokens.subList(t, t1), spenders.subList(s, s1), words);
                    Map<String, Object> tx = new LinkedHashMap<>();
                    tx.put("to", ADDRESS);
                    tx.put("data", data);
                    Batch.Handle<JsonRpcClient.Result> h = batch.add(new JsonRpcClient.Call("eth_call", List.of(tx, blockTag, OVERRIDE)), r -> r);
                    parts.add(new Part(t, t1, s, s1, h));
                }
            }
        }
        return new Reads(List.copyOf(tokens), List.copyOf(spenders), parts);
    }

    /** owner, T, S, the T tokens, the S spenders: one word each. */
    static HexData callData(String ownerWord, List<String> tokens, List<String> spenders, Map<String, String> words) {
        int n = 3 + tokens.size() + spenders.size();
        StringBuilder sb = new StringBuilder(2 + 64 * n);
        sb.append("0x").append(ownerWord).append(Abi.uintWord(BigInteger.valueOf(tokens.size())))
                .append(Abi.uintWord(BigInteger.valueOf(spenders.size())));
        for (String t : tokens) sb.append(words.computeIfAbsent(t, Abi::addressWord));
        for (String s : spenders) sb.append(words.computeIfAbsent(s, Abi::addressWord));
        return new HexData(sb.toString().getBytes(StandardCharsets.US_ASCII));
    }
}
