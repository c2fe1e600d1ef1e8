package dev.perimeter.util;

import java.util.HexFormat;

/** Keccak-256 (the pre-standard SHA-3 used by Ethereum), via Bouncy Castle which web3j already brings. */
public final class Keccak {
    private Keccak() {}

    public static byte[] hash(byte[] input) {
        var d = new org.bouncycastle.jcajce.provider.digest.Keccak.Digest256();
        return d.digest(input);
    }

    public static String hex(byte[] input) {
        return HexFormat.of().formatHex(hash(input));
    }
}
