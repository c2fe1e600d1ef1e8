package dev.perimeter.chain;

import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/** AllowanceSweep's call data, parts and answers, with the node's answers written by hand (AllowanceSweepIT runs it on anvil). */
class AllowanceSweepTest {
    static final String OWNER = "0x00000000000000000000000000000000000000aa";
    static final List<String> TOKENS = List.of("0x0000000000000000000000000000000000000011", "0x0000000000000000000000000000000000000012",
            "0x0000000000000000000000000000000000000013");
    static final List<String> SPENDERS = List.of("0x00000000000000000000000000000000000000e1", "0x00000000000000000000000000000000000000e2");

    static String word(long v) {
        return String.format("%064x", v);
    }

    static String word(BigInteger v) {
        return String.format("%064x", v);
    }

    /** Schedules a sweep and answers each of its calls with what answer says for that call's params. */
    static AllowanceSweep.Outcome run(AllowanceSweep sweep, int chunk, Function<List<Object>, JsonRpcClient.Result> answer, List<List<Object>> seen) {
        Batch b = new Batch();
        AllowanceSweep.Reads reads = sweep.schedule(b, Abi.addressWord(OWNER), TOKENS, SPENDERS, new HashMap<>(), chunk, "0x10");
        b.run(calls -> {
            List<JsonRpcClient.Result> out = new ArrayList<>();
            for (JsonRpcClient.Call c : calls) {
                assertEquals("eth_call", c.method());
                seen.add(c.params());
                out.add(answer.apply(c.params()));
            }
            return out;
        });
        return reads.outcome();
    }

    static JsonRpcClient.Result ok(String hex) {
        return new JsonRpcClient.Result(TextNode.valueOf(hex), 0, null);
    }

    @Test
    void callDataIsOwnerCountsTokensAndSpendersOneWordEach() {
        String data = AllowanceSweep.callData(Abi.addressWord(OWNER), TOKENS, SPENDERS, new HashMap<>()).toString();
        assertEquals("0x" + Abi.addressWord(OWNER) + word(3) + word(2) + Abi.addressWord(TOKENS.get(0)) + Abi.addressWord(TOKENS.get(1))
                + Abi.addressWord(TOKENS.get(2)) + Abi.addressWord(SPENDERS.get(0)) + Abi.addressWord(SPENDERS.get(1)), data);
    }

    @Test
    void theOverrideCarriesTheShippedRuntimeCodeAtTheSweepAddress() {
        List<List<Object>> seen = new ArrayList<>();
        run(new AllowanceSweep("ethereum"), 400, p -> ok("0x" + word(6)), seen);
        assertEquals(1, seen.size(), "3 tokens x 2 spenders in one call");
        List<Object> params = seen.get(0);
        assertEquals(3, params.size());
        assertEquals("0x10", params.get(1), "pinned to the scan's block");
        @SuppressWarnings("unchecked") Map<String, Object> tx = (Map<String, Object>) params.get(0);
        assertEquals(AllowanceSweep.ADDRESS, tx.get("to"));
        assertTrue(AllowanceSweep.ADDRESS.matches("0x[0-9a-f]{40}"));
        assertEquals(Map.of(AllowanceSweep.ADDRESS, Map.of("code", AllowanceSweep.CODE)), params.get(2));
        assertTrue(AllowanceSweep.CODE.length() > 100);
    }

    @Test
    void pairIndexesMapBackToTokenAndSpenderAcrossParts() {
        List<List<Object>> seen = new ArrayList<>();
        BigInteger big = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
        // chunk 2 = the 2 spenders: one token per call. Each call: its token's second spender has an allowance (index 1).
        AllowanceSweep.Outcome o = run(new AllowanceSweep("ethereum"), 2, p -> ok("0x" + word(2) + word(1) + word(big)), seen);
        assertEquals(3, seen.size());
        assertEquals(AllowanceSweep.Status.OK, o.status());
        assertEquals(List.of(new EvmChainReader.TokenSpender(TOKENS.get(0), SPENDERS.get(1)), new EvmChainReader.TokenSpender(TOKENS.get(1),
                SPENDERS.get(1)), new EvmChainReader.TokenSpender(TOKENS.get(2), SPENDERS.get(1))), List.copyOf(o.nonzero().keySet()));
        assertTrue(o.nonzero().values().stream().allMatch(big::equals));

        // chunk 1: one token against one spender per call, 6 calls; only (token 3, spender 1) answers.
        seen.clear();
        String last = "0x" + word(1) + word(0) + word(5);
        int[] k = {0};
        o = run(new AllowanceSweep("ethereum"), 1, p -> ok(k[0]++ == 4 ? last : "0x" + word(1)), seen);
        assertEquals(6, seen.size());
        assertEquals(Map.of(new EvmChainReader.TokenSpender(TOKENS.get(2), SPENDERS.get(0)), BigInteger.valueOf(5)), o.nonzero());
    }

    @Test
    void anEmptyAnswerMeansTheOverrideWasIgnoredAndIsRemembered() {
        AllowanceSweep sweep = new AllowanceSweep("ethereum");
        assertEquals(AllowanceSweep.Status.REFUSED, run(sweep, 400, p -> ok("0x"), new ArrayList<>()).status());
        assertFalse(sweep.usable());
    }

    @Test
    void anErrorAnswerIsARefusalButAnExecutionErrorIsNot() {
        AllowanceSweep sweep = new AllowanceSweep("ethereum");
        AllowanceSweep.Outcome o = run(sweep, 400, p -> new JsonRpcClient.Result(null, 3, "execution reverted"), new ArrayList<>());
        assertEquals(AllowanceSweep.Status.FAILED, o.status());
        assertEquals(Map.of(), o.nonzero());
        assertTrue(sweep.usable(), "a failure of this call only");
        assertEquals(AllowanceSweep.Status.FAILED, run(sweep, 400, p -> new JsonRpcClient.Result(null, -32603, "EVM error OutOfGas"),
                new ArrayList<>()).status());
        assertTrue(sweep.usable());
        o = run(sweep, 400, p -> new JsonRpcClient.Result(null, -32602, "too many arguments, want at most 2"), new ArrayList<>());
        assertEquals(AllowanceSweep.Status.REFUSED, o.status());
        assertFalse(sweep.usable());
    }

    @Test
    void answersThatAreNotTheSweepsAreRefused() {
        for (String bad : List.of(
                "0x" + word(5),                                   // the wrong pair count
                "0x" + word(6) + word(1),                          // half an entry
                "0x" + word(6) + word(6) + word(1),                // index past the pairs
                "0x" + word(6) + word(2) + word(1) + word(1) + word(1), // indexes not increasing
                "0x" + word(6) + word(1) + word(0),                // a zero allowance reported
                "0xzz" + word(6).substring(2))) {                  // not hex
            AllowanceSweep sweep = new AllowanceSweep("ethereum");
            assertEquals(AllowanceSweep.Status.REFUSED, run(sweep, 400, p -> ok(bad), new ArrayList<>()).status(), bad);
        }
    }

    @Test
    void nothingToSweepSchedulesNothing() {
        Batch b = new Batch();
        AllowanceSweep.Reads r = new AllowanceSweep("ethereum").schedule(b, Abi.addressWord(OWNER), TOKENS, List.of(), new HashMap<>(), 400, "0x1");
        assertTrue(b.isEmpty());
        assertEquals(0, r.calls());
    }
}
