package dev.perimeter.chain;

import dev.perimeter.util.Keccak;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * ABI encoding and decoding for the calls a scan makes: the codebase's one ABI encoder. Calls take static arguments
 * only (address, uint256, bytes32: one word each, {@link #call}) except aggregate3, encoded by hand below; AbiTest
 * checks both against web3j's encoder, a test-only dependency.
 */
final class Abi {
    private Abi() {}

    static final String AGGREGATE3 = "0x82ad56cb";
    static final String TRANSFER_TOPIC = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";
    static final String APPROVAL_TOPIC = "0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925";
    static final BigInteger UINT256_MAX = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

    record Call3(String target, boolean allowFailure, String callData) {}

    record Call3Result(boolean success, byte[] returnData) {}

    // Selectors of the calls a scan makes (hand-written calldata below reuses them).
    static final String DECIMALS = noArgs("decimals");
    static final String SYMBOL = noArgs("symbol");
    static final String NAME = noArgs("name");
    static final String TOTAL_SUPPLY = noArgs("totalSupply");
    static final String LATEST_ROUND_DATA = noArgs("latestRoundData");
    static final String LATEST_ANSWER = noArgs("latestAnswer");
    /** Multicall3's getBlockNumber(): the block an aggregate3 ran at. */
    static final String GET_BLOCK_NUMBER = noArgs("getBlockNumber");
    /** Multicall3's getCurrentBlockTimestamp(). */
    static final String GET_CURRENT_BLOCK_TIMESTAMP = noArgs("getCurrentBlockTimestamp");
    private static final String BALANCE_OF = "0x70a08231";
    private static final String ALLOWANCE = "0xdd62ed3e";
    private static final String GET_ETH_BALANCE = "0x4d2301cc";

    /** balanceOf(owner) calldata: the selector and the address in one word (a scan makes thousands of these). */
    static String balanceOf(String owner) {
        return BALANCE_OF + addressWord(owner);
    }

    static String allowance(String owner, String spender) {
        return allowanceOfWords(addressWord(owner), addressWord(spender));
    }

    /** allowance(owner, spender) calldata from both addresses already as words ({@link #addressWord}). */
    static String allowanceOfWords(String ownerWord, String spenderWord) {
        return ALLOWANCE + ownerWord + spenderWord;
    }

    /** Multicall3's getEthBalance(owner): the native balance, at the block the aggregate3 runs at. */
    static String getEthBalance(String owner) {
        return GET_ETH_BALANCE + addressWord(owner);
    }

    /** The 4-byte selector of a function signature such as {@code "balanceOf(address)"}, as "0x" + 8 hex digits. */
    static String selector(String signature) {
        return "0x" + Keccak.hex(signature.getBytes(StandardCharsets.US_ASCII)).substring(0, 8);
    }

    /** An event's topic 0: keccak256 of its signature, as "0x" + 64 hex digits. */
    static String topic(String signature) {
        return "0x" + Keccak.hex(signature.getBytes(StandardCharsets.US_ASCII));
    }

    /** Calldata of a function without arguments. */
    static String noArgs(String name) {
        return selector(name + "()");
    }

    /**
     * Calldata of a function whose arguments are all static, one word each ({@link #addressWord}, {@link #uintWord},
     * {@link #bytes32Word}).
     * @throws IllegalArgumentException when a word is not 64 hex digits
     */
    static String call(String signature, String... words) {
        StringBuilder sb = new StringBuilder(10 + 64 * words.length).append(selector(signature));
        for (String w : words) {
            if (w.length() != 64) throw new IllegalArgumentException("not one ABI word: " + w);
            for (int i = 0; i < 64; i++) if (nibble(w.charAt(i)) < 0) throw new IllegalArgumentException("not one ABI word: " + w);
            sb.append(w);
        }
        return sb.toString();
    }

    /** A uint256 as one ABI word (64 lowercase hex digits, no 0x). */
    static String uintWord(BigInteger v) {
        if (v.signum() < 0 || v.bitLength() > 256) throw new IllegalArgumentException("not a uint256: " + v);
        String h = v.toString(16);
        return "0".repeat(64 - h.length()) + h;
    }

    /** 32 bytes (a bytes32 such as an ENS node or a Morpho market id) as one ABI word. */
    static String bytes32Word(byte[] b) {
        if (b.length != 32) throw new IllegalArgumentException("a bytes32 has 32 bytes, not " + b.length);
        return java.util.HexFormat.of().formatHex(b);
    }

    /** An address (0x + 40 hex) as one ABI word, lowercase hex without 0x. */
    static String addressWord(String address) {
        if (address == null || address.length() != 42 || !address.startsWith("0x")) {
            throw new IllegalArgumentException("not an address: " + address);
        }
        byte[] w = new byte[64];
        java.util.Arrays.fill(w, 0, 24, (byte) '0');
        for (int i = 2; i < 42; i++) {
            int v = nibble(address.charAt(i));
            if (v < 0) throw new IllegalArgumentException("not an address: " + address);
            w[22 + i] = HEX[v];
        }
        return new String(w, StandardCharsets.ISO_8859_1);
    }

    /** ENS registry's resolver(node). */
    static String resolver(byte[] node) {
        return call("resolver(bytes32)", bytes32Word(node));
    }

    /** An ENS resolver's addr(node). */
    static String addr(byte[] node) {
        return call("addr(bytes32)", bytes32Word(node));
    }

    static String topicAddress(String address) {
        return "0x000000000000000000000000" + address.substring(2).toLowerCase(Locale.ROOT);
    }

    static String addressFromTopic(String topic) {
        if (topic == null || topic.length() != 66) return null;
        return "0x" + topic.substring(26).toLowerCase(Locale.ROOT);
    }

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NIBBLES = new byte[128];

    static {
        java.util.Arrays.fill(NIBBLES, (byte) -1);
        for (int i = 0; i < 16; i++) {
            NIBBLES["0123456789abcdef".charAt(i)] = (byte) i;
            NIBBLES["0123456789ABCDEF".charAt(i)] = (byte) i;
        }
    }

    /** A hex digit's value, or -1. */
    static int nibble(char c) {
        return c < 128 ? NIBBLES[c] : -1;
    }

    /**
     * aggregate3((address,bool,bytes)[]) calldata as ASCII hex ("0x…"), written straight into one byte array: it is on
     * the hot path with thousands of calls and megabytes of hex, so no intermediate byte arrays or strings. AbiTest
     * checks it against web3j's encoder.
     * @throws IllegalArgumentException when a target or call data is not hex
     */
    static byte[] aggregate3(List<Call3> calls) {
        int n = calls.size();
        long bytes = 4 + 64 + 32L * n;
        for (Call3 c : calls) bytes += 128 + padded(dataBytes(c.callData()));
        if (bytes > Integer.MAX_VALUE / 2 - 8) throw new IllegalArgumentException("aggregate3 calldata too large");
        byte[] out = new byte[2 + 2 * (int) bytes];
        java.util.Arrays.fill(out, (byte) '0'); // every word's padding
        out[1] = 'x';
        int p = copyDigits(AGGREGATE3, out, 2);
        p = word(out, p, 32);
        p = word(out, p, n);
        long offset = 32L * n;
        for (Call3 c : calls) {
            p = word(out, p, offset);
            offset += 128 + padded(dataBytes(c.callData()));
        }
        String lastData = null;
        byte[] lastDigits = null;
        for (Call3 c : calls) {
            String target = c.target();
            if (target.length() != 42) throw new IllegalArgumentException("not an address: " + target);
            p = copyDigits(target, out, p + 24);
            p = word(out, p, c.allowFailure() ? 1 : 0);
            p = word(out, p, 96);
            // Calls of one aggregate mostly share their data (every balanceOf(wallet)): its digits are checked once.
            if (c.callData() != lastData) {
                lastData = c.callData();
                lastDigits = digits(lastData);
            }
            int len = lastDigits.length / 2;
            p = word(out, p, len);
            p = copyDigits(lastDigits, out, p) + 2 * (padded(len) - len);
        }
        if (p != out.length) throw new IllegalStateException("aggregate3 encoding is " + p + " of " + out.length + " characters");
        return out;
    }

    private static int dataBytes(String hex) {
        int digits = hex.length() - (hex.startsWith("0x") ? 2 : 0);
        if (digits % 2 != 0) throw new IllegalArgumentException("odd-length hex");
        return digits / 2;
    }

    private static int padded(int len) {
        return (len + 31) / 32 * 32;
    }

    /** The hex digits of s (after an optional 0x) as lowercase ASCII; throws on anything that is not hex. */
    private static byte[] digits(String s) {
        byte[] raw = s.getBytes(StandardCharsets.ISO_8859_1);
        int from = s.startsWith("0x") ? 2 : 0;
        byte[] d = new byte[raw.length - from];
        for (int i = 0; i < d.length; i++) {
            int v = raw[from + i] & 0xff;
            int x = v < 128 ? NIBBLES[v] : -1;
            if (x < 0) throw new IllegalArgumentException("not hex: " + s);
            d[i] = HEX[x];
        }
        return d;
    }

    /** Copies the hex digits of s (after an optional 0x) as lowercase ASCII; throws on anything that is not hex. */
    private static int copyDigits(String s, byte[] out, int p) {
        for (int i = s.startsWith("0x") ? 2 : 0; i < s.length(); i++) {
            int v = nibble(s.charAt(i));
            if (v < 0) throw new IllegalArgumentException("not hex: " + s);
            out[p++] = HEX[v];
        }
        return p;
    }

    private static int copyDigits(byte[] digits, byte[] out, int p) {
        System.arraycopy(digits, 0, out, p, digits.length);
        return p + digits.length;
    }

    /** A non-negative value as one 64-digit hex word, into a buffer already filled with '0'. */
    private static int word(byte[] out, int p, long v) {
        for (int i = p + 63; v != 0; i--) {
            out[i] = HEX[(int) (v & 0xf)];
            v >>>= 4;
        }
        return p + 64;
    }

    /**
     * Decodes aggregate3's (bool,bytes)[] from the hex text of the answer, reading only the words it needs (in place
     * when the text is the response's own bytes); throws IllegalArgumentException on malformed data.
     */
    static List<Call3Result> decodeAggregate3(CharSequence hex, int expected) {
        HexBytes d = new HexBytes(hex);
        if (d.length() < 64) throw new IllegalArgumentException("aggregate3 returned " + d.length() + " bytes");
        int base = d.intAt(0);
        int n = d.intAt(base);
        if (n != expected) throw new IllegalArgumentException("aggregate3 returned " + n + " results for " + expected + " calls");
        List<Call3Result> out = new ArrayList<>(n);
        int head = base + 32;
        for (int k = 0; k < n; k++) {
            int t = head + d.intAt(head + 32 * k);
            boolean ok = d.intAt(t) != 0;
            int dataAt = t + d.intAt(t + 32);
            int len = d.intAt(dataAt);
            if ((long) dataAt + 32 + len > d.length()) throw new IllegalArgumentException("aggregate3 result overruns the data");
            out.add(new Call3Result(ok, d.bytes(dataAt + 32, len)));
        }
        return out;
    }

    /** Eight bytes of a byte array read as one long, to compare eight hex digits at once. */
    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long ZEROS = 0x3030303030303030L; // "00000000"

    /** Hex text as bytes by position, decoding only what is asked for: ASCII bytes of a response, or any text. */
    private static final class HexBytes {
        private final byte[] b;        // the response's bytes, or null
        private final CharSequence s;  // otherwise the text
        private final int start;       // index of the first digit
        private final int digits;

        HexBytes(CharSequence hex) {
            int prefix = hex.length() >= 2 && hex.charAt(0) == '0' && hex.charAt(1) == 'x' ? 2 : 0;
            digits = hex.length() - prefix;
            if (digits % 2 != 0) throw new IllegalArgumentException("odd-length hex");
            if (hex instanceof AsciiText a) {
                b = a.bytes();
                s = null;
                start = a.from() + prefix;
            } else {
                b = null;
                s = hex;
                start = prefix;
            }
        }

        int length() {
            return digits / 2;
        }

        private int ch(int i) {
            return b != null ? b[start + i] & 0xff : s.charAt(start + i);
        }

        private int digit(int i) {
            int c = ch(i);
            return c < 128 ? NIBBLES[c] : -1;
        }

        /** The word at byte offset at as an int (an offset, a length or a bool); throws when out of range or too large. */
        int intAt(int at) {
            if (at < 0 || (long) at + 32 > length()) throw new IllegalArgumentException("offset out of range");
            int p = 2 * at;
            if (b != null) {
                for (int i = start + p, end = i + 56; i < end; i += 8) if ((long) LONGS.get(b, i) != ZEROS) return tooLarge(p);
            } else {
                for (int i = p; i < p + 56; i++) if (s.charAt(start + i) != '0') return tooLarge(p);
            }
            long v = 0;
            for (int i = p + 56; i < p + 64; i++) {
                int x = digit(i);
                if (x < 0) throw new IllegalArgumentException("not hex");
                v = (v << 4) | x;
            }
            if (v > Integer.MAX_VALUE) throw new IllegalArgumentException("offset too large");
            return (int) v;
        }

        private int tooLarge(int p) {
            for (int i = p; i < p + 64; i++) if (digit(i) < 0) throw new IllegalArgumentException("not hex");
            throw new IllegalArgumentException("offset too large");
        }

        byte[] bytes(int at, int len) {
            byte[] r = new byte[len];
            for (int i = 0, p = 2 * at; i < len; i++, p += 2) {
                int hi = digit(p), lo = digit(p + 1);
                if ((hi | lo) < 0) throw new IllegalArgumentException("not hex");
                r[i] = (byte) (hi << 4 | lo);
            }
            return r;
        }
    }

    /** Hex text (0x optional) as bytes; throws IllegalArgumentException when it is not hex of even length. */
    static byte[] bytes(CharSequence hex) {
        HexBytes h = new HexBytes(hex);
        return h.bytes(0, h.length());
    }

    // ---- the words of an answer: one set of helpers for every decoder of chain/ ----

    /** The zero address, as the decoders below write it. */
    static final String ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

    /** The word at byte offset {@code at} as an unsigned integer; IllegalArgumentException when it overruns the data. */
    static BigInteger wordAt(byte[] d, int at) {
        if (at < 0 || at + 32 > d.length) throw new IllegalArgumentException("offset out of range");
        return new BigInteger(1, java.util.Arrays.copyOfRange(d, at, at + 32));
    }

    /**
     * The word at byte offset {@code at} as a small non-negative int (an offset or a count) of at most {@code maxBits}
     * bits; IllegalArgumentException when it overruns the data or is larger.
     */
    static int smallIntAt(byte[] d, int at, int maxBits) {
        BigInteger v = wordAt(d, at);
        if (v.bitLength() > maxBits) throw new IllegalArgumentException("too large");
        return v.intValue();
    }

    /**
     * The word at byte offset {@code at} as an address (its upper 12 bytes zero), lowercase, the zero address included;
     * null when it overruns the data or is no address.
     */
    static String addressAt(byte[] d, int at) {
        if (d == null || at < 0 || at + 32 > d.length) return null;
        for (int i = at; i < at + 12; i++) if (d[i] != 0) return null;
        StringBuilder b = new StringBuilder(42).append("0x");
        for (int i = at + 12; i < at + 32; i++) {
            b.append(Character.forDigit((d[i] >> 4) & 0xf, 16)).append(Character.forDigit(d[i] & 0xf, 16));
        }
        return b.toString();
    }

    /** As {@link #addressAt}, but null for the zero address too (an unset address). */
    static String nonZeroAddressAt(byte[] d, int at) {
        String a = addressAt(d, at);
        return ZERO_ADDRESS.equals(a) ? null : a;
    }

    private static int toInt(byte[] d, int at) {
        return smallIntAt(d, at, 31);
    }

    /** A uint256 return value, or null when the data is not exactly one word (a lying or absent contract). */
    static BigInteger uint(byte[] data) {
        if (data == null || data.length != 32) return null;
        return new BigInteger(1, data);
    }

    static BigInteger uint(String hex) {
        if (hex == null || hex.equals("0x")) return null;
        try {
            return uint(bytes(hex));
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
        BigInteger updatedAt = wordAt(d, 96);
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
        String h = hexWord.startsWith("0x") ? hexWord.substring(2) : hexWord;
        if (h.length() != 64) return null;
        return "0x" + h.substring(24).toLowerCase(Locale.ROOT);
    }
}
