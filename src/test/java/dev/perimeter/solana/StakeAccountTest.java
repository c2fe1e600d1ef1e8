package dev.perimeter.solana;

import dev.perimeter.util.SolanaAddress;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The layout of solana-program/stake@4459fcf0 interface/src/state.rs, written field by field here and read back. */
class StakeAccountTest {
    static byte[] layout(int tag, byte[] staker, byte[] withdrawer, byte[] voter, long stake, long activation, long deactivation) {
        ByteBuffer b = ByteBuffer.allocate(200).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, tag);
        b.putLong(4, 2_282_880L);
        b.put(12, staker);
        b.put(44, withdrawer);
        if (tag == 2) {
            b.put(124, voter);
            b.putLong(156, stake);
            b.putLong(164, activation);
            b.putLong(172, deactivation);
        }
        return b.array();
    }

    @Test
    void decodesDelegatedAndInitialized() {
        byte[] staker = SolanaAddress.bytes(SolanaPrograms.TOKEN);
        byte[] withdrawer = SolanaAddress.bytes(SolanaPrograms.TOKEN_2022);
        byte[] voter = SolanaAddress.bytes(SolanaPrograms.NATIVE_MINT);
        StakeAccount d = StakeAccount.decode("acc", BigInteger.TEN, layout(2, staker, withdrawer, voter, 4_997_717_120L, 700, -1)).orElseThrow();
        assertEquals("delegated", d.state());
        assertEquals(SolanaPrograms.TOKEN, d.staker());
        assertEquals(SolanaPrograms.TOKEN_2022, d.withdrawer());
        assertEquals(SolanaPrograms.NATIVE_MINT, d.voter());
        assertEquals(BigInteger.valueOf(4_997_717_120L), d.delegated());
        assertEquals(BigInteger.valueOf(700), d.activationEpoch());
        assertFalse(d.deactivating(), "u64::MAX is 'not deactivated'");
        StakeAccount i = StakeAccount.decode("acc", BigInteger.TEN, layout(1, staker, withdrawer, null, 0, 0, 0)).orElseThrow();
        assertEquals("initialized", i.state());
        assertNull(i.voter());
        assertTrue(StakeAccount.decode("acc", BigInteger.TEN, layout(3, staker, withdrawer, null, 0, 0, 0)).isEmpty());
        assertTrue(StakeAccount.decode("acc", BigInteger.TEN, new byte[199]).isEmpty());
    }
}
