package dev.perimeter.chain;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The decoder of ControlPaths.sol's answer: what it takes, and that anything else is no answer (the endpoint is then not trusted with it). */
class ControlPathsTest {
    static String w(long v) {
        return Abi.uintWord(BigInteger.valueOf(v));
    }

    /** One answer: success, length, the data padded to whole words. */
    static String answer(boolean ok, String dataHex) {
        int len = dataHex.length() / 2;
        int padded = (len + 31) / 32 * 32;
        return w(ok ? 1 : 0) + w(len) + dataHex + "0".repeat(2 * padded - dataHex.length());
    }

    static final String A = "0x00000000000000000000000000000000000ad001";
    static final String OWNER = "0x00000000000000000000000000000000005afe01";

    /** One node at A (code of 500 bytes) answering owner() with OWNER and failing every other call; k = 7, no routes. */
    static String oneNode() {
        StringBuilder sb = new StringBuilder("0x").append(w(1)).append(Abi.addressWord(A)).append(w(500)).append(w(0));
        for (int k = 0; k < 7; k++) sb.append(k == 3 ? answer(true, Abi.addressWord(OWNER)) : answer(false, ""));
        sb.append(w(0));
        return sb.toString();
    }

    @Test
    void aNodesAnswersDecodeAsTheStepReadsWould() {
        var d = ControlPaths.decode(oneNode(), 7, 0);
        assertNotNull(d);
        ControlPaths.Node n = d.nodes().get(A);
        assertEquals("0xfe", n.code(), "code that is not a designator: a contract");
        assertEquals(OWNER, n.answer(3, r -> ControlAbi.addressWord(r.returnData())).get());
        assertNull(n.answer(0, r -> Abi.uint(r.returnData())).get(), "a failed call answers nothing");
        assertFalse(n.answer(0, r -> r).raw().success());
    }

    @Test
    void anEip7702DesignatorAndNoCodeAreKeptApart() {
        String designator = "ef0100" + OWNER.substring(2);
        String text = oneNode().replace(w(500) + w(0), w(23) + designator + "0".repeat(64 - designator.length()));
        ControlPaths.Node n = ControlPaths.decode(text, 7, 0).nodes().get(A);
        assertEquals(ControlAbi.Code.DELEGATED, ControlAbi.codeKind(n.code()));
        assertEquals(OWNER, ControlAbi.delegate(n.code()));
        ControlPaths.Node none = ControlPaths.decode(oneNode().replace(w(500) + w(0), w(0) + w(0)), 7, 0).nodes().get(A);
        assertEquals(ControlAbi.Code.NONE, ControlAbi.codeKind(none.code()));
    }

    @Test
    void anythingElseIsNoAnswer() {
        assertNull(ControlPaths.decode("0x", 7, 0), "a node that ignored the override runs the call at an empty address");
        assertNull(ControlPaths.decode(null, 7, 0));
        assertNull(ControlPaths.decode(oneNode(), 7, 1), "a route missing");
        assertNull(ControlPaths.decode(oneNode() + w(0), 7, 0), "trailing words");
        assertNull(ControlPaths.decode(oneNode().substring(0, oneNode().length() - 64), 7, 0), "cut short");
        assertNull(ControlPaths.decode(oneNode().replace(w(500), w(1L << 40)), 7, 0), "a size that is no size");
        String badOk = oneNode().replace(w(500) + w(0) + w(0), w(500) + w(0) + w(2)); // the first answer's success word is 2
        assertNull(ControlPaths.decode(badOk, 7, 0));
    }

    @Test
    void theCallDataFollowsTheContractsLayout() {
        ControlPaths p = new ControlPaths("ethereum");
        ControlPaths.Request r = p.request();
        assertTrue(r.isEmpty());
        r.root(A);
        r.root(A);
        assertEquals(1, r.roots(), "an address is read once");
        Batch b = new Batch();
        r.schedule(b, "0x10");
        assertEquals(1, b.size());
        assertEquals(List.of(ControlAbi.GET_THRESHOLD, ControlAbi.GET_OWNERS, ControlAbi.GET_MIN_DELAY, ControlAbi.OWNER, ControlAbi.PROPOSER,
                ControlAbi.PROPOSER_COUNT, ControlAbi.IMPLEMENTATION), ControlReads.PATH_CALLS);
        assertTrue(ControlPaths.ADDRESS.matches("0x[0-9a-f]{40}"));
        assertTrue(ControlPaths.CODE.length() > 100);
    }
}
