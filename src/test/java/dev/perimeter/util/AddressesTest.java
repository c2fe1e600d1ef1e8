package dev.perimeter.util;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class AddressesTest {
    // Test vectors from EIP-55.
    @Test
    void checksumMatchesEip55Vectors() {
        for (String a : new String[] {"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
                "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"}) {
            assertEquals(a, Addresses.checksum(a.toLowerCase()));
            assertTrue(Addresses.validate(a).ok());
        }
    }

    @Test
    void acceptsSingleCaseAndRejectsBadChecksum() {
        assertEquals("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", Addresses.validate("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed").lowercase());
        assertTrue(Addresses.validate("0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED").ok());
        Addresses.Check wrong = Addresses.validate("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD");
        assertFalse(wrong.ok());
        assertTrue(wrong.error().contains("checksum"));
        assertFalse(Addresses.validate("0x123").ok());
        assertFalse(Addresses.validate("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed").ok());
        assertFalse(Addresses.validate("0xZZaeb6053f3e94c9b9a09f33669435e7ef1beaed").ok());
        assertFalse(Addresses.validate("").ok());
        assertFalse(Addresses.validate(null).ok());
    }
}
