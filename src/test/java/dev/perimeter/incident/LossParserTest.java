package dev.perimeter.incident;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.*;

class LossParserTest {
    @Test
    void readsSingleStablecoinAmountsAtPar() {
        assertEquals(new BigDecimal("25378.00"), LossParser.stablecoinPar("25,378 BUSD").usd());
        assertEquals(new BigDecimal("127000.00"), LossParser.stablecoinPar("~127K BUSD").usd());
        assertEquals(new BigDecimal("5400000.00"), LossParser.stablecoinPar("~5.4M USDC").usd());
        assertEquals(new BigDecimal("9464.00"), LossParser.stablecoinPar("~9464USDT").usd());
        assertEquals(new BigDecimal("2160000.00"), LossParser.stablecoinPar("~2.16 M BUSD").usd());
        assertEquals("stablecoin_par:DAI", LossParser.stablecoinPar("~1K $DAI").basis());
    }

    @Test
    void theBOfBusdtIsNotABillionSuffix() {
        // Regression: "31,318 BUSDT" was once read as 31,318 billion.
        assertEquals(new BigDecimal("31318.00"), LossParser.stablecoinPar("31,318 BUSDT").usd());
    }

    @Test
    void mixedOrAnnotatedLossesStayUnknown() {
        assertNull(LossParser.stablecoinPar("158.28 WETH and 535,706 USDT"));
        assertNull(LossParser.stablecoinPar("~605K USDT (single tx; ~$8.2M cumulative across ~13 txs)"));
        assertNull(LossParser.stablecoinPar("153,037 ETH (~$30M)"));
        assertNull(LossParser.stablecoinPar("4.7M VUSD"));
        assertNull(LossParser.stablecoinPar(null));
    }

    @Test
    void decimalCommaIsDetected() {
        assertTrue(LossParser.hasDecimalComma("~1,24M"));
        assertTrue(LossParser.hasDecimalComma("~$1,6M"));
        assertFalse(LossParser.hasDecimalComma("737,000"));
        assertFalse(LossParser.hasDecimalComma("$1,240,000"));
    }

    @Test
    void plainDecimals() {
        assertEquals(new BigDecimal("1250000.50"), LossParser.plainDecimal("1250000.5"));
        assertNull(LossParser.plainDecimal(" "));
        assertThrows(NumberFormatException.class, () -> LossParser.plainDecimal("1,000"));
        assertThrows(NumberFormatException.class, () -> LossParser.plainDecimal("-5"));
        assertThrows(NumberFormatException.class, () -> LossParser.plainDecimal("1e9"));
    }
}
