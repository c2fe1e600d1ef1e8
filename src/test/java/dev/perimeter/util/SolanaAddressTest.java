package dev.perimeter.util;

import dev.perimeter.solana.SolanaPrograms;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SolanaAddressTest {
    @Test
    void programIdsDecodeTo32Bytes() {
        // The system program is 32 zero bytes: 32 ones in base58.
        assertArrayEquals(new byte[32], SolanaAddress.bytes("11111111111111111111111111111111"));
        for (String a : new String[] {SolanaPrograms.TOKEN, SolanaPrograms.TOKEN_2022, SolanaPrograms.STAKE, SolanaPrograms.NATIVE_MINT}) {
            assertTrue(SolanaAddress.isValid(a), a);
            assertEquals(a, Base58.encode(SolanaAddress.bytes(a)));
        }
    }

    @Test
    void roundTripsRandomKeys() {
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < 200; i++) {
            byte[] k = new byte[32];
            r.nextBytes(k);
            if (i % 10 == 0) k[0] = 0; // leading zero bytes are leading '1's
            String s = Base58.encode(k);
            assertArrayEquals(k, Base58.decode(s));
            assertTrue(SolanaAddress.isValid(s), s);
        }
    }

    @Test
    void saysWhatIsWrong() {
        assertTrue(SolanaAddress.validate("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed").error().contains("'0'"));
        assertTrue(SolanaAddress.validate("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DAl").error().contains("'l'"));
        // base58 of 33 bytes (a valid key with one more character) and of 31 bytes
        String longer = SolanaPrograms.TOKEN + "2";
        assertTrue(SolanaAddress.validate(longer).error().contains("decodes to 33 bytes"), SolanaAddress.validate(longer).error());
        assertTrue(SolanaAddress.validate("1111111111111111111111111111111").error().contains("decodes to 31 bytes"));
        assertFalse(SolanaAddress.isValid(""));
        assertFalse(SolanaAddress.isValid(null));
        assertEquals(SolanaPrograms.STAKE, SolanaAddress.validate("  " + SolanaPrograms.STAKE + " ").address());
    }
}
