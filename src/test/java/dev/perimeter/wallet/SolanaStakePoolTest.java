package dev.perimeter.wallet;

import dev.perimeter.solana.SolanaData;
import dev.perimeter.solana.SolanaRpcReader;
import dev.perimeter.solana.StakePoolReading;
import dev.perimeter.solana.StakePools;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A held LST's pool reading from what getMultipleAccounts answered: read at the slot, or not read with the reason. */
class SolanaStakePoolTest {
    static final StakePools.Pool JITO = StakePools.load(dev.perimeter.util.DataFiles.bundled()).forMint("J1toso1uCk3RLmjorhTtrVwY9HJ7X8V9yYac6Y7kGCPn").orElseThrow();

    static SolanaData data(Map<String, SolanaRpcReader.RawAccount> accounts) {
        return new SolanaData(42L, BigInteger.ONE, List.of(), List.of(), List.of(), 1, 6, null, accounts);
    }

    @Test
    void readAtTheSlotWhenTheAccountDecodes() {
        byte[] d = new byte[435];
        d[0] = 1;
        d[1] = 9;   // manager's first byte
        d[33] = 8;  // staker's first byte
        StakePoolReading r = SolanaChainScan.stakePool(JITO, data(Map.of(JITO.address(), new SolanaRpcReader.RawAccount(StakePools.SPL_PROGRAM, d))));
        assertTrue(r.read(), String.valueOf(r.problem()));
        assertEquals(42L, r.slot());
        assertEquals(StakePools.decode(JITO, StakePools.SPL_PROGRAM, d).orElseThrow().manager(), r.manager());
        assertTrue(!r.manager().equals(r.staker()));
    }

    @Test
    void notReadWhenAbsentOrNotAPool() {
        StakePoolReading absent = SolanaChainScan.stakePool(JITO, data(Map.of()));
        assertNull(absent.manager());
        assertEquals("not read: the endpoint did not return the pool account " + JITO.address() + " at slot 42", absent.problem());
        byte[] list = new byte[435];
        list[0] = 2; // ValidatorList
        StakePoolReading wrong = SolanaChainScan.stakePool(JITO, data(Map.of(JITO.address(), new SolanaRpcReader.RawAccount(StakePools.SPL_PROGRAM, list))));
        assertNull(wrong.manager());
        assertNull(wrong.staker());
        assertTrue(wrong.problem().startsWith("not read: the account " + JITO.address()), wrong.problem());
    }
}
