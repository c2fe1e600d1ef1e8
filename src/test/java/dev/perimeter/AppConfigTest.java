package dev.perimeter;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class AppConfigTest {
    @Test
    void defaults() {
        AppConfig c = AppConfig.from(Map.of());
        assertEquals(7070, c.server().port());
        assertEquals("jdbc:h2:file:./perimeter-data/perimeter;AUTO_SERVER=TRUE", c.db().url(),
                "auto-server mode: the commands work while the server runs");
        assertEquals("sa", c.db().user(), "H2's user");
        assertEquals("", c.db().password());
        assertEquals(java.util.List.of("ethereum", "arbitrum", "optimism", "base", "polygon", "bsc", "avalanche", "solana"), c.chains().enabled());
        assertEquals(8, c.chains().rpcUrls().size());
        assertTrue(c.chains().rpcUrls().values().stream().allMatch(u -> u.startsWith("https://")));
        assertEquals(java.time.Duration.ofSeconds(8), c.chains().timeout());
        assertNull(c.dataDir(), "the data bundled in the jar");
    }

    @Test
    void overrides() {
        AppConfig c = AppConfig.from(Map.of("PERIMETER_PORT", "8080", "PERIMETER_CHAINS", "Base, ethereum ,base",
                "PERIMETER_RPC_BASE", "http://127.0.0.1:8545", "PERIMETER_DB_URL", "jdbc:postgresql://localhost/p"));
        assertEquals(8080, c.server().port());
        assertEquals(java.util.List.of("base", "ethereum"), c.chains().enabled());
        assertEquals("http://127.0.0.1:8545", c.chains().rpcUrls().get("base"));
        assertEquals("", c.db().user(), "no user unless one is set on PostgreSQL");
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

    /** The settings table (docs/operations.md, linked from the README), row by row: `PERIMETER_X` | default | meaning. */
    static java.util.List<String[]> readmeRows() throws java.io.IOException {
        java.util.List<String[]> rows = new java.util.ArrayList<>();
        for (String line : documentedTableLines()) {
            String[] cells = line.split("\\|");
            rows.add(new String[] {cells[1].trim().replace("`", ""), cells[2].trim().replace("`", "")});
        }
        return rows;
    }

    /** The lines of the settings table (docs/operations.md, "Configuration") that name a setting, as written. */
    static java.util.List<String> documentedTableLines() throws java.io.IOException {
        java.nio.file.Path readme = java.nio.file.Path.of(System.getProperty("perimeter.root", ".")).resolve("docs/operations.md");
        java.util.List<String> lines = new java.util.ArrayList<>();
        boolean inSection = false;
        for (String line : java.nio.file.Files.readAllLines(readme)) {
            if (line.startsWith("## ")) inSection = line.equals("## Configuration");
            if (inSection && line.startsWith("| `PERIMETER_")) lines.add(line);
        }
        return lines;
    }

    /**
     * The documentation's table is AppConfig's, word for word: a setting's meaning is written once, in AppConfig, and the
     * table in docs/operations.md is what {@link AppConfig#markdownTable()} prints.
     */
    @Test
    void theDocumentedTableIsTheTablePrintedFromAppConfig() throws Exception {
        java.util.List<String> printed = AppConfig.markdownTable().lines().filter(l -> l.startsWith("| `PERIMETER_")).toList();
        assertEquals(AppConfig.settings().size(), printed.size());
        assertEquals(String.join("\n", printed), String.join("\n", documentedTableLines()),
                "paste AppConfig.markdownTable() into the documentation (or change the meaning in AppConfig)");
    }

    @Test
    void theReadmeTableListsExactlyEverySettingWithItsDefaultInOrder() throws Exception {
        java.util.List<String[]> readme = readmeRows();
        java.util.List<AppConfig.Setting> settings = AppConfig.settings();
        java.util.List<String> want = settings.stream().map(x -> x.name() + " = " + x.defaultValue()).toList();
        java.util.List<String> got = readme.stream().map(r -> r[0] + " = " + r[1]).toList();
        assertEquals(want, got, "docs/operations.md's configuration table must list AppConfig.settings(), row by row");
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
        AppConfig.LimitsSettings d = AppConfig.from(Map.of()).limits();
        assertEquals(new AppConfig.LimitsSettings(100_000, 1_000, 20, java.time.Duration.ofDays(90)), d);
        AppConfig.LimitsSettings c = AppConfig.from(Map.of("PERIMETER_MAX_DISMISSALS", "500", "PERIMETER_DISMISSALS_PER_VIEWER", "10",
                "PERIMETER_WATCHES_PER_CLIENT", "3", "PERIMETER_WATCH_TTL", "12h")).limits();
        assertEquals(new AppConfig.LimitsSettings(500, 10, 3, java.time.Duration.ofHours(12)), c);
        AppConfig.InvalidConfig e = assertThrows(AppConfig.InvalidConfig.class, () -> AppConfig.from(Map.of("PERIMETER_WATCH_TTL", "30m",
                "PERIMETER_WATCHES_PER_CLIENT", "0", "PERIMETER_MAX_DISMISSALS", "-1")));
        assertEquals(3, e.problems().size(), e.problems().toString());
        assertTrue(e.problems().get(e.problems().size() - 1).startsWith("PERIMETER_WATCH_TTL: must be a duration from 1h"), e.problems().toString());
    }

    @Test
    void controlTtlHasItsDefaultAndBounds() {
        assertEquals(java.time.Duration.ofHours(1), AppConfig.from(Map.of()).control().ttl());
        assertEquals(java.time.Duration.ofMinutes(30), AppConfig.from(Map.of("PERIMETER_CONTROL_TTL", "30m")).control().ttl());
        assertEquals(java.time.Duration.ofDays(7), AppConfig.from(Map.of("PERIMETER_CONTROL_TTL", "7d")).control().ttl());
        for (String bad : new String[] {"30s", "8d", "soon", "1 hour"}) {
            AppConfig.InvalidConfig e = assertThrows(AppConfig.InvalidConfig.class, () -> AppConfig.from(Map.of("PERIMETER_CONTROL_TTL", bad)));
            assertTrue(e.problems().get(0).startsWith("PERIMETER_CONTROL_TTL: must be a duration from 1m to 7d"), e.problems().toString());
        }
    }

    @Test
    void tunablesHaveTheirDocumentedDefaultsAndOverrides() {
        AppConfig d = AppConfig.from(Map.of());
        assertEquals(java.time.Duration.ofMillis(5000), d.server().pageCacheTtl());
        assertEquals(java.time.Duration.ofSeconds(30), d.server().healthCacheTtl());
        assertEquals(400, d.chains().multicallChunk());
        assertEquals(100, d.server().protocolTokenCap());
        assertTrue(d.server().trustedProxies().isEmpty());
        AppConfig c = AppConfig.from(Map.of("PERIMETER_MULTICALL_CHUNK", "250", "PERIMETER_TRUSTED_PROXIES", "10.0.0.0/8, 2001:db8::/32"));
        assertEquals(250, c.chains().multicallChunk());
        assertEquals(2, c.server().trustedProxies().size());
        assertTrue(c.server().trustedProxies().get(0).contains("10.1.2.3"));
        assertFalse(c.server().trustedProxies().get(0).contains("11.1.2.3"));
        assertTrue(c.server().trustedProxies().get(1).contains("2001:db8::1"));
        assertFalse(c.server().trustedProxies().get(1).contains("10.1.2.3"));
    }

    @Test
    void feedsAndTheUpdateIntervalAreConfigurable() {
        AppConfig d = AppConfig.from(Map.of());
        assertEquals(AppConfig.DEFAULT_DEFILLAMA_FEED, d.feeds().defiLlama().toString());
        assertEquals(AppConfig.DEFAULT_REVOKE_FEED, d.feeds().revoke().toString());
        assertEquals(java.time.Duration.ofHours(12), d.feeds().updateInterval(), "every 12 hours by default: the data must not silently age");
        assertNull(AppConfig.from(Map.of("PERIMETER_UPDATE_INTERVAL", "off")).feeds().updateInterval(), "off still turns it off");
        assertNull(AppConfig.from(Map.of("PERIMETER_UPDATE_INTERVAL", "OFF")).feeds().updateInterval(), "in any case");
        assertEquals(java.time.Duration.ofSeconds(60), d.feeds().timeout());
        assertEquals(32L * 1024 * 1024, d.feeds().maxBytes());
        AppConfig c = AppConfig.from(Map.of("PERIMETER_UPDATE_INTERVAL", "6h", "PERIMETER_FEED_DEFILLAMA_URL", "off",
                "PERIMETER_FEED_REVOKE_URL", "http://mirror.internal/approval-exploit-list", "PERIMETER_FEED_MAX_MB", "8"));
        assertEquals(java.time.Duration.ofHours(6), c.feeds().updateInterval());
        assertNull(c.feeds().defiLlama(), "off skips the feed");
        assertEquals("http://mirror.internal/approval-exploit-list/", c.feeds().revoke().toString(), "a base URL ends with /");
        assertEquals(8L * 1024 * 1024, c.feeds().maxBytes());
        assertEquals(java.time.Duration.ofMinutes(30), AppConfig.from(Map.of("PERIMETER_UPDATE_INTERVAL", "30m")).feeds().updateInterval());
        assertEquals(java.time.Duration.ofDays(1), AppConfig.from(Map.of("PERIMETER_UPDATE_INTERVAL", "1d")).feeds().updateInterval());
        AppConfig.InvalidConfig e = assertThrows(AppConfig.InvalidConfig.class, () -> AppConfig.from(Map.of("PERIMETER_UPDATE_INTERVAL", "1m",
                "PERIMETER_FEED_DEFILLAMA_URL", "ftp://example.org/hacks")));
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("PERIMETER_UPDATE_INTERVAL: must be between 5m and 30d")), e.problems().toString());
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("PERIMETER_FEED_DEFILLAMA_URL: must be an http")), e.problems().toString());
    }

    @Test
    void thePublicUrlIsAnHttpAddressKeptWithoutItsTrailingSlash() {
        assertNull(AppConfig.from(Map.of()).server().publicUrl(), "unset: feeds use the request's Host, webhooks carry paths");
        assertEquals("https://perimeter.example.org", AppConfig.from(Map.of("PERIMETER_PUBLIC_URL", "https://perimeter.example.org/")).server().publicUrl().toString());
        assertEquals("http://10.0.0.5:7070/perimeter", AppConfig.from(Map.of("PERIMETER_PUBLIC_URL", " http://10.0.0.5:7070/perimeter// ")).server().publicUrl().toString());
        for (String bad : java.util.List.of("perimeter.example.org", "ftp://example.org", "https://example.org/?a=1", "https://example.org/#x",
                "https://user@example.org", "https:///nohost")) {
            AppConfig.InvalidConfig e = assertThrows(AppConfig.InvalidConfig.class, () -> AppConfig.from(Map.of("PERIMETER_PUBLIC_URL", bad)), bad);
            assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("PERIMETER_PUBLIC_URL:")), bad + ": " + e.problems());
        }
    }

    @Test
    void watchesAndTheirWebhook() {
        AppConfig d = AppConfig.from(Map.of());
        assertEquals(new AppConfig.WatchSettings(1000, java.time.Duration.ofHours(6), 4, null, null), d.watches(),
                "scan slots: half of PERIMETER_MAX_CONCURRENT_SCANS (8)");
        assertEquals(1, AppConfig.from(Map.of("PERIMETER_MAX_CONCURRENT_SCANS", "1")).watches().scanSlots(), "at least one");
        AppConfig c = AppConfig.from(Map.of("PERIMETER_WEBHOOK_URL", "https://hooks.example.org/p", "PERIMETER_WEBHOOK_SECRET",
                "0123456789abcdef", "PERIMETER_WATCH_SCAN_SLOTS", "8", "PERIMETER_WATCH_INTERVAL", "30m"));
        assertEquals("https://hooks.example.org/p", c.watches().webhookUrl().toString());
        assertEquals("0123456789abcdef", c.watches().webhookSecret());
        assertEquals(8, c.watches().scanSlots());
        assertEquals(java.time.Duration.ofMinutes(30), c.watches().interval());
        assertFalse(c.toString().contains("0123456789abcdef"), c.toString());
        assertFalse(c.watches().toString().contains("0123456789abcdef"), c.watches().toString());
        AppConfig withPassword = AppConfig.from(Map.of("PERIMETER_DB_PASSWORD", "hunter2-db-password"));
        assertEquals("hunter2-db-password", withPassword.db().password());
        assertFalse(withPassword.db().toString().contains("hunter2"), withPassword.db().toString());

        AppConfig.InvalidConfig e = assertThrows(AppConfig.InvalidConfig.class, () -> AppConfig.from(Map.of(
                "PERIMETER_WEBHOOK_URL", "https://hooks.example.org/p", "PERIMETER_WEBHOOK_SECRET", "short",
                "PERIMETER_WATCH_SCAN_SLOTS", "9")));
        assertEquals(java.util.List.of("PERIMETER_WATCH_SCAN_SLOTS: must not exceed PERIMETER_MAX_CONCURRENT_SCANS (8)",
                "PERIMETER_WEBHOOK_SECRET: required with PERIMETER_WEBHOOK_URL, at least 16 characters"), e.problems());
        AppConfig.InvalidConfig alone = assertThrows(AppConfig.InvalidConfig.class,
                () -> AppConfig.from(Map.of("PERIMETER_WEBHOOK_SECRET", "0123456789abcdef")));
        assertEquals(java.util.List.of("PERIMETER_WEBHOOK_SECRET: set without PERIMETER_WEBHOOK_URL"), alone.problems());
    }

    @Test
    void scansHaveTheirDefaultsAndOverrides() {
        AppConfig.ScanSettings d = AppConfig.from(Map.of()).scan();
        assertEquals(new AppConfig.ScanSettings(java.time.Duration.ofSeconds(60), 2000, 8, java.time.Duration.ofSeconds(10), 30,
                java.time.Duration.ofMillis(5000)), d);
        AppConfig.ScanSettings c = AppConfig.from(Map.of("PERIMETER_CACHE_TTL_SECONDS", "0", "PERIMETER_SCAN_CACHE_ENTRIES", "5",
                "PERIMETER_MAX_CONCURRENT_SCANS", "2", "PERIMETER_SCAN_WAIT_SECONDS", "1", "PERIMETER_SCAN_RATE_PER_MINUTE", "7",
                "PERIMETER_DISMISSAL_REFRESH_MS", "0")).scan();
        assertEquals(new AppConfig.ScanSettings(java.time.Duration.ZERO, 5, 2, java.time.Duration.ofSeconds(1), 7, java.time.Duration.ZERO), c);
    }

    /** The usage text names every setting of the table (each chain's RPC URL as one), from the table itself. */
    @Test
    void theUsageNamesEverySetting() {
        String usage = App.USAGE.replaceAll("\\s+", " ");
        for (AppConfig.Setting s : AppConfig.settings()) {
            String name = s.name().startsWith("PERIMETER_RPC_") ? "PERIMETER_RPC_<CHAIN>" : s.name();
            assertTrue(usage.contains(" " + name + ",") || usage.contains(" " + name + " (docs/operations.md)"), name);
        }
        assertTrue(App.USAGE.lines().allMatch(l -> l.length() <= 120), App.USAGE);
    }
}
