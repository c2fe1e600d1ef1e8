package dev.perimeter;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class AppConfigTest {
    @Test
    void defaults() {
        AppConfig c = AppConfig.from(Map.of());
        assertEquals(7070, c.port());
        assertEquals("jdbc:h2:file:./perimeter-data/perimeter;AUTO_SERVER=TRUE", c.dbUrl(),
                "auto-server mode: the commands work while the server runs");
        assertEquals(java.util.List.of("ethereum", "arbitrum", "optimism", "base", "polygon", "bsc", "avalanche", "solana"), c.chains());
        assertEquals(8, c.rpcUrls().size());
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
                "PERIMETER_PORT", "seventy", "PERIMETER_CHAINS", "ethereum,dogechain", "PERIMETER_RPC_ETHEREUM", "ftp://x",
                "PERIMETER_DB_URL", "jdbc:mysql://x", "PERIMETER_RPC_MARS", "http://x", "PERIMETER_CHAIN_TIMEOUT_MS", "5")));
        assertEquals(6, e.problems().size(), e.problems().toString());
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("PERIMETER_PORT:")));
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("PERIMETER_CHAINS: unknown chain 'dogechain'")));
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("PERIMETER_RPC_ETHEREUM:")));
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("PERIMETER_DB_URL:")));
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("PERIMETER_RPC_MARS:")));
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("PERIMETER_CHAIN_TIMEOUT_MS:")));
    }

    /** The README's configuration table, row by row: `PERIMETER_X` | default | meaning. */
    static java.util.List<String[]> readmeRows() throws java.io.IOException {
        java.nio.file.Path readme = java.nio.file.Path.of(System.getProperty("perimeter.root", ".")).resolve("README.md");
        java.util.List<String[]> rows = new java.util.ArrayList<>();
        boolean inSection = false;
        for (String line : java.nio.file.Files.readAllLines(readme)) {
            if (line.startsWith("## ")) inSection = line.equals("## Configuration");
            if (!inSection || !line.startsWith("| `PERIMETER_")) continue;
            String[] cells = line.split("\\|");
            rows.add(new String[] {cells[1].trim().replace("`", ""), cells[2].trim().replace("`", "")});
        }
        return rows;
    }

    @Test
    void theReadmeTableListsExactlyEverySettingWithItsDefaultInOrder() throws Exception {
        java.util.List<String[]> readme = readmeRows();
        java.util.List<AppConfig.Setting> settings = AppConfig.settings();
        java.util.List<String> want = settings.stream().map(x -> x.name() + " = " + x.defaultValue()).toList();
        java.util.List<String> got = readme.stream().map(r -> r[0] + " = " + r[1]).toList();
        assertEquals(want, got, "README.md's configuration table must list AppConfig.settings(), row by row");
        // Every setting is read by AppConfig.from: a wrong value of it is reported under its name.
        for (AppConfig.Setting x : settings) {
            if (x.name().equals("PERIMETER_DB_USER") || x.name().equals("PERIMETER_DB_PASSWORD")) continue; // free text
            AppConfig.InvalidConfig e = assertThrows(AppConfig.InvalidConfig.class,
                    () -> AppConfig.from(Map.of(x.name(), "not/a:valid value")), x.name());
            assertTrue(e.problems().stream().anyMatch(p -> p.startsWith(x.name() + ":")), x.name() + ": " + e.problems());
        }
    }

    @Test
    void abuseLimitsHaveTheirDefaultsAndOverrides() {
        AppConfig.Limits d = AppConfig.from(Map.of()).limits();
        assertEquals(new AppConfig.Limits(100_000, 1_000, 20, java.time.Duration.ofDays(90)), d);
        AppConfig.Limits c = AppConfig.from(Map.of("PERIMETER_MAX_DISMISSALS", "500", "PERIMETER_DISMISSALS_PER_VIEWER", "10",
                "PERIMETER_WATCHES_PER_CLIENT", "3", "PERIMETER_WATCH_TTL", "12h")).limits();
        assertEquals(new AppConfig.Limits(500, 10, 3, java.time.Duration.ofHours(12)), c);
        AppConfig.InvalidConfig e = assertThrows(AppConfig.InvalidConfig.class, () -> AppConfig.from(Map.of("PERIMETER_WATCH_TTL", "30m",
                "PERIMETER_WATCHES_PER_CLIENT", "0", "PERIMETER_MAX_DISMISSALS", "-1")));
        assertEquals(3, e.problems().size(), e.problems().toString());
        assertTrue(e.problems().get(e.problems().size() - 1).startsWith("PERIMETER_WATCH_TTL: must be a duration from 1h"), e.problems().toString());
    }

    @Test
    void tunablesHaveTheirDocumentedDefaultsAndOverrides() {
        AppConfig d = AppConfig.from(Map.of());
        assertEquals(java.time.Duration.ofMillis(5000), d.pageCacheTtl());
        assertEquals(java.time.Duration.ofSeconds(30), d.healthCacheTtl());
        assertEquals(400, d.multicallChunk());
        assertEquals(100, d.protocolTokenCap());
        assertTrue(d.trustedProxies().isEmpty());
        AppConfig c = AppConfig.from(Map.of("PERIMETER_MULTICALL_CHUNK", "250", "PERIMETER_TRUSTED_PROXIES", "10.0.0.0/8, 2001:db8::/32"));
        assertEquals(250, c.multicallChunk());
        assertEquals(2, c.trustedProxies().size());
        assertTrue(c.trustedProxies().get(0).contains("10.1.2.3"));
        assertFalse(c.trustedProxies().get(0).contains("11.1.2.3"));
        assertTrue(c.trustedProxies().get(1).contains("2001:db8::1"));
        assertFalse(c.trustedProxies().get(1).contains("10.1.2.3"));
    }

    @Test
    void feedsAndTheUpdateIntervalAreConfigurable() {
        AppConfig d = AppConfig.from(Map.of());
        assertEquals(AppConfig.DEFAULT_DEFILLAMA_FEED, d.feedDefiLlamaUrl().toString());
        assertEquals(AppConfig.DEFAULT_REVOKE_FEED, d.feedRevokeUrl().toString());
        assertEquals(java.time.Duration.ofHours(12), d.updateInterval(), "every 12 hours by default: the data must not silently age");
        assertNull(AppConfig.from(Map.of("PERIMETER_UPDATE_INTERVAL", "off")).updateInterval(), "off still turns it off");
        assertNull(AppConfig.from(Map.of("PERIMETER_UPDATE_INTERVAL", "OFF")).updateInterval(), "in any case");
        assertEquals(java.time.Duration.ofSeconds(60), d.feedTimeout());
        assertEquals(32L * 1024 * 1024, d.feedMaxBytes());
        AppConfig c = AppConfig.from(Map.of("PERIMETER_UPDATE_INTERVAL", "6h", "PERIMETER_FEED_DEFILLAMA_URL", "off",
                "PERIMETER_FEED_REVOKE_URL", "http://mirror.internal/approval-exploit-list", "PERIMETER_FEED_MAX_MB", "8"));
        assertEquals(java.time.Duration.ofHours(6), c.updateInterval());
        assertNull(c.feedDefiLlamaUrl(), "off skips the feed");
        assertEquals("http://mirror.internal/approval-exploit-list/", c.feedRevokeUrl().toString(), "a base URL ends with /");
        assertEquals(8L * 1024 * 1024, c.feedMaxBytes());
        assertEquals(java.time.Duration.ofMinutes(30), AppConfig.from(Map.of("PERIMETER_UPDATE_INTERVAL", "30m")).updateInterval());
        assertEquals(java.time.Duration.ofDays(1), AppConfig.from(Map.of("PERIMETER_UPDATE_INTERVAL", "1d")).updateInterval());
        AppConfig.InvalidConfig e = assertThrows(AppConfig.InvalidConfig.class, () -> AppConfig.from(Map.of("PERIMETER_UPDATE_INTERVAL", "1m",
                "PERIMETER_FEED_DEFILLAMA_URL", "ftp://example.org/hacks")));
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("PERIMETER_UPDATE_INTERVAL: must be between 5m and 30d")), e.problems().toString());
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("PERIMETER_FEED_DEFILLAMA_URL: must be an http")), e.problems().toString());
    }

    @Test
    void thePublicUrlIsAnHttpAddressKeptWithoutItsTrailingSlash() {
        assertNull(AppConfig.from(Map.of()).publicUrl(), "unset: feeds use the request's Host, webhooks carry paths");
        assertEquals("https://perimeter.example.org", AppConfig.from(Map.of("PERIMETER_PUBLIC_URL", "https://perimeter.example.org/")).publicUrl().toString());
        assertEquals("http://10.0.0.5:7070/perimeter", AppConfig.from(Map.of("PERIMETER_PUBLIC_URL", " http://10.0.0.5:7070/perimeter// ")).publicUrl().toString());
        for (String bad : java.util.List.of("perimeter.example.org", "ftp://example.org", "https://example.org/?a=1", "https://example.org/#x",
                "https://user@example.org", "https:///nohost")) {
            AppConfig.InvalidConfig e = assertThrows(AppConfig.InvalidConfig.class, () -> AppConfig.from(Map.of("PERIMETER_PUBLIC_URL", bad)), bad);
            assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("PERIMETER_PUBLIC_URL:")), bad + ": " + e.problems());
        }
    }
}
