package dev.perimeter.chain;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The lending markets' decoders: Aave V3's configuration bitmap, address[] answers, getReserveData, Comet's structs. */
class LendingDecodeTest {
    static byte[] words(BigInteger... w) {
        byte[] out = new byte[w.length * 32];
        for (int i = 0; i < w.length; i++) {
            byte[] b = (w[i].signum() < 0 ? BigInteger.ONE.shiftLeft(256).add(w[i]) : w[i]).toByteArray();
            int n = Math.min(b.length, 32);
            System.arraycopy(b, b.length - n, out, i * 32 + 32 - n, n);
        }
        return out;
    }

    @Test
    void theReserveConfigurationBitmapIsReadAsAaveV3LaysItOut() {
        // LTV 7200 (bits 0-15), threshold 7500 (16-31), bonus 10500 (32-47), decimals 18 (48-55), active (56), frozen (57), borrowing (58)
        BigInteger c = BigInteger.valueOf(7200).or(BigInteger.valueOf(7500).shiftLeft(16)).or(BigInteger.valueOf(10500).shiftLeft(32))
                .or(BigInteger.valueOf(18).shiftLeft(48)).setBit(56).setBit(57).setBit(58);
        MarketCache.Reserve r = AaveV3Markets.reserve("0xa", "0xb", c);
        assertEquals(7200, r.ltvBps());
        assertEquals(7500, r.liquidationThresholdBps());
        assertTrue(r.active());
        assertTrue(r.frozen());
        assertFalse(r.paused());
        assertTrue(r.collateral());
        MarketCache.Reserve paused = AaveV3Markets.reserve("0xa", null, BigInteger.ZERO.setBit(56).setBit(60));
        assertTrue(paused.paused());
        assertFalse(paused.collateral(), "threshold 0: not collateral");
        assertEquals("72.5%", AaveV3Markets.percent(7250));
    }

    @Test
    void addressArraysAndReserveDataDecode() {
        BigInteger a = new BigInteger("a0b86991c6218b36c1d19d4a2e9eb0ce3606eb48", 16), b = new BigInteger("a1290d69c65a6fe4df752f95823fae25cb99e5a7", 16);
        assertEquals(List.of("0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48", "0xa1290d69c65a6fe4df752f95823fae25cb99e5a7"),
                AaveV3Markets.addresses(words(BigInteger.valueOf(32), BigInteger.TWO, a, b)));
        assertNull(AaveV3Markets.addresses(words(BigInteger.valueOf(32), BigInteger.TEN, a)), "a length past the data");
        assertNull(AaveV3Markets.addresses(words(BigInteger.valueOf(32), BigInteger.ONE, BigInteger.ONE.shiftLeft(200))), "no address");
        BigInteger[] data = new BigInteger[15];
        java.util.Arrays.fill(data, BigInteger.ZERO);
        data[8] = a;
        assertEquals("0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48", AaveV3Markets.aTokenOf(words(data)));
        assertNull(AaveV3Markets.aTokenOf(words(BigInteger.ONE)), "not the 15-word struct");
    }

    @Test
    void cometStructsDecode() {
        BigInteger weth = new BigInteger("c02aaa39b223fe8d0a0e5c4f27ead9083c756cc2", 16);
        MarketCache.Reserve r = CometMarkets.assetInfo(words(BigInteger.ONE, weth, BigInteger.TWO, BigInteger.TEN.pow(18),
                new BigInteger("830000000000000000"), new BigInteger("895000000000000000"), new BigInteger("950000000000000000"), BigInteger.TEN));
        assertEquals("0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2", r.asset());
        assertEquals(8300, r.ltvBps());
        assertEquals(8950, r.liquidationThresholdBps());
        CometMarkets.UserBasic u = CometMarkets.userBasic(words(BigInteger.valueOf(-5), BigInteger.ZERO, BigInteger.ZERO, BigInteger.valueOf(5), BigInteger.ZERO));
        assertNotNull(u);
        assertEquals(5, u.assetsIn());
        assertEquals(-5, u.principal().intValue(), "a borrower's principal is negative");
        assertNull(CometMarkets.assetInfo(new byte[7 * 32]));
    }
}
