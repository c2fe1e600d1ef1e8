package dev.perimeter.solana;

import dev.perimeter.util.Base58;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SPL StakePool prefix decoder: account_type 1, then manager (offset 1) and staker (offset 33). */
class StakePoolsTest {
    static final StakePools.Pool JITO = StakePools.known().forMint("J1toso1uCk3RLmjorhTtrVwY9HJ7X8V9yYac6Y7kGCPn").orElseThrow();

    static byte[] pool(int type, int size) {
        byte[] d = new byte[size];
        d[0] = (byte) type;
        for (int i = 0; i < 32; i++) {
            if (1 + i < size) d[1 + i] = (byte) (i + 1);      // manager
            if (33 + i < size) d[33 + i] = (byte) (100 + i);  // staker
            if (65 + i < size) d[65 + i] = (byte) 7;          // stake_deposit_authority
        }
        return d;
    }

    @Test
    void decodesManagerAndStakerAtTheirOffsets() {
        byte[] d = pool(1, 435);
        byte[] manager = java.util.Arrays.copyOfRange(d, 1, 33);
        byte[] staker = java.util.Arrays.copyOfRange(d, 33, 65);
        StakePools.Authorities a = StakePools.decode(JITO, StakePools.SPL_PROGRAM, d).orElseThrow();
        assertEquals(Base58.encode(manager), a.manager());
        assertEquals(Base58.encode(staker), a.staker());
        assertEquals(32, Base58.decode(a.manager()).length);
    }

    @Test
    void anythingElseIsNotRead() {
        assertEquals(Optional.empty(), StakePools.decode(JITO, StakePools.SPL_PROGRAM, pool(2, 435)), "a ValidatorList is not a pool");
        assertEquals(Optional.empty(), StakePools.decode(JITO, StakePools.SPL_PROGRAM, pool(0, 435)), "uninitialized");
        assertEquals(Optional.empty(), StakePools.decode(JITO, StakePools.SPL_PROGRAM, pool(1, 80)), "too short to hold stake_deposit_authority");
        assertEquals(Optional.empty(), StakePools.decode(JITO, SolanaPrograms.TOKEN, pool(1, 435)), "owned by another program");
        assertEquals(Optional.empty(), StakePools.decode(JITO, StakePools.SANCTUM_SPL_MULTI_PROGRAM, pool(1, 435)),
                "Jito's pool is the SPL program's, not Sanctum's");
        assertTrue(StakePools.decode(StakePools.known().forMint("jupSoLaHXQiZZTSfEWMTRRgpnyFm8f6sZdosWBjx93v").orElseThrow(),
                StakePools.SANCTUM_SPL_MULTI_PROGRAM, pool(1, 435)).isPresent(), "JupSOL's pool is Sanctum's multi-validator program's");
    }
}
