package dev.perimeter.util;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Bitcoin-alphabet base58, as Solana writes public keys (no checksum, unlike Base58Check): each leading zero byte is a
 * leading '1', the rest is the number in base 58.
 */
public final class Base58 {
    public static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final BigInteger BASE = BigInteger.valueOf(58);
    private static final int[] INDEX = new int[128];

    static {
        Arrays.fill(INDEX, -1);
        for (int i = 0; i < ALPHABET.length(); i++) INDEX[ALPHABET.charAt(i)] = i;
    }

    private Base58() {}

    /** The bytes the text stands for; null when a character is outside the alphabet (0, O, I, l and non-ASCII). */
    public static byte[] decode(String s) {
        if (s == null) return null;
        BigInteger n = BigInteger.ZERO;
        int zeros = 0;
        boolean leading = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int d = c < 128 ? INDEX[c] : -1;
            if (d < 0) return null;
            if (leading && d == 0) {
                zeros++;
                continue;
            }
            leading = false;
            n = n.multiply(BASE).add(BigInteger.valueOf(d));
        }
        byte[] body = n.signum() == 0 ? new byte[0] : n.toByteArray();
        if (body.length > 1 && body[0] == 0) body = Arrays.copyOfRange(body, 1, body.length); // BigInteger's sign byte
        byte[] out = new byte[zeros + body.length];
        System.arraycopy(body, 0, out, zeros, body.length);
        return out;
    }

    public static String encode(byte[] bytes) {
        int zeros = 0;
        while (zeros < bytes.length && bytes[zeros] == 0) zeros++;
        BigInteger n = new BigInteger(1, bytes);
        StringBuilder sb = new StringBuilder();
        while (n.signum() > 0) {
            BigInteger[] qr = n.divideAndRemainder(BASE);
            sb.append(ALPHABET.charAt(qr[1].intValue()));
            n = qr[0];
        }
        sb.append("1".repeat(zeros));
        return sb.reverse().toString();
    }
}
