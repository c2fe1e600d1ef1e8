package dev.perimeter.chain;

import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.utils.Numeric;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** ABI encoding and decoding for the few calls a scan makes. Calldata for simple calls comes from web3j's encoder. */
final class Abi {
    private Abi() {}

    static final String AGGREGATE3 = "0x82ad56cb";
    static final String TRANSFER_TOPIC = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";
    static final String APPROVAL_TOPIC = "0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925";
    static final BigInteger UINT256_MAX = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

    record Call3(String target, boolean allowFailure, String callData) {}

    record Call3Result(boolean success, byte[] returnData) {}

    static String balanceOf(String owner) {
        return FunctionEncoder.encode(new Function("balanceOf", List.of(new Address(owner)), List.of()));
    }

    static String allowance(String owner, String spender) {
        return FunctionEncoder.encode(new Function("allowance", List.of(new Address(owner), new Address(spender)), List.of()));
    }

    static String getEthBalance(String owner) {
        return FunctionEncoder.encode(new Function("getEthBalance", List.of(new Address(owner)), List.of()));
    }

    static String noArgs(String name) {
        return FunctionEncoder.encode(new Function(name, List.of(), List.of()));
    }

    static String resolver(byte[] node) {
        return FunctionEncoder.encode(new Function("resolver", List.of(new Bytes32(node)), List.of()));
    }

    static String addr(byte[] node) {
        return FunctionEncoder.encode(new Function("addr", List.of(new Bytes32(node)), List.of()));
    }

    static String topicAddress(String address) {
        return "0x000000000000000000000000" + address.substring(2).toLowerCase(Locale.ROOT);
    }

    static String addressFromTopic(String topic) {
        if (topic == null || topic.length() != 66) return null;
        return "0x" + topic.substring(26).toLowerCase(Locale.ROOT);
    }

    /** aggregate3((address,bool,bytes)[]) calldata, encoded by hand: it is on the hot path with thousands of calls. */
    static String aggregate3(List<Call3> calls) {
        int n = calls.size();
        List<byte[]> tuples = new ArrayList<>(n);
        for (Call3 c : calls) {
            byte[] data = Numeric.hexStringToByteArray(c.callData());
            int padded = (data.length + 31) / 32 * 32;
            byte[] t = new byte[32 * 4 + padded];
            byte[] addr = Numeric.hexStringToByteArray(c.target());
            System.arraycopy(addr, 0, t, 32 - addr.length, addr.length);
            t[63] = (byte) (c.allowFailure() ? 1 : 0);
            word(t, 64, BigInteger.valueOf(96));
            word(t, 96, BigInteger.valueOf(data.length));
            System.arraycopy(data, 0, t, 128, data.length);
            tuples.add(t);
        }
        int headLen = 32 * n;
        int total = 32 + 32 + headLen;
        for (byte[] t : tuples) total += t.length;
        byte[] out = new byte[total];
        word(out, 0, BigInteger.valueOf(32));
        word(out, 32, BigInteger.valueOf(n));
        int offset = headLen;
        int pos = 64;
        for (byte[] t : tuples) {
            word(out, pos, BigInteger.valueOf(offset));
            pos += 32;
            offset += t.length;
        }
        for (byte[] t : tuples) {
            System.arraycopy(t, 0, out, pos, t.length);
            pos += t.length;
        }
        return AGGREGATE3 + Numeric.toHexStringNoPrefix(out);
    }

    private static void word(byte[] buf, int at, BigInteger v) {
        byte[] b = v.toByteArray();
        int len = Math.min(b.length, 32);
        System.arraycopy(b, b.length - len, buf, at + 32 - len, len);
    }

