package dev.perimeter;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class AppConfigTest {
    @Test
    void defaults() {
        AppConfig c = AppConfig.from(Map.of());
        assertEquals(7070, c.port());
        assertEquals("jdbc:h2:file:./perimeter-data/perimeter", c.dbUrl());
        assertEquals(java.util.List.of("ethereum", "arbitrum", "optimism", "base", "polygon", "bsc", "avalanche"), c.chains());
        assertEquals(7, c.rpcUrls().size());
        assertTrue(c.rpcUrls().values().stream().allMatch(u -> u.startsWith("https://")));
    }

    @Test
    void overrides() {
        AppConfig c = AppConfig.from(Map.of("PERIMETER_PORT", "8080", "PERIMETER_CHAINS", "Base, ethereum ,base",
                "PERIMETER_RPC_BASE", "http://127.0.0.1:8545", "PERIMETER_DB_URL", "jdbc:postgresql://localhost/p"));
        assertEquals(8080, c.port());
        assertEquals(java.util.List.of("base", "ethereum"), c.chains());
        assertEquals("http://127.0.0.1:8545", c.rpcUrls().get("base"));
    }

    @Test
    void everyBadValueGetsItsOwnLine() {
        AppConfig.InvalidConfig e = assertThrows(AppConfig.InvalidConfig.class, () -> AppConfig.from(Map.of(
                "PERIMETER_PORT", "seventy", "PERIMETER_CHAINS", "ethereum,solana", "PERIMETER_RPC_ETHEREUM", "ftp://x",
                "PERIMETER_DB_URL", "jdbc:mysql://x", "PERIMETER_RPC_MARS", "http://x", "PERIMETER_CHAIN_TIMEOUT_MS", "5")));
        assertEquals(6, e.problems().size(), e.problems().toString());
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("PERIMETER_PORT:")));
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("PERIMETER_CHAINS: unknown chain 'solana'")));
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("PERIMETER_RPC_ETHEREUM:")));
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("PERIMETER_DB_URL:")));
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("PERIMETER_RPC_MARS:")));
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("PERIMETER_CHAIN_TIMEOUT_MS:")));
    }
}
