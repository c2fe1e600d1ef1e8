package dev.perimeter.util;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Keccak-256 against published vectors and against an independent implementation (Bouncy Castle's, test-only). */
class KeccakTest {
    static byte[] unhex(String h) {
        return HexFormat.of().parseHex(h);
    }

    /** EIP-1052 (EXTCODEHASH): "the keccak256 hash of empty data (i.e. c5d2…a470)" (ethereum/EIPs EIPS/eip-1052.md @ 280cbef7). */
    @Test
    void emptyInputMatchesEip1052() {
        assertEquals("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470", Keccak.hex(new byte[0]));
    }

    /**
     * The Keccak team's known answers for Keccak[r=1088, c=512] with 256-bit output (ShortMsgKAT_256), byte-length
     * messages around the 136-byte block: 135 bytes (one block with the padding), 136 (a whole block, the padding in a
     * second), 137 (two blocks). Transcribed in glatan/ghash components/hashes/keccak/tests/keccak/short_msg_kat_256.rs
     * @ 187ec09f6c6f719604daafd281ec735073ea2ea3 (Len in bits, as in the KAT files).
     */
    @Test
    void knownAnswersAcrossTheBlockBoundary() {
        String[][] kat = {
                {"", "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"}, // Len = 0
                {"6b", "f3d0adcb6a1c70832365e9da0a6b2f5199422f6a53c67cfad171114e3442aa0f"}, // Len = 8
                {"8fab", "cfa23daaffd3966973461c1a50d47d2fa73e4f77df6538c5e2938149d63d2dc3"}, // Len = 16
                // Len = 1080 (135 bytes)
                {"2f3fb9e6321405869ff0e6271369357ee08c9c27837fe300adf3766a61979591d64e7809627e8f026e762982df5f00bfeb9ce76f1ccb70c9bee6331f7dc8b15417295d7aa7ec7c1662a69842059901f136e96052b4d01b72b64f92331744872f6de4a915d0262b33ccc375d25d77c3936023e514f30187a9501adc685e6497cc4841e119670d4d",
                        "0484f02cc16415e7e9f28f95b6bb77209e1b25ec35015de84facbc8f9605b39e"},
                // Len = 1088 (136 bytes)
                {"33d0c3052e3ac8c19beca6b0dfa73888f753655fb2c9f77e1238602c9f6d7ad33e3dd96c78a22e148ed4c46d7cfdf674505bd40325cb813804e264a450de778f1c50fc94f32aa881fe6def7b6ae6efbb42c3be678f40a09322053773e3af020000fe94f3283c7527aa64a2144b92cf8d568df4e6cd957af09ab1637e61667e616412558d4fcab4f9",
                        "b30ad6fc320c0d70309dc39953895cb7cf3fbedec7d86a5f7aa9f2bb760f6dba"},
                // Len = 1096 (137 bytes)
                {"2f570e7aeadd07406bfc263992a0292c528daab4f32816573b6be58a36998465f192e0db70e81cdbe5431477e43ea437cb4eebbe760116b26dfb3ca395c1098753e962c3d27f9fb8c2b32fa6f1d3debd22c97b99cb924b388d87db2348e5aa9ccf0d60a18cff594eb389f5a55dd362809dde19687064a0feec7c213561cbd130d832d264312cb3e4b6",
                        "6cf9e0e9008f6b5b2d28fb38c47a0212e7b28f6a7f44815f10c53141c2f1c84d"},
        };
        for (String[] v : kat) {
            assertEquals(v[1], Keccak.hex(unhex(v[0])), "message of " + v[0].length() / 2 + " bytes");
        }
    }

    /** Every length from 0 to four blocks and a few long inputs, random bytes, against Bouncy Castle's Keccak-256. */
    @Test
    void agreesWithBouncyCastleAtEveryLength() {
        Random random = new Random(20261207L);
        for (int len = 0; len <= 4 * 136 + 1; len++) {
            byte[] in = new byte[len];
            random.nextBytes(in);
            assertArrayEquals(new org.bouncycastle.jcajce.provider.digest.Keccak.Digest256().digest(in), Keccak.hash(in), "length " + len);
        }
        for (int len : new int[] {1_000, 4_096, 100_003}) {
            byte[] in = new byte[len];
            random.nextBytes(in);
            assertArrayEquals(new org.bouncycastle.jcajce.provider.digest.Keccak.Digest256().digest(in), Keccak.hash(in), "length " + len);
        }
    }

    @Test
    void hexIsLowercaseAndTheInputIsLeftAlone() {
        byte[] in = "Transfer(address,address,uint256)".getBytes(StandardCharsets.US_ASCII);
        byte[] copy = in.clone();
        assertEquals("ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef", Keccak.hex(in));
        assertArrayEquals(copy, in);
    }
}
