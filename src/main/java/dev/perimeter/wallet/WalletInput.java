package dev.perimeter.wallet;

import dev.perimeter.util.Addresses;

import java.util.Locale;
import java.util.regex.Pattern;

/** What a user typed: an address (validated, EIP-55 checked when mixed case) or a .eth name. */
public record WalletInput(String address, String ens, String error) {
    private static final Pattern ENS = Pattern.compile("(?:[\\p{L}\\p{N}_-]+\\.)+eth");

    public boolean ok() {
        return error == null;
    }

    public static WalletInput parse(String raw) {
        if (raw == null || raw.isBlank()) return new WalletInput(null, null, "Paste a wallet address (0x…) or an ENS name (name.eth).");
        String s = raw.trim();
        if (s.length() > 255) return new WalletInput(null, null, "That is far too long to be an address or ENS name.");
        if (s.startsWith("0x") || s.startsWith("0X")) {
            Addresses.Check c = Addresses.validate(s);
            return c.ok() ? new WalletInput(c.lowercase(), null, null) : new WalletInput(null, null, c.error());
        }
        String lower = s.toLowerCase(Locale.ROOT);
        if (ENS.matcher(lower).matches() && lower.length() <= 255) return new WalletInput(null, lower, null);
        return new WalletInput(null, null, "Not an address or ENS name: an address is 0x followed by 40 hexadecimal characters;"
                + " an ENS name ends in .eth.");
    }
}
