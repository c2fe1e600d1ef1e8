package dev.perimeter.util;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** EVM address helpers: lowercase for storage, EIP-55 checksum for display and validation. */
public final class Addresses {
    private static final Pattern HEX40 = Pattern.compile("0x[0-9a-fA-F]{40}");

    private Addresses() {}

    public static boolean isHex40(String s) {
        return s != null && HEX40.matcher(s).matches();
    }

    /** Lowercase form if the text is a 0x + 40 hex address, else empty. (No checksum check: for data files.) */
    public static Optional<String> lower(String s) {
        if (s == null) return Optional.empty();
        String t = s.trim();
        return isHex40(t) ? Optional.of(t.toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    /**
     * An address as Perimeter stores it on that chain: lowercase 0x + 40 hex on the EVM chains, base58 of 32 bytes as
     * written on solana (base58 is case-sensitive). Empty when the text is not one.
     */
    public static Optional<String> forChain(String chain, String s) {
        if (Chains.SOLANA.equals(chain)) return SolanaAddress.parse(s);
        return lower(s);
    }

    public static String checksum(String address) {
        String lower = address.toLowerCase(Locale.ROOT).substring(2);
        String hash = Keccak.hex(lower.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        StringBuilder sb = new StringBuilder("0x");
        for (int i = 0; i < 40; i++) {
            char c = lower.charAt(i);
            sb.append(Character.digit(hash.charAt(i), 16) >= 8 ? Character.toUpperCase(c) : c);
        }
        return sb.toString();
    }

    /** Result of validating user input. */
    public record Check(String lowercase, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    /** Accepts all-lowercase or all-uppercase hex, or mixed case only with a correct EIP-55 checksum. */
    public static Check validate(String input) {
        if (input == null || input.isBlank()) return new Check(null, "An address is required.");
        String s = input.trim();
        if (s.length() > 200) return new Check(null, "That is far too long to be an address.");
        if (!s.startsWith("0x") && !s.startsWith("0X")) {
            return new Check(null, "An address starts with 0x followed by 40 hexadecimal characters.");
        }
        s = "0x" + s.substring(2);
        if (!isHex40(s)) return new Check(null, "An address is 0x followed by exactly 40 hexadecimal characters (0-9, a-f).");
        String body = s.substring(2);
        boolean mixed = !body.equals(body.toLowerCase(Locale.ROOT)) && !body.equals(body.toUpperCase(Locale.ROOT));
        if (mixed && !checksum(s).equals(s)) {
            return new Check(null, "The address has mixed case but its EIP-55 checksum is wrong: check for a typo.");
        }
        return new Check(s.toLowerCase(Locale.ROOT), null);
    }
}
