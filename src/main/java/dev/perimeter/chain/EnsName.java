package dev.perimeter.chain;

import dev.perimeter.util.Keccak;
import io.github.adraffy.ens.ENSNormalize;
import io.github.adraffy.ens.InvalidLabelException;
import io.github.adraffy.ens.NormException;

import java.nio.charset.StandardCharsets;

/**
 * ENS names: normalised per ENSIP-15, then hashed per EIP-137 (namehash).
 * <p>
 * Normalisation is ENSIP-15's, by {@code io.github.adraffy:ens-normalize}: the Java port by the author of ENSIP-15
 * of its reference implementation, with no dependencies and the spec's data built in (62 KB). It maps (case folding,
 * NFC, the spec's mapped characters), drops ignored characters (FE0E/FE0F emoji styling) and rejects what ENSIP-15
 * disallows (whitespace, a non-leading underscore, a punycode literal, an illegal script mixture, a whole-script
 * confusable, an empty label, ...). Names are hashed only in that normalised form, as the ENS registry keys them.
 */
final class EnsName {
    private EnsName() {}

    /**
     * The ENSIP-15 normalised form of a name.
     * @throws IllegalArgumentException saying why ENSIP-15 refuses the name ("not a valid ENS name: empty label")
     */
    static String normalise(String name) {
        try {
            return ENSNormalize.ENSIP15.normalize(name);
        } catch (InvalidLabelException | NormException e) {
            // The library's reason (its cause when the label is named), without the bidi marks it quotes labels with.
            Throwable why = e instanceof InvalidLabelException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalArgumentException("not a valid ENS name: " + String.valueOf(why.getMessage()).replaceAll("\\p{Cf}", ""), e);
        }
    }

    /**
     * EIP-137 namehash of the normalised name: node = keccak256(node ‖ keccak256(label)) from the last label to the
     * first, starting from 32 zero bytes; the empty name is the root (32 zero bytes).
     * @throws IllegalArgumentException when ENSIP-15 refuses the name
     */
    static byte[] namehash(String name) {
        byte[] node = new byte[32];
        if (name.isEmpty()) return node;
        String[] labels = normalise(name).split("\\.", -1);
        byte[] pair = new byte[64];
        for (int i = labels.length - 1; i >= 0; i--) {
            System.arraycopy(node, 0, pair, 0, 32);
            System.arraycopy(Keccak.hash(labels[i].getBytes(StandardCharsets.UTF_8)), 0, pair, 32, 32);
            node = Keccak.hash(pair);
        }
        return node;
    }
}
