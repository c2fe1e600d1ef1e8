package dev.perimeter.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perimeter.incident.ExternalRecords;
import dev.perimeter.incident.IncidentService;
import dev.perimeter.sources.FeedFetcher;
import dev.perimeter.sources.Parsed;
import dev.perimeter.sources.Problem;
import dev.perimeter.sources.RevokeFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code update-data}, from the command line or inside the server: fetches each configured feed (connect and read
 * timeouts, a size cap, If-None-Match / If-Modified-Since with what the feed said last time), validates it as the
 * importers do, and applies the rows of every feed that answered well in one transaction. A feed that fails, times out or
 * serves garbage changes nothing and is reported by name with its error kind; the others still apply. Feed URLs come only
 * from configuration. After a change, {@code onChange} runs (the server rebuilds its exposure snapshot).
 */
public final class UpdateService {
    private static final Logger log = LoggerFactory.getLogger(UpdateService.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One configured feed: its name and URL (DefiLlama: the hacks endpoint; Revoke.cash: the base URL of the list's files). */
    public record Feed(String name, URI url) {}

    /**
     * How one feed went.
     * @param errorKind null when it went well; else unreachable, timeout, http_status, too_large, truncated, invalid or apply
     * @param error     Perimeter's sentence for the error (never the response body)
     * @param problems  for invalid content: every problem with its position (for the command's output, not for /health)
     * @param files     files that answered with content (not "not modified")
     */
    public record FeedResult(String feed, String errorKind, String error, List<String> problems, int files, int notModified, int rows) {
        public boolean ok() {
            return errorKind == null;
        }
    }

    /**
     * What one run did: per feed, and what the data build made of the rows of those that went well.
     * @param held   feed rows held back, each with its position and why (an implausible loss no review confirms)
     * @param prices the daily closes the price feed gave and what they changed (none when it is off or failed)
     */
    public record Report(List<FeedResult> feeds, IncidentService.Applied applied, List<String> held, IncidentService.PricesApplied prices) {
        public Report(List<FeedResult> feeds, IncidentService.Applied applied) {
            this(feeds, applied, List.of(), new IncidentService.PricesApplied(0, List.of()));
        }

        public boolean ok() {
            return feeds.stream().allMatch(FeedResult::ok);
        }
    }

    /** The name of the price feed (PERIMETER_FEED_PRICES_URL) among the feeds. */
    public static final String PRICES = "prices";
    /** Dates asked of the price feed in one run at most (one request per date); the rest wait for the next run. */
    public static final int MAX_PRICE_DATES_PER_RUN = 100;
    /** How far from the end of the day the price feed's answer may be (DefiLlama searches 6 hours either side by default). */
    public static final java.time.Duration PRICE_TOLERANCE = java.time.Duration.ofHours(6);
    private static final ObjectMapper EXACT = new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final IncidentService incidents;
    private final FeedStateStore state;
    private final FeedFetcher fetcher;
    private final List<Feed> feeds;
    private final Clock clock;
    private final Runnable onChange;

    public UpdateService(IncidentService incidents, FeedStateStore state, FeedFetcher fetcher, List<Feed> feeds, Clock clock,
                         Runnable onChange) {
        this.incidents = incidents;
        this.state = state;
        this.fetcher = fetcher;
        this.feeds = List.copyOf(feeds);
        this.clock = clock;
        this.onChange = onChange;
    }

    public List<Feed> feeds() {
        return feeds;
    }

    public List<FeedStateStore.State> states() {
        return state.all();
    }

    /** What fetching one feed gave: its rows (empty when nothing changed) and the validators to remember. */
    private record Fetched(List<ExternalRecords.Row> rows, Map<String, FeedFetcher.Validators> validators, int files, int notModified) {}

    private static final class FeedFailure extends Exception {
        final String kind;
        final List<String> problems;

        FeedFailure(String kind, String message) {
            this(kind, message, List.of());
        }

        FeedFailure(String kind, String message, List<String> problems) {
            super(message, null, false, false);
            this.kind = kind;
            this.problems = problems;
        }
    }

    public Report run() {
        List<FeedResult> results = new ArrayList<>();
        Map<String, Fetched> good = new LinkedHashMap<>();
        Feed pricesFeed = null;
        for (Feed f : feeds) {
            if (f.name().equals(PRICES)) {
                pricesFeed = f;
                continue;
            }
            try {
                Fetched fetched = switch (f.name()) {
                    case ExternalRecords.DEFILLAMA -> defiLlama(f);
                    case ExternalRecords.REVOKE -> revoke(f);
                    default -> throw new FeedFailure("invalid", "unknown feed");
                };
                good.put(f.name(), fetched);
                results.add(new FeedResult(f.name(), null, null, List.of(), fetched.files(), fetched.notModified(), fetched.rows().size()));
            } catch (FeedFailure e) {
                log.warn("feed {} failed ({}): {}", f.name(), e.kind, e.getMessage());
                state.failure(f.name(), e.kind, e.getMessage(), clock.instant());
                results.add(new FeedResult(f.name(), e.kind, e.getMessage(), e.problems, 0, 0, 0));
            }
        }
        List<ExternalRecords.Row> fetched = new ArrayList<>();
        good.values().forEach(x -> fetched.addAll(x.rows()));
        // A row claiming a loss above the largest recorded hack waits for a review; the others apply.
        FeedImport.HeldBack hb = FeedImport.holdBackImplausible(fetched, incidents.reviews());
        List<ExternalRecords.Row> rows = hb.kept();
        for (String h : hb.held()) log.warn("feed row held back: {}", h);
        IncidentService.Applied applied;
        try {
            applied = rows.isEmpty() ? new IncidentService.Applied(List.of(), List.of(), List.of(), List.of()) : incidents.applyRows(rows);
        } catch (RuntimeException e) {
            // Nothing was written (one transaction); every feed that got this far counts as failed.
            log.error("applying the feeds failed: {}", e.getClass().getName());
            log.debug("applying the feeds failed", e);
            List<FeedResult> failed = new ArrayList<>();
            for (FeedResult r : results) {
                if (!r.ok()) {
                    failed.add(r);
                    continue;
                }
                state.failure(r.feed(), "apply", "the rows could not be applied; nothing was changed", clock.instant());
                failed.add(new FeedResult(r.feed(), "apply", "the rows could not be applied; nothing was changed", List.of(), r.files(),
                        r.notModified(), r.rows()));
            }
            return new Report(List.copyOf(failed), new IncidentService.Applied(List.of(), List.of(), List.of(), List.of()), hb.held(),
                    new IncidentService.PricesApplied(0, List.of()));
        }
        for (Map.Entry<String, Fetched> e : good.entrySet()) {
            boolean changed = applied.counts().stream().anyMatch(c -> c.dataset().equals(e.getKey()) && c.added() + c.updated() > 0);
            state.success(e.getKey(), e.getValue().validators(), clock.instant(), changed);
        }
        IncidentService.PricesApplied prices = new IncidentService.PricesApplied(0, List.of());
        if (pricesFeed != null) {
            try {
                PricesFetched pf = prices(pricesFeed);
                prices = pf.added().isEmpty() ? prices : incidents.applyPrices(pf.added());
                state.success(PRICES, Map.of(), clock.instant(), prices.added() > 0);
                results.add(new FeedResult(PRICES, null, null, List.of(), pf.requests(), 0, prices.added()));
            } catch (FeedFailure e) {
                log.warn("feed {} failed ({}): {}", PRICES, e.kind, e.getMessage());
                state.failure(PRICES, e.kind, e.getMessage(), clock.instant());
                results.add(new FeedResult(PRICES, e.kind, e.getMessage(), e.problems, 0, 0, 0));
            } catch (RuntimeException e) {
                log.error("applying the prices failed: {}", e.getClass().getName());
                state.failure(PRICES, "apply", "the prices could not be applied; nothing was changed", clock.instant());
                results.add(new FeedResult(PRICES, "apply", "the prices could not be applied; nothing was changed", List.of(), 0, 0, 0));
            }
        }
        if (applied.changed() || prices.added() > 0) {
            log.info("update-data: {} new incidents, {} changed losses, {} new contracts whose approvals are dangerous, {} new daily closes",
                    applied.newIncidents().size(), applied.changedLosses().size(), applied.newApprovalContracts().size(), prices.added());
            onChange.run();
        }
        return new Report(List.copyOf(results), applied, hb.held(), prices);
    }

    /** What the price feed gave: the closes read, and how many requests were made. */
    private record PricesFetched(List<dev.perimeter.incident.DailyPrices.Price> added, int requests) {}

    /**
     * Asks the price feed for the closes token-stated losses need and neither data/prices/daily-usd.csv nor the database
     * has: one request per date ({url}{end of the day, unix seconds}/{coin ids}), for days that have ended. A coin the feed
     * does not know is left out; an answer more than {@link #PRICE_TOLERANCE} from the end of the day is not a close of it.
     */
    private PricesFetched prices(Feed f) throws FeedFailure {
        Map<java.time.LocalDate, List<dev.perimeter.incident.LossPricing.Need>> byDate = new java.util.TreeMap<>();
        java.time.Instant now = clock.instant();
        for (dev.perimeter.incident.LossPricing.Need n : incidents.missingPrices()) {
            if (n.defillamaCoin().isBlank()) continue;
            if (n.date().plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().isAfter(now)) continue;
            byDate.computeIfAbsent(n.date(), k -> new ArrayList<>()).add(n);
        }
        List<dev.perimeter.incident.DailyPrices.Price> out = new ArrayList<>();
        int requests = 0;
        for (Map.Entry<java.time.LocalDate, List<dev.perimeter.incident.LossPricing.Need>> e : byDate.entrySet()) {
            if (requests >= MAX_PRICE_DATES_PER_RUN) break;
            long end = e.getKey().plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toEpochSecond();
            List<String> coins = e.getValue().stream().map(dev.perimeter.incident.LossPricing.Need::defillamaCoin).distinct().toList();
            URI url = f.url().resolve(end + "/" + String.join(",", coins));
            requests++;
            FeedFetcher.Response r = get(url, FeedFetcher.Validators.NONE);
            JsonNode root;
            try {
                root = EXACT.readTree(r.body());
            } catch (IOException ex) {
                throw new FeedFailure("invalid", "the answer for " + e.getKey() + " is not JSON");
            }
            if (root == null || !root.path("coins").isObject()) {
                throw new FeedFailure("invalid", "the answer for " + e.getKey() + " has no coins object");
            }
            for (dev.perimeter.incident.LossPricing.Need n : e.getValue()) {
                JsonNode c = root.path("coins").path(n.defillamaCoin());
                if (!c.path("price").isNumber() || !c.path("timestamp").canConvertToLong()) continue;
                java.math.BigDecimal price = c.path("price").decimalValue();
                long ts = c.path("timestamp").asLong();
                if (price.signum() <= 0 || Math.abs(ts - end) > PRICE_TOLERANCE.toSeconds()) continue;
                out.add(new dev.perimeter.incident.DailyPrices.Price(n.date(), n.asset(), price.stripTrailingZeros(),
                        url + " (" + n.defillamaCoin() + " at " + java.time.Instant.ofEpochSecond(ts) + ")"));
            }
        }
        return new PricesFetched(out, requests);
    }

    private FeedFetcher.Response get(URI url, FeedFetcher.Validators last) throws FeedFailure {
        try {
            return fetcher.fetch(url, last);
        } catch (FeedFetcher.FeedException e) {
            throw new FeedFailure(e.kind().name().toLowerCase(Locale.ROOT), e.getMessage());
        }
    }

    private Fetched defiLlama(Feed f) throws FeedFailure {
        FeedStateStore.State s = state.get(f.name());
        String file = f.url().getPath();
        FeedFetcher.Response r = get(f.url(), s.validators().getOrDefault(file, FeedFetcher.Validators.NONE));
        if (r.notModified()) return new Fetched(List.of(), Map.of(), 0, 1);
        Parsed<ExternalRecords.Row> p = FeedImport.defiLlama(r.body(), f.url().toString());
        if (!p.ok()) throw invalid(p.problems());
        return new Fetched(p.rows(), Map.of(file, r.validators()), 1, 0);
    }

    /**
     * index.json (always read: it is small, and it says which exploit files exist), then each exploits/{slug}.json with a
     * conditional request; a file that did not change since the last success is skipped (its rows are unchanged).
     */
    private Fetched revoke(Feed f) throws FeedFailure {
        FeedStateStore.State s = state.get(f.name());
        URI indexUrl = f.url().resolve("index.json");
        FeedFetcher.Response index = get(indexUrl, FeedFetcher.Validators.NONE);
        List<String> slugs = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        try {
            JsonNode a = JSON.readTree(index.body());
            if (a == null || !a.isArray()) throw new FeedFailure("invalid", "index.json: not a JSON array of slugs");
            for (int i = 0; i < a.size(); i++) {
                JsonNode x = a.get(i);
                if (!x.isTextual() || !x.asText().matches("[a-z0-9][a-z0-9-]{0,99}")) problems.add(new Problem("index.json item " + (i + 1), "not a slug"));
                else slugs.add(x.asText());
            }
        } catch (IOException e) {
            throw new FeedFailure("invalid", "index.json: not JSON");
        }
        if (!problems.isEmpty()) throw invalid(problems);
        if (slugs.isEmpty()) throw new FeedFailure("invalid", "index.json: names no exploit");
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        Map<String, FeedFetcher.Validators> validators = new LinkedHashMap<>();
        int notModified = 0;
        for (String slug : slugs) {
            String file = "exploits/" + slug + ".json";
            URI url = f.url().resolve(file);
            FeedFetcher.Response r = get(url, s.validators().getOrDefault(url.getPath(), FeedFetcher.Validators.NONE));
            if (r.notModified()) {
                notModified++;
                continue;
            }
            bodies.put(file, r.body());
            validators.put(url.getPath(), r.validators());
        }
        List<RevokeFormat.Exploit> exploits = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : bodies.entrySet()) {
            String slug = e.getKey().substring("exploits/".length(), e.getKey().length() - ".json".length());
            Parsed<RevokeFormat.Exploit> one = RevokeFormat.parseExploitFile(slug, e.getValue(), JSON);
            problems.addAll(one.problems());
            exploits.addAll(one.rows());
        }
        if (!problems.isEmpty()) throw invalid(problems);
        if (exploits.isEmpty()) return new Fetched(List.of(), validators, 0, notModified);
        Parsed<ExternalRecords.Row> rows = FeedImport.revoke(new Parsed<>(exploits, List.of()),
                slug -> f.url().resolve("exploits/" + slug + ".json").toString());
        return new Fetched(rows.rows(), validators, bodies.size(), notModified);
    }

    private static FeedFailure invalid(List<Problem> problems) {
        return new FeedFailure("invalid", "the content is not valid (" + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                + ", the first at " + problems.get(0).position().replaceAll("\\s*\\(.*", "") + ")",
                problems.stream().map(Problem::toString).toList());
    }
}
