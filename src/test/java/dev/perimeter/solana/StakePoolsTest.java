package dev.perimeter.solana;

import dev.perimeter.util.Base58;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SPL StakePool prefix decoder: account_type 1, then manager (offset 1) and staker (offset 33). */
class StakePoolsTest {
    static final StakePools.Pool JITO = StakePools.load(dev.perimeter.util.DataFiles.bundled()).forMint("J1toso1uCk3RLmjorhTtrVwY9HJ7X8V9yYac6Y7kGCPn").orElseThrow();

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
        assertTrue(StakePools.decode(StakePools.load(dev.perimeter.util.DataFiles.bundled()).forMint("jupSoLaHXQiZZTSfEWMTRRgpnyFm8f6sZdosWBjx93v").orElseThrow(),
                StakePools.SANCTUM_SPL_MULTI_PROGRAM, pool(1, 435)).isPresent(), "JupSOL's pool is Sanctum's multi-validator program's");
    }

    @Test
    void theShippedFileGivesTheThreePoolsAndEachIsInItsInfrastructureRow() throws Exception {
        StakePools p = StakePools.load(dev.perimeter.util.DataFiles.bundled());
        assertEquals(3, p.pools().size());
        String infra = new String(dev.perimeter.util.DataFiles.bundled().read("infrastructure/infrastructure.csv"),
                java.nio.charset.StandardCharsets.UTF_8);
        for (StakePools.Pool pool : p.pools()) assertTrue(infra.contains(pool.address()), pool.address() + " is named by an infrastructure row");
    }

    @Test
    void aBadRowStopsTheLoadWithItsLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path f = dir.resolve(StakePools.FILE);
        java.nio.file.Files.createDirectories(f.getParent());
        String header = "mint,symbol,pool,program,source\n";
        String good = "J1toso1uCk3RLmjorhTtrVwY9HJ7X8V9yYac6Y7kGCPn,JitoSOL,Jito4APyf642JPZPx3hGc6WWJ8zPKtRbRs4P815Awbb," + StakePools.SPL_PROGRAM + ",a source\n";
        for (String[] c : new String[][]{
                {good.replace(StakePools.SPL_PROGRAM, SolanaPrograms.TOKEN), "program"},
                {good.replace("Jito4APyf642JPZPx3hGc6WWJ8zPKtRbRs4P815Awbb", "0xabc"), "base58"},
                {good.replace(",a source", ","), "source"},
                {good + good, "already"}}) {
            java.nio.file.Files.writeString(f, header + c[0]);
            dev.perimeter.util.Csv.CsvException e = org.junit.jupiter.api.Assertions.assertThrows(dev.perimeter.util.Csv.CsvException.class,
                    () -> StakePools.load(dev.perimeter.util.DataFiles.folder(dir)));
            assertTrue(e.getMessage().contains("line") && e.getMessage().contains(c[1]), e.getMessage());
        }
        java.nio.file.Files.writeString(f, header + good);
        assertEquals(1, StakePools.load(dev.perimeter.util.DataFiles.folder(dir)).pools().size());
    }
}
