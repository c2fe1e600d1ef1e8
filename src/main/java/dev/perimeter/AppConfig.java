package dev.perimeter;

import dev.perimeter.util.Chains;
import dev.perimeter.util.Cidr;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * All configuration, read once from {@code PERIMETER_*} environment variables and validated at start-up (one problem line
 * per bad value). Each setting is written once, in {@link #TABLE}: its name, default, parser and meaning; the
 * documentation's settings table is printed from it ({@link #markdownTable()}). Each feature reads its own record.
 * RPC URLs come only from here, never from a request.
 */
public record AppConfig(DbSettings db, Path dataDir, ChainSettings chains, ScanSettings scan, ServerSettings server,
                        FeedSettings feeds, WatchSettings watches, ControlSettings control, LimitsSettings limits) {

    /** PERIMETER_DB_*: the database. The password is never printed. */
    public record DbSettings(String url, String user, String password) {
        public boolean h2() {
            return url.startsWith("jdbc:h2:");
        }

        @Override
        public String toString() {
            return "DbSettings[url=" + url + ", user=" + user + "]";
        }
    }

    /** The chains scanned, their endpoints, and how each is read: a time budget per chain, calls per Multicall3 batch. */
    public record ChainSettings(List<String> enabled, Map<String, String> rpcUrls, Duration timeout, int multicallChunk) {}

    /**
     * Wallet scans: how long and how many results are reused, how many run at once and how long one waits for a slot,
     * how many a client may start per minute, how often a viewer's dismissals are re-read.
     */
    public record ScanSettings(Duration cacheTtl, int cacheEntries, int maxConcurrent, Duration slotWait, int ratePerMinute,
                               Duration dismissalRefresh) {}

    /**
     * The web server: its port, the proxies whose X-Forwarded-For is believed, how long pages and /health are reused, the
     * registry tokens one protocol page lists, and the public address absolute links start with (null: none).
     */
    public record ServerSettings(int port, List<Cidr> trustedProxies, Duration pageCacheTtl, Duration healthCacheTtl,
                                 int protocolTokenCap, URI publicUrl) {}

    /**
     * update-data's feeds (null: off) and how they are fetched; updateInterval null: no in-server updates.
     */
    public record FeedSettings(URI defiLlama, URI revoke, URI prices, Duration updateInterval, Duration timeout, long maxBytes) {}

    /**
     * Watches: how many are kept, how often each is rescanned and with how many scan slots, and the operator's webhook
     * (null: none). The webhook secret is never printed.
     */
    public record WatchSettings(int max, Duration interval, int scanSlots, URI webhookUrl, String webhookSecret) {
        @Override
        public String toString() {
            return "WatchSettings[max=" + max + ", interval=" + interval + ", scanSlots=" + scanSlots + ", webhook="
                    + (webhookUrl == null ? "off" : "on") + "]";
        }
    }

    /** Who controls a contract (issue 21): how long a reading is reused before the contract is read again. */
    public record ControlSettings(Duration ttl) {}

    /**
     * Limits of what clients can make the instance store: dismissals (per viewer and in all) and watches (per client and
     * day, and how long an unread watch is kept).
     */
    public record LimitsSettings(int maxDismissals, int dismissalsPerViewer, int watchesPerClient, Duration watchTtl) {}

    // ---- the table: every setting once --------------------------------------------------------------------------------

    /** How a setting's text is read: its value, or problems (without the setting's name, which the caller puts first). */
    @FunctionalInterface
    interface Parser<T> {
        T parse(String text, List<String> problems);

        default <R> Parser<R> map(Function<T, R> f) {
            return (text, problems) -> {
                T v = parse(text, problems);
                return v == null ? null : f.apply(v);
            };
        }
    }

    /**
     * One PERIMETER_* setting. {@code dflt} is the text read when the variable is unset (null: unset means none, or a
     * value derived from other settings); {@code shown} is the default as the documentation writes it (markdown);
     * {@code blankIsUnset}: an empty value counts as unset (otherwise the parser reads it, e.g. as "off").
     */
    record Def<T>(String name, String dflt, String shown, boolean blankIsUnset, Parser<T> parser, String meaning) {
        T read(Map<String, String> env, List<String> problems) {
            String v = env.get(name);
            if (v == null || blankIsUnset && v.isBlank()) return fallback();
            List<String> mine = new ArrayList<>();
            T value = parser.parse(v, mine);
            if (mine.isEmpty()) return value;
            for (String p : mine) problems.add(name + ": " + p);
            return fallback();
        }

        /** The default's value (null when there is none). */
        T fallback() {
            if (dflt == null) return null;
            List<String> problems = new ArrayList<>();
            T value = parser.parse(dflt, problems);
            if (!problems.isEmpty()) throw new IllegalStateException(name + ": the default does not parse: " + problems);
            return value;
        }

        Setting doc() {
            return new Setting(name, shown, meaning);
        }
    }

    /** A setting whose default is a literal value, shown as code. */
    private static <T> Def<T> def(String name, String dflt, Parser<T> parser, String meaning) {
        return new Def<>(name, dflt, "`" + dflt + "`", true, parser, meaning);
    }

    /** A whole number within [min, max]. */
    static Parser<Integer> whole(int min, int max) {
        return (text, problems) -> {
            try {
                int n = Integer.parseInt(text.trim());
                if (n >= min && n <= max) return n;
                problems.add("must be between " + min + " and " + max + " (got " + text.trim() + ")");
            } catch (NumberFormatException e) {
                problems.add("not a whole number (got '" + text + "')");
            }
            return null;
        };
    }

    /** "6h", "30m", "1d" within [min, max]; {@code example} ends the problem line ("such as 30m, 6h or 1d"). */
    static Parser<Duration> duration(Duration min, Duration max, String range, String example) {
        return (text, problems) -> {
            Duration d = interval(text.trim());
            if (d != null && d.compareTo(min) >= 0 && d.compareTo(max) <= 0) return d;
            problems.add("must be a duration from " + range + " such as " + example + " (got '" + text.trim() + "')");
            return null;
        };
    }

    /** An http(s) URL with a host, or "off" / empty (null: the feed is skipped). A base URL gets a trailing slash. */
    static Parser<URI> feedUrl(boolean base) {
        return (text, problems) -> {
            String v = text.trim();
            if (v.isEmpty() || v.equalsIgnoreCase("off")) return null;
            if (!(v.startsWith("http://") || v.startsWith("https://"))) {
                problems.add("must be an http:// or https:// URL, or off (got '" + v + "')");
                return null;
            }
            try {
                URI u = URI.create(base && !v.endsWith("/") ? v + "/" : v);
                u.toURL();
                if (u.getHost() == null) throw new IllegalArgumentException("no host");
                return u;
            } catch (Exception e) {
                problems.add("not a valid URL (" + e.getMessage() + ")");
                return null;
            }
        };
    }

    private static final Parser<String> TEXT = (text, problems) -> text;

    public static final String DEFAULT_DEFILLAMA_FEED = "https://api.llama.fi/hacks";
    public static final String DEFAULT_REVOKE_FEED = "https://raw.githubusercontent.com/RevokeCash/approval-exploit-list/main/";
    /** DefiLlama's coins API, historical prices: {base}{unix seconds}/{coin ids}. */
    public static final String DEFAULT_PRICES_FEED = "https://coins.llama.fi/prices/historical/";
    /**
     * PERIMETER_DB_URL's default: an H2 file in auto-server mode, so that {@code update-data} and {@code import-incidents}
     * work while the server runs (the first process opens the file, later ones reach it through a TCP server that
     * {@link dev.perimeter.db.Database} keeps on the loopback interface). docs/operations.md, "H2 and the commands".
     */
    public static final String DEFAULT_DB_URL = "jdbc:h2:file:./perimeter-data/perimeter;AUTO_SERVER=TRUE";
    /** PERIMETER_UPDATE_INTERVAL's default: the data must not silently age (issue 19); "off" turns the in-server updates off. */
    public static final String DEFAULT_UPDATE_INTERVAL = "12h";

    static final Def<Integer> PORT = def("PERIMETER_PORT", "7070", whole(0, 65535), "HTTP port");
    static final Def<String> DB_URL = new Def<>("PERIMETER_DB_URL", DEFAULT_DB_URL, "`" + DEFAULT_DB_URL + "`", false,
            (text, problems) -> {
                String url = text.trim();
                if (url.startsWith("jdbc:h2:") || url.startsWith("jdbc:postgresql:")) return url;
                problems.add("must start with jdbc:h2: or jdbc:postgresql: (got '" + url + "')");
                return null;
            },
            "JDBC URL: an H2 file (in auto-server mode, so `update-data` and `import-incidents` work while the server runs:"
                    + " [H2 and the commands](#h2-and-the-commands)), or `jdbc:postgresql://host:5432/db`");
    /** Unset: "sa" on H2, empty on PostgreSQL. */
    static final Def<String> DB_USER = new Def<>("PERIMETER_DB_USER", null, "`sa`", false, TEXT, "database user");
    static final Def<String> DB_PASSWORD = new Def<>("PERIMETER_DB_PASSWORD", "", "(empty)", false, TEXT, "database password");
    static final Def<List<String>> CHAINS = new Def<>("PERIMETER_CHAINS", String.join(",", Chains.slugs()),
            "`" + String.join(",", Chains.slugs()) + "`", false, (text, problems) -> {
                List<String> chains = new ArrayList<>();
                boolean unknown = false;
                for (String raw : text.split(",")) {
                    String slug = raw.trim().toLowerCase(Locale.ROOT);
                    if (slug.isEmpty()) continue;
                    if (Chains.bySlug(slug).isEmpty()) {
                        problems.add("unknown chain '" + raw.trim() + "' (known: " + String.join(", ", Chains.slugs()) + ")");
                        unknown = true;
                    } else if (!chains.contains(slug)) {
                        chains.add(slug);
                    }
                }
                if (chains.isEmpty() && !unknown) problems.add("names no chain");
                return List.copyOf(chains);
            }, "chains to scan");
    /** PERIMETER_RPC_<CHAIN> of each known chain, by slug. */
    static final Map<String, Def<String>> RPC;

    static {
        Map<String, Def<String>> rpc = new LinkedHashMap<>();
        for (Chains.Chain c : Chains.ALL) {
            // The first row says what the number is; the others follow it.
            String id = c == Chains.ALL.get(0) ? "chain id " + c.chainId() : String.valueOf(c.chainId());
            rpc.put(c.slug(), new Def<>("PERIMETER_RPC_" + c.slug().toUpperCase(Locale.ROOT), c.defaultRpc(), "`" + c.defaultRpc() + "`",
                    false, (text, problems) -> {
                        String url = text.trim();
                        if (!(url.startsWith("http://") || url.startsWith("https://"))) {
                            problems.add("must be an http:// or https:// URL (got '" + url + "')");
                            return null;
                        }
                        try {
                            URI.create(url).toURL();
                            return url;
                        } catch (Exception e) {
                            problems.add("not a valid URL (" + e.getMessage() + ")");
                            return null;
                        }
                    }, Chains.isEvm(c.slug()) ? "JSON-RPC URL for " + c.name() + " (" + id + ")"
                            : "JSON-RPC URL for Solana mainnet (getBalance, getTokenAccountsByOwner and getProgramAccounts in one batch)"));
        }
        RPC = java.util.Collections.unmodifiableMap(rpc);
    }

    static final Def<Path> DATA_DIR = new Def<>("PERIMETER_DATA_DIR", null, "(the `data/` bundled in the jar)", true,
            (text, problems) -> {
                Path dir = Path.of(text.trim());
                if (Files.isDirectory(dir)) return dir;
                problems.add("not a folder: " + text);
                return null;
            }, "folder with the data files; set it to load an edited copy");
    static final Def<Duration> CHAIN_TIMEOUT = def("PERIMETER_CHAIN_TIMEOUT_MS", "8000", whole(100, 600_000).map(Duration::ofMillis),
            "time budget for scanning one chain, counted from when that chain's work starts");
    static final Def<Duration> CACHE_TTL = def("PERIMETER_CACHE_TTL_SECONDS", "60", whole(0, 86_400).map(Duration::ofSeconds),
            "how long a scan result is reused");
    static final Def<Integer> SCAN_RATE = def("PERIMETER_SCAN_RATE_PER_MINUTE", "30", whole(1, 1_000_000),
            "wallet scans (and ENS look-ups) per client address per minute, 429 with `Retry-After` beyond; reports served from"
                    + " the scan cache are free");
    static final Def<Integer> MAX_CONCURRENT_SCANS = def("PERIMETER_MAX_CONCURRENT_SCANS", "8", whole(1, 1_000),
            "wallet scans running at once (the scan pool has this many threads per chain); more wait, then get 503 with"
                    + " `Retry-After`");
    static final Def<Duration> SCAN_WAIT = def("PERIMETER_SCAN_WAIT_SECONDS", "10", whole(0, 600).map(Duration::ofSeconds),
            "how long a scan waits for a free slot before the 503");
    static final Def<Integer> SCAN_CACHE_ENTRIES = def("PERIMETER_SCAN_CACHE_ENTRIES", "2000", whole(0, 1_000_000),
            "scan results kept in memory at most");
    static final Def<Duration> PAGE_CACHE_TTL = def("PERIMETER_PAGE_CACHE_TTL_MS", "5000", whole(0, 3_600_000).map(Duration::ofMillis),
            "how long a rendered incident, statistics or infrastructure page (or its JSON) is reused");
    static final Def<Duration> HEALTH_CACHE_TTL = def("PERIMETER_HEALTH_CACHE_SECONDS", "30", whole(0, 86_400).map(Duration::ofSeconds),
            "how long `/health` reuses its last probe of the RPC endpoints");
    static final Def<Duration> DISMISSAL_REFRESH = def("PERIMETER_DISMISSAL_REFRESH_MS", "5000",
            whole(0, 3_600_000).map(Duration::ofMillis),
            "how often a viewer's dismissals are re-read (another instance may share the database)");
    static final Def<Integer> DISMISSALS_PER_VIEWER = def("PERIMETER_DISMISSALS_PER_VIEWER", "1000", whole(1, 1_000_000),
            "findings one viewer may keep dismissed; one more answers 429 with `Retry-After` until some are shown again");
    static final Def<Integer> MAX_DISMISSALS = def("PERIMETER_MAX_DISMISSALS", "100000", whole(1, 100_000_000),
            "dismissals kept in all, every viewer together; one more answers 429 with `Retry-After`");
    static final Def<Integer> PROTOCOL_TOKEN_CAP = def("PERIMETER_PROTOCOL_TOKEN_CAP", "100", whole(1, 100_000),
            "registry tokens listed on one protocol page at most");
    static final Def<Integer> MULTICALL_CHUNK = def("PERIMETER_MULTICALL_CHUNK", "400", whole(1, 5_000),
            "calls per Multicall3 `aggregate3` (`bench/README.md` has the measurements behind the default)");
    static final Def<List<Cidr>> TRUSTED_PROXIES = new Def<>("PERIMETER_TRUSTED_PROXIES", "", "(none)", true, (text, problems) -> {
        List<Cidr> proxies = new ArrayList<>();
        for (String part : text.split(",")) {
            if (part.isBlank()) continue;
            try {
                proxies.add(Cidr.parse(part));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        return List.copyOf(proxies);
    }, "comma list of CIDRs (e.g. `10.0.0.0/8`) whose `X-Forwarded-For` is believed; otherwise the socket address is the client");
    static final Def<URI> FEED_DEFILLAMA = new Def<>("PERIMETER_FEED_DEFILLAMA_URL", DEFAULT_DEFILLAMA_FEED,
            "`" + DEFAULT_DEFILLAMA_FEED + "`", false, feedUrl(false),
            "DefiLlama's hacks endpoint (a JSON array) that `update-data` reads; `off` skips this feed");
    static final Def<URI> FEED_REVOKE = new Def<>("PERIMETER_FEED_REVOKE_URL", DEFAULT_REVOKE_FEED, "`" + DEFAULT_REVOKE_FEED + "`",
            false, feedUrl(true),
            "base URL of Revoke.cash's approval-exploit-list files (`index.json`, `exploits/{slug}.json`); `off` skips this feed");
    static final Def<URI> FEED_PRICES = new Def<>("PERIMETER_FEED_PRICES_URL", DEFAULT_PRICES_FEED, "`" + DEFAULT_PRICES_FEED + "`",
            false, feedUrl(true),
            "DefiLlama's coins API for historical prices (`{url}{unix time}/{coin ids}`): `update-data` asks it for the daily"
                    + " closes token-stated losses need and `data/prices/daily-usd.csv` lacks; `off` skips");
    static final Def<Duration> UPDATE_INTERVAL = new Def<>("PERIMETER_UPDATE_INTERVAL", DEFAULT_UPDATE_INTERVAL,
            "`" + DEFAULT_UPDATE_INTERVAL + "`", false, (text, problems) -> {
                String iv = text.trim().toLowerCase(Locale.ROOT);
                if (iv.isEmpty() || iv.equals("off")) return null;
                Duration d = interval(iv);
                if (d == null) problems.add("not an interval like 6h, 30m or 1d, or off (got '" + iv + "')");
                else if (d.compareTo(Duration.ofMinutes(5)) < 0 || d.compareTo(Duration.ofDays(30)) > 0) {
                    problems.add("must be between 5m and 30d (got " + iv + ")");
                } else return d;
                return null;
            }, "run `update-data` inside the server this often (`6h`, `30m`, `1d`; 5m to 30d), so the data does not silently"
                    + " age; `off`: only by command. The first run comes in the background at least 30 s after start-up: an"
                    + " unreachable or failing feed never delays or stops the start");
    static final Def<Duration> FEED_TIMEOUT = def("PERIMETER_FEED_TIMEOUT_SECONDS", "60", whole(1, 3600).map(Duration::ofSeconds),
            "time for one feed file's whole answer (connecting: 10 s at most)");
    static final Def<Long> FEED_MAX_BYTES = def("PERIMETER_FEED_MAX_MB", "32", whole(1, 1024).map(mb -> mb * 1024L * 1024L),
            "largest feed file accepted, in MiB (a larger answer fails as `too_large`)");
    static final Def<Integer> MAX_WATCHES = def("PERIMETER_MAX_WATCHES", "1000", whole(0, 1_000_000),
            "watches kept at most; creating one more answers 429 with `Retry-After`");
    static final Def<Integer> WATCHES_PER_CLIENT = def("PERIMETER_WATCHES_PER_CLIENT", "20", whole(1, 1_000_000),
            "watches one client address may create per 24 hours (a bucket refilled over the day, held in memory only); one"
                    + " more answers 429 with `Retry-After`, other clients unaffected");
    static final Def<Duration> WATCH_TTL = def("PERIMETER_WATCH_TTL", "90d",
            duration(Duration.ofHours(1), Duration.ofDays(3650), "1h to 3650d", "90d or 12h"),
            "a watch whose page, feed or API answer was not read for this long is deleted (`12h`, `30d`; 1 hour to 3650 days)");
    static final Def<Duration> WATCH_INTERVAL = def("PERIMETER_WATCH_INTERVAL", "6h",
            duration(Duration.ofMinutes(1), Duration.ofDays(30), "1m to 30d", "30m, 6h or 1d"),
            "how often every watch is rescanned (besides after every data change): `30m`, `6h`, `1d` (1 minute to 30 days)");
    /** Unset: half of PERIMETER_MAX_CONCURRENT_SCANS, at least 1. */
    static final Def<Integer> WATCH_SCAN_SLOTS = new Def<>("PERIMETER_WATCH_SCAN_SLOTS", null,
            "(half of `PERIMETER_MAX_CONCURRENT_SCANS`, at least 1)", true, whole(1, 1_000),
            "scan slots watch rescans may hold at once; the other slots stay free for people's scans");
    static final Def<URI> WEBHOOK_URL = new Def<>("PERIMETER_WEBHOOK_URL", null, "(none)", true, (text, problems) -> {
        try {
            URI u = URI.create(text.trim());
            if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) return u;
            problems.add("must be an http:// or https:// URL with a host");
        } catch (IllegalArgumentException e) {
            problems.add("not a valid URL");
        }
        return null;
    }, "http(s) URL that receives one signed JSON POST per watch change (set by the operator only, never by a request)");
    /** Checked with the URL in {@link #from}: required with it, at least 16 characters, and refused without it. */
    static final Def<String> WEBHOOK_SECRET = new Def<>("PERIMETER_WEBHOOK_SECRET", null, "(none)", true, TEXT,
            "key of the webhook's HMAC-SHA256 signature; required with the URL, at least 16 characters");
    static final Def<Duration> CONTROL_TTL = def("PERIMETER_CONTROL_TTL", "1h",
            duration(Duration.ofMinutes(1), Duration.ofDays(7), "1m to 7d", "30m, 1h or 1d"),
            "how long a contract's control reading (who can upgrade it, what verifies its bridge: [control.md](control.md)) is"
                    + " reused before it is read again (`30m`, `1h`, `1d`; 1 minute to 7 days)");
    static final Def<URI> PUBLIC_URL = new Def<>("PERIMETER_PUBLIC_URL", null, "(none)", true, AppConfig::publicUrl,
            "the address people reach Perimeter at (`https://perimeter.example.org`, a path prefix allowed): the Atom feeds'"
                    + " and webhooks' links are absolute under it; without it feeds take the request's scheme and `Host`,"
                    + " webhooks carry paths");

    /** Every setting, in the order the documentation lists them. */
    static final List<Def<?>> TABLE;

    static {
        List<Def<?>> t = new ArrayList<>(List.of(PORT, DB_URL, DB_USER, DB_PASSWORD, CHAINS));
        t.addAll(RPC.values());
        t.addAll(List.of(DATA_DIR, CHAIN_TIMEOUT, CACHE_TTL, SCAN_RATE, MAX_CONCURRENT_SCANS, SCAN_WAIT, SCAN_CACHE_ENTRIES,
                PAGE_CACHE_TTL, HEALTH_CACHE_TTL, DISMISSAL_REFRESH, DISMISSALS_PER_VIEWER, MAX_DISMISSALS, PROTOCOL_TOKEN_CAP,
                MULTICALL_CHUNK, TRUSTED_PROXIES, FEED_DEFILLAMA, FEED_REVOKE, FEED_PRICES, UPDATE_INTERVAL, FEED_TIMEOUT,
                FEED_MAX_BYTES, MAX_WATCHES, WATCHES_PER_CLIENT, WATCH_TTL, WATCH_INTERVAL, WATCH_SCAN_SLOTS, WEBHOOK_URL,
                WEBHOOK_SECRET, CONTROL_TTL, PUBLIC_URL));
        TABLE = List.copyOf(t);
    }

    /**
     * One documented setting: its name, its default as the documentation shows it (markdown: code, or a description in
     * parentheses) and its meaning (markdown).
     */
    public record Setting(String name, String shownDefault, String meaning) {
        /** The default as plain text: "7070", "(none)", "(the data/ bundled in the jar)". */
        public String defaultValue() {
            return shownDefault.replace("`", "");
        }

        /** The documentation's table row: | `NAME` | default | meaning |. */
        public String markdownRow() {
            return "| `" + name + "` | " + shownDefault + " | " + meaning + " |";
        }
    }

    public static List<Setting> settings() {
        return TABLE.stream().map(Def::doc).toList();
    }

    /** The documentation's settings table, header included: what docs/operations.md's "Configuration" table must say. */
    public static String markdownTable() {
        StringBuilder sb = new StringBuilder("| variable | default | meaning |\n|---|---|---|\n");
        for (Setting s : settings()) sb.append(s.markdownRow()).append('\n');
        return sb.toString();
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

    /** Reads every setting of the table from env (tests pass a map), checks the ones that depend on each other. */
    public static AppConfig from(Map<String, String> env) {
        List<String> problems = new ArrayList<>();

        String dbUrl = DB_URL.read(env, problems);
        String dbUser = DB_USER.read(env, problems);
        if (dbUser == null) dbUser = dbUrl != null && dbUrl.startsWith("jdbc:h2:") ? "sa" : "";
        DbSettings db = new DbSettings(dbUrl, dbUser, DB_PASSWORD.read(env, problems));

        List<String> chains = CHAINS.read(env, problems);
        Map<String, String> rpc = new LinkedHashMap<>();
        RPC.forEach((slug, def) -> {
            String url = def.read(env, problems);
            if (url != null) rpc.put(slug, url);
        });
        for (String key : env.keySet()) {
            if (key.startsWith("PERIMETER_RPC_")) {
                String slug = key.substring("PERIMETER_RPC_".length()).toLowerCase(Locale.ROOT);
                if (Chains.bySlug(slug).isEmpty()) problems.add(key + ": unknown chain '" + slug + "'");
            }
        }
        Path dataDir = DATA_DIR.read(env, problems);
        ChainSettings chainSettings = new ChainSettings(chains == null ? List.of() : chains, Map.copyOf(rpc),
                CHAIN_TIMEOUT.read(env, problems), MULTICALL_CHUNK.read(env, problems));

        int concurrent = MAX_CONCURRENT_SCANS.read(env, problems);
        ScanSettings scan = new ScanSettings(CACHE_TTL.read(env, problems), SCAN_CACHE_ENTRIES.read(env, problems), concurrent,
                SCAN_WAIT.read(env, problems), SCAN_RATE.read(env, problems), DISMISSAL_REFRESH.read(env, problems));
        ServerSettings server = new ServerSettings(PORT.read(env, problems), TRUSTED_PROXIES.read(env, problems),
                PAGE_CACHE_TTL.read(env, problems), HEALTH_CACHE_TTL.read(env, problems), PROTOCOL_TOKEN_CAP.read(env, problems),
                PUBLIC_URL.read(env, problems));
        FeedSettings feeds = new FeedSettings(FEED_DEFILLAMA.read(env, problems), FEED_REVOKE.read(env, problems),
                FEED_PRICES.read(env, problems), UPDATE_INTERVAL.read(env, problems), FEED_TIMEOUT.read(env, problems),
                FEED_MAX_BYTES.read(env, problems));

        Integer slots = WATCH_SCAN_SLOTS.read(env, problems);
        int watchSlots = slots != null ? slots : Math.max(1, concurrent / 2);
        if (watchSlots > concurrent) {
            problems.add(WATCH_SCAN_SLOTS.name() + ": must not exceed " + MAX_CONCURRENT_SCANS.name() + " (" + concurrent + ")");
        }
        URI webhook = WEBHOOK_URL.read(env, problems);
        String secret = WEBHOOK_SECRET.read(env, problems);
        boolean webhookGiven = !env.getOrDefault(WEBHOOK_URL.name(), "").isBlank();
        if (webhookGiven && (secret == null || secret.length() < 16)) {
            problems.add(WEBHOOK_SECRET.name() + ": required with " + WEBHOOK_URL.name() + ", at least 16 characters");
        } else if (!webhookGiven && secret != null) {
            problems.add(WEBHOOK_SECRET.name() + ": set without " + WEBHOOK_URL.name());
        }
        WatchSettings watches = new WatchSettings(MAX_WATCHES.read(env, problems), WATCH_INTERVAL.read(env, problems), watchSlots,
                webhook, webhook == null ? null : secret);
        ControlSettings control = new ControlSettings(CONTROL_TTL.read(env, problems));
        LimitsSettings limits = new LimitsSettings(MAX_DISMISSALS.read(env, problems), DISMISSALS_PER_VIEWER.read(env, problems),
                WATCHES_PER_CLIENT.read(env, problems), WATCH_TTL.read(env, problems));

        if (!problems.isEmpty()) throw new InvalidConfig(problems);
        return new AppConfig(db, dataDir, chainSettings, scan, server, feeds, watches, control, limits);
    }

    /**
     * PERIMETER_PUBLIC_URL: an http(s) URL with a host and at most a path prefix (no query, fragment or user info), kept
     * without its trailing slash.
     */
    static URI publicUrl(String text, List<String> problems) {
        String v = text.trim();
        try {
            URI u = new URI(v);
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null || u.getRawQuery() != null
                    || u.getRawFragment() != null || u.getRawUserInfo() != null) {
                problems.add("must be an http:// or https:// URL with a host and no query, fragment or user name"
                        + " (such as https://perimeter.example.org)");
                return null;
            }
            String path = u.getRawPath() == null ? "" : u.getRawPath();
            while (path.endsWith("/")) path = path.substring(0, path.length() - 1);
            return new URI(u.getScheme() + "://" + u.getRawAuthority() + path);
        } catch (java.net.URISyntaxException e) {
            problems.add("not a valid URL");
            return null;
        }
    }

    private static final Pattern INTERVAL = Pattern.compile("(\\d{1,6})\\s*([smhd])");

    /** "6h", "30m", "1d", "90s" → a duration; null when it is not one. */
    static Duration interval(String s) {
        Matcher m = INTERVAL.matcher(s);
        if (!m.matches()) return null;
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** Neither the database password nor the webhook secret is printed with the configuration. */
    @Override
    public String toString() {
        return "AppConfig[port=" + server.port() + ", chains=" + chains.enabled() + ", webhook=" + (watches.webhookUrl() == null ? "off" : "on") + "]";
    }
}