    /** Decodes (bool,bytes)[]; throws IllegalArgumentException on malformed data. */
    static List<Call3Result> decodeAggregate3(String hex, int expected) {
        byte[] d = Numeric.hexStringToByteArray(hex);
        if (d.length < 64) throw new IllegalArgumentException("aggregate3 returned " + d.length + " bytes");
        int base = toInt(d, 0);
        int n = toInt(d, base);
        if (n != expected) throw new IllegalArgumentException("aggregate3 returned " + n + " results for " + expected + " calls");
        List<Call3Result> out = new ArrayList<>(n);
        int head = base + 32;
        for (int k = 0; k < n; k++) {
            int t = head + toInt(d, head + 32 * k);
            boolean ok = toInt(d, t) != 0;
            int dataAt = t + toInt(d, t + 32);
            int len = toInt(d, dataAt);
            if (dataAt + 32 + len > d.length) throw new IllegalArgumentException("aggregate3 result overruns the data");
            byte[] r = new byte[len];
            System.arraycopy(d, dataAt + 32, r, 0, len);
            out.add(new Call3Result(ok, r));
        }
        return out;
    }

    private static int toInt(byte[] d, int at) {
        if (at < 0 || at + 32 > d.length) throw new IllegalArgumentException("offset out of range");
        BigInteger v = new BigInteger(1, java.util.Arrays.copyOfRange(d, at, at + 32));
        if (v.bitLength() > 31) throw new IllegalArgumentException("offset too large");
        return v.intValue();
    }

    /** A uint256 return value, or null when the data is not exactly one word (a lying or absent contract). */
    static BigInteger uint(byte[] data) {
        if (data == null || data.length != 32) return null;
        return new BigInteger(1, data);
    }

    static BigInteger uint(String hex) {
        if (hex == null || hex.equals("0x")) return null;
        try {
            return uint(Numeric.hexStringToByteArray(hex));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** An int256 return value (signed), or null when the data is not exactly one word. */
    static BigInteger int256(byte[] data) {
        if (data == null || data.length != 32) return null;
        return new BigInteger(data);
    }

    /** latestRoundData(): answer (int256) and updatedAt (seconds) of a Chainlink-style feed. */
    record RoundData(BigInteger answer, long updatedAt) {}

    /** Decodes latestRoundData()'s five words (roundId, answer, startedAt, updatedAt, answeredInRound); null otherwise. */
    static RoundData roundData(byte[] d) {
        if (d == null || d.length != 5 * 32) return null;
        BigInteger answer = new BigInteger(java.util.Arrays.copyOfRange(d, 32, 64));
        BigInteger updatedAt = new BigInteger(1, java.util.Arrays.copyOfRange(d, 96, 128));
        if (updatedAt.bitLength() > 62) return null;
        return new RoundData(answer, updatedAt.longValue());
    }

    /** A uint256 that fits a long (a timestamp), or null. */
    static Long uintLong(byte[] data) {
        BigInteger v = uint(data);
        return v == null || v.bitLength() > 62 ? null : v.longValue();
    }

    /** decimals(): a uint8 in one word, else null. */
    static Integer decimals(byte[] data) {
        BigInteger v = uint(data);
        return v == null || v.compareTo(BigInteger.valueOf(255)) > 0 ? null : v.intValue();
    }

    /** An ERC-20 string return (dynamic string, or bytes32 as some old tokens do), cleaned of control characters. */
    static String string(byte[] d) {
        if (d == null || d.length == 0) return null;
        try {
            String s;
            if (d.length == 32) {
                int end = 0;
                while (end < 32 && d[end] != 0) end++;
                s = new String(d, 0, end, StandardCharsets.UTF_8);
            } else {
                int off = toInt(d, 0);
                int len = toInt(d, off);
                if (len > 256 || off + 32 + len > d.length) return null;
                s = new String(d, off + 32, len, StandardCharsets.UTF_8);
            }
            s = s.replaceAll("\\p{Cntrl}", "").strip();
            return s.isEmpty() ? null : s.length() > 64 ? s.substring(0, 64) : s;
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String address(String hexWord) {
        if (hexWord == null) return null;
        String h = Numeric.cleanHexPrefix(hexWord);
        if (h.length() != 64) return null;
        return "0x" + h.substring(24).toLowerCase(Locale.ROOT);
    }
}
