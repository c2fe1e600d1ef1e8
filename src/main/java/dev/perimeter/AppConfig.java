package dev.perimeter;

import dev.perimeter.util.Chains;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * All configuration, read once from {@code PERIMETER_*} environment variables and validated at start-up.
 * RPC URLs come only from here, never from a request.
 */
public record AppConfig(
        int port,
        String dbUrl,
        String dbUser,
        String dbPassword,
        List<String> chains,
        Map<String, String> rpcUrls,
        Path dataDir,
        Duration chainTimeout,
        Duration cacheTtl,
        int scanRatePerMinute,
        int maxConcurrentScans,
        Duration scanSlotWait,
        int scanCacheEntries,
        Duration pageCacheTtl,
        Duration healthCacheTtl,
        Duration dismissalRefresh,
        int protocolTokenCap,
        int multicallChunk,
        List<Cidr> trustedProxies,
        java.net.URI feedDefiLlamaUrl,
        java.net.URI feedRevokeUrl,
        Duration updateInterval,
        Duration feedTimeout,
        long feedMaxBytes,
        int maxWatches,
        Duration watchInterval,
        int watchScanSlots,
        java.net.URI webhookUrl,
        String webhookSecret,
        java.net.URI publicUrl,
        java.net.URI feedPricesUrl,
        Limits limits) {

    public static final String DEFAULT_DEFILLAMA_FEED = "https://api.llama.fi/hacks";
    public static final String DEFAULT_REVOKE_FEED = "https://raw.githubusercontent.com/RevokeCash/approval-exploit-list/main/";
    /** DefiLlama's coins API, historical prices: {base}{unix seconds}/{coin ids}. */
    public static final String DEFAULT_PRICES_FEED = "https://coins.llama.fi/prices/historical/";
    /**
     * PERIMETER_DB_URL's default: an H2 file in auto-server mode, so that {@code update-data} and {@code import-incidents}
     * work while the server runs (the first process opens the file, later ones reach it through a TCP server that
     * {@link dev.perimeter.db.Database} keeps on the loopback interface). README, "H2 and the commands".
     */
    public static final String DEFAULT_DB_URL = "jdbc:h2:file:./perimeter-data/perimeter;AUTO_SERVER=TRUE";
    /** PERIMETER_UPDATE_INTERVAL's default: the data must not silently age (issue 19); "off" turns the in-server updates off. */
    public static final String DEFAULT_UPDATE_INTERVAL = "12h";

    /** The same configuration with other feed settings (tests point the feeds at a local server). */
    public AppConfig withFeeds(java.net.URI defiLlama, java.net.URI revoke, Duration timeout, long maxBytes) {
        return new AppConfig(port, dbUrl, dbUser, dbPassword, chains, rpcUrls, dataDir, chainTimeout, cacheTtl, scanRatePerMinute,
                maxConcurrentScans, scanSlotWait, scanCacheEntries, pageCacheTtl, healthCacheTtl, dismissalRefresh, protocolTokenCap,
                multicallChunk, trustedProxies, defiLlama, revoke, updateInterval, timeout, maxBytes, maxWatches, watchInterval,
                watchScanSlots, webhookUrl, webhookSecret, publicUrl, feedPricesUrl, limits);
    }

    /** The same configuration with another price feed (tests point it at a local server; null: off). */
    public AppConfig withPriceFeed(java.net.URI prices) {
        return new AppConfig(port, dbUrl, dbUser, dbPassword, chains, rpcUrls, dataDir, chainTimeout, cacheTtl, scanRatePerMinute,
                maxConcurrentScans, scanSlotWait, scanCacheEntries, pageCacheTtl, healthCacheTtl, dismissalRefresh, protocolTokenCap,
                multicallChunk, trustedProxies, feedDefiLlamaUrl, feedRevokeUrl, updateInterval, feedTimeout, feedMaxBytes, maxWatches,
                watchInterval, watchScanSlots, webhookUrl, webhookSecret, publicUrl, prices, limits);
    }

    /**
     * Limits of what clients can make the instance store: dismissals (per viewer and in all) and watches (per client and
     * day, and how long an unread watch is kept).
     */
    public record Limits(int maxDismissals, int dismissalsPerViewer, int watchesPerClient, Duration watchTtl) {
        static final int MAX_DISMISSALS = 100_000, DISMISSALS_PER_VIEWER = 1_000, WATCHES_PER_CLIENT = 20;
        static final Duration WATCH_TTL = Duration.ofDays(90);

        static Limits parse(Map<String, String> env, List<String> problems) {
            int total = intValue(env, "PERIMETER_MAX_DISMISSALS", MAX_DISMISSALS, 1, 100_000_000, problems);
            int perViewer = intValue(env, "PERIMETER_DISMISSALS_PER_VIEWER", DISMISSALS_PER_VIEWER, 1, 1_000_000, problems);
            int perClient = intValue(env, "PERIMETER_WATCHES_PER_CLIENT", WATCHES_PER_CLIENT, 1, 1_000_000, problems);
            Duration ttl = WATCH_TTL;
            String t = env.get("PERIMETER_WATCH_TTL");
            if (t != null && !t.isBlank()) {
                ttl = interval(t.trim());
                if (ttl == null || ttl.compareTo(Duration.ofHours(1)) < 0 || ttl.compareTo(Duration.ofDays(3650)) > 0) {
                    problems.add("PERIMETER_WATCH_TTL: must be a duration from 1h to 3650d such as 90d or 12h (got '" + t.trim() + "')");
                    ttl = WATCH_TTL;
                }
            }
            return new Limits(total, perViewer, perClient, ttl);
        }

        static Setting dismissalsPerViewerSetting() {
            return new Setting("PERIMETER_DISMISSALS_PER_VIEWER", String.valueOf(DISMISSALS_PER_VIEWER),
                    "findings one viewer may keep dismissed (429 with Retry-After beyond, until some are shown again)");
        }

        static Setting maxDismissalsSetting() {
            return new Setting("PERIMETER_MAX_DISMISSALS", String.valueOf(MAX_DISMISSALS), "dismissals kept in all (429 with Retry-After beyond)");
        }

        static Setting watchesPerClientSetting() {
            return new Setting("PERIMETER_WATCHES_PER_CLIENT", String.valueOf(WATCHES_PER_CLIENT),
                    "watches one client address may create per 24 hours, held in memory (429 with Retry-After beyond)");
        }

        static Setting watchTtlSetting() {
            return new Setting("PERIMETER_WATCH_TTL", WATCH_TTL.toDays() + "d",
                    "a watch whose page, feed and API answer were not read for this long is deleted (1h to 3650d)");
        }
    }

    /** An IPv4 or IPv6 network in CIDR notation (a bare address is a /32 or /128). */
    public record Cidr(byte[] network, int prefix, String text) {
        public static Cidr parse(String s) {
            String t = s.trim();
            int slash = t.indexOf('/');
            String host = slash < 0 ? t : t.substring(0, slash);
            if (!host.matches("[0-9.]+|[0-9a-fA-F:]+")) throw new IllegalArgumentException("not an IP address: '" + host + "'");
            byte[] addr;
            try {
                addr = java.net.InetAddress.getByName(host).getAddress();
            } catch (java.net.UnknownHostException e) {
                throw new IllegalArgumentException("not an IP address: '" + host + "'");
            }
            int prefix = addr.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(t.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad prefix length in '" + t + "'");
                }
                if (prefix < 0 || prefix > addr.length * 8) throw new IllegalArgumentException("bad prefix length in '" + t + "'");
            }
            return new Cidr(addr, prefix, t);
        }

        /** Does this network contain the address (a literal IP; anything else is not contained)? */
        public boolean contains(String ip) {
            if (ip == null || !ip.matches("[0-9.]+|[0-9a-fA-F:]+")) return false;
            byte[] a;
            try {
                a = java.net.InetAddress.getByName(ip).getAddress();
            } catch (java.net.UnknownHostException e) {
                return false;
            }
            if (a.length != network.length) return false;
            int full = prefix / 8, rest = prefix % 8;
            for (int i = 0; i < full; i++) if (a[i] != network[i]) return false;
            if (rest == 0) return true;
            int mask = 0xff << (8 - rest) & 0xff;
            return (a[full] & mask) == (network[full] & mask);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** One documented setting: name, default, meaning. The README table is written from this list. */
    public record Setting(String name, String defaultValue, String meaning) {}

    public static List<Setting> settings() {
        List<Setting> s = new ArrayList<>();
        s.add(new Setting("PERIMETER_PORT", "7070", "HTTP port"));
        s.add(new Setting("PERIMETER_DB_URL", DEFAULT_DB_URL,
                "JDBC URL: an H2 file (default; AUTO_SERVER=TRUE lets update-data and import-incidents use it while the server"
                        + " runs) or jdbc:postgresql://host:5432/db"));
        s.add(new Setting("PERIMETER_DB_USER", "sa", "database user"));
        s.add(new Setting("PERIMETER_DB_PASSWORD", "(empty)", "database password"));
        s.add(new Setting("PERIMETER_CHAINS", String.join(",", Chains.slugs()), "comma list of chains to scan"));
        for (Chains.Chain c : Chains.ALL) {
            s.add(new Setting("PERIMETER_RPC_" + c.slug().toUpperCase(Locale.ROOT), c.defaultRpc(),
                    Chains.isEvm(c.slug()) ? "JSON-RPC URL for " + c.name() + " (chain id " + c.chainId() + ")"
                            : "JSON-RPC URL for Solana mainnet (getBalance, getTokenAccountsByOwner and getProgramAccounts in one batch)"));
        }
        s.add(new Setting("PERIMETER_DATA_DIR", "(the data/ bundled in the jar)",
                "folder with the shipped data files; set it to load an edited copy"));
        s.add(new Setting("PERIMETER_CHAIN_TIMEOUT_MS", "8000", "time budget for scanning one chain"));
        s.add(new Setting("PERIMETER_CACHE_TTL_SECONDS", "60", "how long a scan result is reused"));
        s.add(new Setting("PERIMETER_SCAN_RATE_PER_MINUTE", "30", "wallet scans allowed per client address per minute (429 beyond)"));
        s.add(new Setting("PERIMETER_MAX_CONCURRENT_SCANS", "8", "wallet scans running at once (the scan pool has this many threads per chain); more wait, then get 503"));
        s.add(new Setting("PERIMETER_SCAN_WAIT_SECONDS", "10", "how long a scan waits for a free slot before the 503"));
        s.add(new Setting("PERIMETER_SCAN_CACHE_ENTRIES", "2000", "scan results kept in memory at most"));
        s.add(new Setting("PERIMETER_PAGE_CACHE_TTL_MS", "5000", "how long a rendered incident, statistics or infrastructure page is reused"));
        s.add(new Setting("PERIMETER_HEALTH_CACHE_SECONDS", "30", "how long /health reuses its last probe of the RPC endpoints"));
        s.add(new Setting("PERIMETER_DISMISSAL_REFRESH_MS", "5000", "how often a viewer's dismissals are re-read (another instance may share the database)"));
        s.add(Limits.dismissalsPerViewerSetting());
        s.add(Limits.maxDismissalsSetting());
        s.add(new Setting("PERIMETER_PROTOCOL_TOKEN_CAP", "100", "registry tokens listed on one protocol page at most"));
        s.add(new Setting("PERIMETER_MULTICALL_CHUNK", "400", "calls per Multicall3 aggregate3 (bench/README.md has the measurements behind the default)"));
        s.add(new Setting("PERIMETER_TRUSTED_PROXIES", "(none)", "comma list of CIDRs whose X-Forwarded-For is believed (your load balancer); otherwise the socket address counts"));
        s.add(new Setting("PERIMETER_FEED_DEFILLAMA_URL", DEFAULT_DEFILLAMA_FEED,
                "DefiLlama's hacks endpoint (a JSON array) that update-data reads; off to skip this feed"));
        s.add(new Setting("PERIMETER_FEED_REVOKE_URL", DEFAULT_REVOKE_FEED,
                "base URL of Revoke.cash's approval-exploit-list files (index.json, exploits/{slug}.json); off to skip this feed"));
        s.add(new Setting("PERIMETER_FEED_PRICES_URL", DEFAULT_PRICES_FEED,
                "DefiLlama's coins API for historical prices ({url}{unix time}/{coin ids}): update-data asks it for the daily closes"
                        + " token-stated losses need and data/prices/daily-usd.csv lacks; off to skip"));
        s.add(new Setting("PERIMETER_UPDATE_INTERVAL", DEFAULT_UPDATE_INTERVAL,
                "run update-data inside the server this often (e.g. 6h, 30m, 1d; 5m to 30d); off: only by command. A failing feed"
                        + " never blocks start-up: the first run comes at least 30 s after it, in the background"));
        s.add(new Setting("PERIMETER_FEED_TIMEOUT_SECONDS", "60", "time for one feed file's whole answer (connecting: 10 s at most)"));
        s.add(new Setting("PERIMETER_FEED_MAX_MB", "32", "largest feed file accepted, in MiB"));
        s.add(new Setting("PERIMETER_MAX_WATCHES", "1000", "watches kept at most (429 beyond)"));
        s.add(Limits.watchesPerClientSetting());
        s.add(Limits.watchTtlSetting());
        s.add(new Setting("PERIMETER_WATCH_INTERVAL", "6h", "how often every watch is rescanned (also after every data change); 30m, 6h, 1d"));
        s.add(new Setting("PERIMETER_WATCH_SCAN_SLOTS", "(half of PERIMETER_MAX_CONCURRENT_SCANS, at least 1)",
                "scan slots watch rescans may hold at once; the others stay free for interactive scans"));
        s.add(new Setting("PERIMETER_WEBHOOK_URL", "(none)", "http(s) URL that receives one signed JSON POST per watch change"));
        s.add(new Setting("PERIMETER_WEBHOOK_SECRET", "(none)", "HMAC-SHA256 key of the webhook's X-Perimeter-Signature; required with the URL"));
        s.add(new Setting("PERIMETER_PUBLIC_URL", "(none)",
                "the address people reach Perimeter at (https://perimeter.example.org): absolute links of Atom feeds and webhooks;"
                        + " without it feeds take the request's scheme and Host, webhooks carry paths only"));
        return s;
    }

    /** Thrown with one line per bad value. */
    public static final class InvalidConfig extends RuntimeException {
        private final List<String> problems;

        InvalidConfig(List<String> problems) {
            super(String.join("\n", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    public static AppConfig fromEnv() {
        return from(System.getenv());
    }

    public static AppConfig from(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        int port = intValue(env, "PERIMETER_PORT", 7070, 0, 65535, problems);
        String dbUrl = env.getOrDefault("PERIMETER_DB_URL", DEFAULT_DB_URL).trim();
        if (!dbUrl.startsWith("jdbc:h2:") && !dbUrl.startsWith("jdbc:postgresql:")) {
            problems.add("PERIMETER_DB_URL: must start with jdbc:h2: or jdbc:postgresql: (got '" + dbUrl + "')");
        }
        String dbUser = env.getOrDefault("PERIMETER_DB_USER", dbUrl.startsWith("jdbc:h2:") ? "sa" : "");
        String dbPassword = env.getOrDefault("PERIMETER_DB_PASSWORD", "");

        List<String> chains = new ArrayList<>();
        String chainList = env.getOrDefault("PERIMETER_CHAINS", String.join(",", Chains.slugs()));
        for (String raw : chainList.split(",")) {
            String slug = raw.trim().toLowerCase(Locale.ROOT);
            if (slug.isEmpty()) continue;
            if (Chains.bySlug(slug).isEmpty()) {
                problems.add("PERIMETER_CHAINS: unknown chain '" + raw.trim() + "' (known: " + String.join(", ", Chains.slugs()) + ")");
            } else if (!chains.contains(slug)) {
                chains.add(slug);
            }
        }
        if (chains.isEmpty() && problems.stream().noneMatch(p -> p.startsWith("PERIMETER_CHAINS"))) {
            problems.add("PERIMETER_CHAINS: names no chain");
        }

        Map<String, String> rpc = new LinkedHashMap<>();
        for (Chains.Chain c : Chains.ALL) {
            String key = "PERIMETER_RPC_" + c.slug().toUpperCase(Locale.ROOT);
            String url = env.getOrDefault(key, c.defaultRpc()).trim();
            if (!(url.startsWith("http://") || url.startsWith("https://"))) {
                problems.add(key + ": must be an http:// or https:// URL (got '" + url + "')");
            } else {
                try {
                    java.net.URI.create(url).toURL();
                    rpc.put(c.slug(), url);
                } catch (Exception e) {
                    problems.add(key + ": not a valid URL (" + e.getMessage() + ")");
                }
            }
        }
        for (String key : env.keySet()) {
            if (key.startsWith("PERIMETER_RPC_")) {
                String slug = key.substring("PERIMETER_RPC_".length()).toLowerCase(Locale.ROOT);
                if (Chains.bySlug(slug).isEmpty()) problems.add(key + ": unknown chain '" + slug + "'");
            }
        }

        Path dataDir = null;
        String dd = env.get("PERIMETER_DATA_DIR");
        if (dd != null && !dd.isBlank()) {
            dataDir = Path.of(dd.trim());
            if (!java.nio.file.Files.isDirectory(dataDir)) problems.add("PERIMETER_DATA_DIR: not a folder: " + dd);
        }
        int timeoutMs = intValue(env, "PERIMETER_CHAIN_TIMEOUT_MS", 8000, 100, 600_000, problems);
        int ttl = intValue(env, "PERIMETER_CACHE_TTL_SECONDS", 60, 0, 86_400, problems);
        int rate = intValue(env, "PERIMETER_SCAN_RATE_PER_MINUTE", 30, 1, 1_000_000, problems);
        int concurrent = intValue(env, "PERIMETER_MAX_CONCURRENT_SCANS", 8, 1, 1_000, problems);
        int scanWait = intValue(env, "PERIMETER_SCAN_WAIT_SECONDS", 10, 0, 600, problems);
        int scanEntries = intValue(env, "PERIMETER_SCAN_CACHE_ENTRIES", 2000, 0, 1_000_000, problems);
        int pageTtl = intValue(env, "PERIMETER_PAGE_CACHE_TTL_MS", 5000, 0, 3_600_000, problems);
        int healthTtl = intValue(env, "PERIMETER_HEALTH_CACHE_SECONDS", 30, 0, 86_400, problems);
        int dismissalRefresh = intValue(env, "PERIMETER_DISMISSAL_REFRESH_MS", 5000, 0, 3_600_000, problems);
        int tokenCap = intValue(env, "PERIMETER_PROTOCOL_TOKEN_CAP", 100, 1, 100_000, problems);
        int chunk = intValue(env, "PERIMETER_MULTICALL_CHUNK", 400, 1, 5_000, problems);
        List<Cidr> proxies = new ArrayList<>();
        String tp = env.getOrDefault("PERIMETER_TRUSTED_PROXIES", "");
        for (String part : tp.split(",")) {
            if (part.isBlank()) continue;
            try {
                proxies.add(Cidr.parse(part));
            } catch (IllegalArgumentException e) {
                problems.add("PERIMETER_TRUSTED_PROXIES: " + e.getMessage());
            }
        }

        java.net.URI llama = feedUrl(env, "PERIMETER_FEED_DEFILLAMA_URL", DEFAULT_DEFILLAMA_FEED, false, problems);
        java.net.URI revoke = feedUrl(env, "PERIMETER_FEED_REVOKE_URL", DEFAULT_REVOKE_FEED, true, problems);
        java.net.URI prices = feedUrl(env, "PERIMETER_FEED_PRICES_URL", DEFAULT_PRICES_FEED, true, problems);
        Duration interval = null;
        String iv = env.getOrDefault("PERIMETER_UPDATE_INTERVAL", DEFAULT_UPDATE_INTERVAL).trim().toLowerCase(Locale.ROOT);
        if (!iv.isEmpty() && !iv.equals("off")) {
            interval = interval(iv);
            if (interval == null) problems.add("PERIMETER_UPDATE_INTERVAL: not an interval like 6h, 30m or 1d, or off (got '" + iv + "')");
            else if (interval.compareTo(Duration.ofMinutes(5)) < 0 || interval.compareTo(Duration.ofDays(30)) > 0) {
                problems.add("PERIMETER_UPDATE_INTERVAL: must be between 5m and 30d (got " + iv + ")");
                interval = null;
            }
        }
        int feedTimeout = intValue(env, "PERIMETER_FEED_TIMEOUT_SECONDS", 60, 1, 3600, problems);
        int feedMb = intValue(env, "PERIMETER_FEED_MAX_MB", 32, 1, 1024, problems);
        int maxWatches = intValue(env, "PERIMETER_MAX_WATCHES", 1000, 0, 1_000_000, problems);
        Duration watchInterval = Duration.ofHours(6);
        String wi = env.get("PERIMETER_WATCH_INTERVAL");
        if (wi != null && !wi.isBlank()) {
            watchInterval = interval(wi.trim());
            if (watchInterval == null || watchInterval.compareTo(Duration.ofMinutes(1)) < 0 || watchInterval.compareTo(Duration.ofDays(30)) > 0) {
                problems.add("PERIMETER_WATCH_INTERVAL: must be a duration from 1m to 30d such as 30m, 6h or 1d (got '" + wi.trim() + "')");
                watchInterval = Duration.ofHours(6);
            }
        }
        int watchSlots = intValue(env, "PERIMETER_WATCH_SCAN_SLOTS", Math.max(1, concurrent / 2), 1, 1_000, problems);
        if (watchSlots > concurrent) problems.add("PERIMETER_WATCH_SCAN_SLOTS: must not exceed PERIMETER_MAX_CONCURRENT_SCANS (" + concurrent + ")");
        java.net.URI webhook = null;
        String wu = env.getOrDefault("PERIMETER_WEBHOOK_URL", "").trim();
        String secret = env.getOrDefault("PERIMETER_WEBHOOK_SECRET", "");
        if (!wu.isEmpty()) {
            try {
                webhook = java.net.URI.create(wu);
                if (!("http".equals(webhook.getScheme()) || "https".equals(webhook.getScheme())) || webhook.getHost() == null) {
                    problems.add("PERIMETER_WEBHOOK_URL: must be an http:// or https:// URL with a host");
                    webhook = null;
                }
            } catch (IllegalArgumentException e) {
                problems.add("PERIMETER_WEBHOOK_URL: not a valid URL");
            }
            if (secret.length() < 16) problems.add("PERIMETER_WEBHOOK_SECRET: required with PERIMETER_WEBHOOK_URL, at least 16 characters");
        } else if (!secret.isEmpty()) {
            problems.add("PERIMETER_WEBHOOK_SECRET: set without PERIMETER_WEBHOOK_URL");
        }

        java.net.URI publicUrl = publicUrl(env.getOrDefault("PERIMETER_PUBLIC_URL", "").trim(), problems);
        Limits limits = Limits.parse(env, problems);

        if (!problems.isEmpty()) throw new InvalidConfig(problems);
        return new AppConfig(port, dbUrl, dbUser, dbPassword, List.copyOf(chains), Map.copyOf(rpc), dataDir,
                Duration.ofMillis(timeoutMs), Duration.ofSeconds(ttl), rate, concurrent, Duration.ofSeconds(scanWait), scanEntries,
                Duration.ofMillis(pageTtl), Duration.ofSeconds(healthTtl), Duration.ofMillis(dismissalRefresh), tokenCap, chunk,
                List.copyOf(proxies), llama, revoke, interval, Duration.ofSeconds(feedTimeout), feedMb * 1024L * 1024L,
                maxWatches, watchInterval, watchSlots, webhook, webhook == null ? null : secret, publicUrl, prices, limits);
    }

    /**
     * PERIMETER_PUBLIC_URL: an http(s) URL with a host and at most a path prefix (no query, fragment or user info), kept
     * without its trailing slash; null when unset.
     */
    static java.net.URI publicUrl(String v, List<String> problems) {
        if (v.isEmpty()) return null;
        try {
            java.net.URI u = new java.net.URI(v);
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null || u.getRawQuery() != null
                    || u.getRawFragment() != null || u.getRawUserInfo() != null) {
                problems.add("PERIMETER_PUBLIC_URL: must be an http:// or https:// URL with a host and no query, fragment or user name"
                        + " (such as https://perimeter.example.org)");
                return null;
            }
            String path = u.getRawPath() == null ? "" : u.getRawPath();
            while (path.endsWith("/")) path = path.substring(0, path.length() - 1);
            return new java.net.URI(u.getScheme() + "://" + u.getRawAuthority() + path);
        } catch (java.net.URISyntaxException e) {
            problems.add("PERIMETER_PUBLIC_URL: not a valid URL");
            return null;
        }
    }

    /** "6h", "30m", "1d", "90s" → a duration; null when it is not one. */
    static Duration interval(String s) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,6})\\s*([smhd])").matcher(s);
        if (!m.matches()) return null;
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** A feed URL: http(s), or "off" (null: the feed is skipped). A base URL gets a trailing slash. */
    private static java.net.URI feedUrl(Map<String, String> env, String key, String dflt, boolean base, List<String> problems) {
        String v = env.getOrDefault(key, dflt).trim();
        if (v.isEmpty() || v.equalsIgnoreCase("off")) return null;
        if (!(v.startsWith("http://") || v.startsWith("https://"))) {
            problems.add(key + ": must be an http:// or https:// URL, or off (got '" + v + "')");
            return null;
        }
        try {
            java.net.URI u = java.net.URI.create(base && !v.endsWith("/") ? v + "/" : v);
            u.toURL();
            if (u.getHost() == null) throw new IllegalArgumentException("no host");
            return u;
        } catch (Exception e) {
            problems.add(key + ": not a valid URL (" + e.getMessage() + ")");
            return null;
        }
    }

    /** The webhook secret is never printed with the configuration. */
    @Override
    public String toString() {
        return "AppConfig[port=" + port + ", chains=" + chains + ", webhook=" + (webhookUrl == null ? "off" : "on") + "]";
    }

    private static int intValue(Map<String, String> env, String key, int dflt, int min, int max, List<String> problems) {
        String v = env.get(key);
        if (v == null || v.isBlank()) return dflt;
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                problems.add(key + ": must be between " + min + " and " + max + " (got " + v.trim() + ")");
                return dflt;
            }
            return n;
        } catch (NumberFormatException e) {
            problems.add(key + ": not a whole number (got '" + v + "')");
            return dflt;
        }
    }
}
