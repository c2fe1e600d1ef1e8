package dev.perimeter.util;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Solana account address: base58 text of a 32-byte public key, kept as written (base58 is case-sensitive: never
 * lowercased). The system program's own address is 32 ones, so anything from 32 to 44 characters may be one.
 */
public final class SolanaAddress {
    private static final Pattern SHAPE = Pattern.compile("[1-9A-HJ-NP-Za-km-z]{32,44}");

    private SolanaAddress() {}

    /** Result of validating user input: the canonical base58 text, or a sentence saying what is wrong. */
    public record Check(String address, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    /** Looks like base58 of about 32 bytes (32 to 44 characters of the alphabet); says nothing about the decoded length. */
    public static boolean looksLike(String s) {
        return s != null && SHAPE.matcher(s.trim()).matches();
    }

    /** The address when the text is base58 of exactly 32 bytes; empty otherwise. For data files and answers. */
    public static Optional<String> parse(String s) {
        Check c = validate(s);
        return c.ok() ? Optional.of(c.address()) : Optional.empty();
    }

    public static boolean isValid(String s) {
        return validate(s).ok();
    }

    /** Accepts base58 text that decodes to exactly 32 bytes and is written canonically (re-encoding gives the same text). */
    public static Check validate(String input) {
        if (input == null || input.isBlank()) return new Check(null, "A Solana address is required.");
        String s = input.trim();
        if (s.length() > 200) return new Check(null, "That is far too long to be a Solana address.");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Base58.ALPHABET.indexOf(c) < 0) {
                return new Check(null, "A Solana address is base58 text: the character '" + (c < 32 || c > 126 ? "?" : String.valueOf(c))
                        + "' is not in its alphabet (no 0, O, I or l).");
            }
        }
        byte[] bytes = Base58.decode(s);
        if (bytes.length != 32) {
            return new Check(null, "This base58 text decodes to " + bytes.length + " bytes; a Solana address is 32 bytes.");
        }
        if (!Base58.encode(bytes).equals(s)) return new Check(null, "This base58 text is not written canonically.");
        return new Check(s, null);
    }

    /** The 32 bytes of a valid address. */
    public static byte[] bytes(String address) {
        byte[] b = Base58.decode(address);
        if (b == null || b.length != 32) throw new IllegalArgumentException("not a Solana address");
        return b;
    }
}
