package dev.perimeter.util;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UsdTest {
    private static String c(String x) {
        return Usd.compact(new BigDecimal(x));
    }

    @Test
    void compactKeepsSmallLossesReadableAndRollsOverUnits() {
        assertEquals("$480", c("480"), "a $480 loss once read '~$0K'");
        assertEquals("$0", c("0.4"));
        assertEquals("$1K", c("999.6"), "rounds up into the next unit, never '$1000'");
        assertEquals("$21.5K", c("21500"));
        assertEquals("$1M", c("999950"), "never '$1000K'");
        assertEquals("$219K", c("219000"));
        assertEquals("$4.7M", c("4700000"));
        assertEquals("$292M", c("292000000"));
        assertEquals("$1.46B", c("1460000000"));
        assertEquals("$2500B", c("2500000000000"), "the largest unit is B");
        assertEquals("-$52K", c("-52000"));
        assertEquals("unknown", Usd.compact(null));
    }

    @Test
    void approxAndExact() {
        assertEquals("~$480", Usd.approx(new BigDecimal("480")));
        assertEquals("an unknown amount", Usd.approx(null));
        assertEquals("$292,000,000", Usd.exact(new BigDecimal("292000000")));
        assertEquals("$1,234.56", Usd.exact(new BigDecimal("1234.555")));
        assertEquals("$1,234.50", Usd.exact(new BigDecimal("1234.5")));
        assertEquals("unknown", Usd.exact(null));
    }
}
