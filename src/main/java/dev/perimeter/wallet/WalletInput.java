package dev.perimeter.wallet;

import dev.perimeter.util.Addresses;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a user typed: an EVM address (validated, EIP-55 checked when mixed case), a Solana address (base58 of 32 bytes) or
 * a .eth name.
 */
public record WalletInput(String address, String ens, String error) {
    private static final Pattern ENS = Pattern.compile("(?:[\\p{L}\\p{N}_-]+\\.)+eth");

    public boolean ok() {
        return error == null;
    }

    /** Whether an address (as parse returns it) is a Solana one; else it is an EVM one. */
    public static boolean isSolana(String address) {
        return address != null && !address.startsWith("0x") && dev.perimeter.util.SolanaAddress.isValid(address);
    }

    /**
     * The chains of the address's family among these (an EVM address is never scanned on solana, nor a Solana address on
     * an EVM chain); with {@code explicit} (the caller named them), a chain of the other family is an error sentence.
     */
    public static String familyError(String address, java.util.List<String> chains) {
        boolean solana = isSolana(address);
        for (String c : chains) {
            boolean solanaChain = dev.perimeter.util.Chains.SOLANA.equals(c);
            if (solana && !solanaChain) {
                return "This is a Solana address; " + c + " is an EVM chain. Ask for chains=solana, or give a 0x address for " + c + ".";
            }
            if (!solana && solanaChain) {
                return "This is an EVM address; solana needs a Solana (base58) address. Leave solana out of chains for a 0x address.";
            }
        }
        return null;
    }

    /** The chains among these that scan an address of this family. */
    public static java.util.List<String> ofFamily(String address, java.util.List<String> chains) {
        boolean solana = isSolana(address);
        return chains.stream().filter(c -> dev.perimeter.util.Chains.SOLANA.equals(c) == solana).toList();
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
        if (s.matches("[1-9A-HJ-NP-Za-km-z]+")) {
            // Base58 text: a Solana address when it decodes to exactly 32 bytes (kept as written: base58 is case-sensitive).
            dev.perimeter.util.SolanaAddress.Check c = dev.perimeter.util.SolanaAddress.validate(s);
            return c.ok() ? new WalletInput(c.address(), null, null) : new WalletInput(null, null, c.error());
        }
        return new WalletInput(null, null, "Not an address or ENS name: an EVM address is 0x followed by 40 hexadecimal characters,"
                + " a Solana address is base58 of 32 bytes; an ENS name ends in .eth.");
    }
}
