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

    /** What one run did: per feed, and what the data build made of the rows of those that went well. */
    public record Report(List<FeedResult> feeds, IncidentService.Applied applied) {
        public boolean ok() {
            return feeds.stream().allMatch(FeedResult::ok);
        }
    }

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
        for (Feed f : feeds) {
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
        List<ExternalRecords.Row> rows = new ArrayList<>();
        good.values().forEach(x -> rows.addAll(x.rows()));
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
            return new Report(List.copyOf(failed), new IncidentService.Applied(List.of(), List.of(), List.of(), List.of()));
        }
        for (Map.Entry<String, Fetched> e : good.entrySet()) {
            boolean changed = applied.counts().stream().anyMatch(c -> c.dataset().equals(e.getKey()) && c.added() + c.updated() > 0);
            state.success(e.getKey(), e.getValue().validators(), clock.instant(), changed);
        }
        if (applied.changed()) {
            log.info("update-data: {} new incidents, {} changed losses, {} new contracts whose approvals are dangerous",
                    applied.newIncidents().size(), applied.changedLosses().size(), applied.newApprovalContracts().size());
            onChange.run();
        }
        return new Report(List.copyOf(results), applied);
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
