package dev.perimeter.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perimeter.TestAppExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The statistics and protocol pages and API over HTTP, on a fresh H2 database: a CSV of incidents in 2010 (a
 * semester no shipped incident falls in) is imported with the real import, and the API's figures are checked against
 * values this test computes on its own from the same rows.
 */
class StatsApiIT {
    @RegisterExtension
    static final TestAppExtension app = new TestAppExtension();

    /** One imported row: what the CSV says, kept to compute the expected figures independently. */
    record Row(String date, String protocol, String loss, String chains, String vector, String attribution, String returned) {
        LocalDate day() {
            return LocalDate.parse(date);
        }

        BigDecimal lossUsd() {
            return loss.isEmpty() ? null : new BigDecimal(loss);
        }
    }

    static final List<Row> ROWS = List.of(
            new Row("2009-12-31", "Zeta Early Pool", "123", "ethereum", "smart_contract", "", ""),      // 2009-H2
            new Row("2010-01-01", "Zeta Alpha Vault", "1000", "ethereum", "smart_contract", "", ""),    // first day of H1
            new Row("2010-02-15", "Zeta Beta Bridge", "250000.50", "ethereum;bsc", "infrastructure",
                    "Test Group, per Example Forensics", "50000"),
            new Row("2010-03-03", "Zeta Gamma Swap", "", "bsc", "other", "", ""),                       // unknown loss
            new Row("2010-04-04", "Zeta Alpha Vault", "7500", "arbitrum", "smart_contract", "", ""),
            new Row("2010-05-05", "Zeta Delta Lend", "30000", "", "smart_contract", "", ""),            // no chain
            new Row("2010-06-30", "Zeta Epsilon Dex", "7500", "polygon", "other", "", ""),              // last day of H1, ties 7500
            new Row("2010-07-01", "Zeta Late Farm", "999", "ethereum", "smart_contract", "", ""));      // first day of H2

    static String csv(List<Row> rows) {
        StringBuilder sb = new StringBuilder("date,protocol,loss_usd,chains,vector,technique,attribution,funds_returned_usd,source_url,verified\n");
        int n = 0;
        for (Row r : rows) {
            sb.append(r.date).append(',').append(r.protocol).append(',').append(r.loss).append(',').append(r.chains).append(',')
                    .append(r.vector).append(",Test technique ").append(n).append(",\"").append(r.attribution).append("\",")
                    .append(r.returned).append(",https://example.org/stats-it/").append(n++).append(",false\n");
        }
        return sb.toString();
    }

    @BeforeAll
    static void importRows() throws Exception {
        // Before the import: 2010-H1 exists as a semester but holds nothing. (Also fills the cache, which the import must invalidate.)
        JsonNode before = get("/api/v1/stats/semesters/2010-H1");
        assertEquals(0, before.get("incidents").asInt());
        var outcome = app.wiring().incidents.importCsv(csv(ROWS).getBytes(StandardCharsets.UTF_8), "stats-it.csv");
        assertEquals(List.of(), outcome.errors());
        assertEquals(ROWS.size(), outcome.added());
    }

    static JsonNode get(String path) throws Exception {
        HttpResponse<String> r = app.get(path);
        assertEquals(200, r.statusCode(), path + " → " + r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), path);
        return app.json(r);
    }

    static void money(BigDecimal expected, JsonNode actual, String what) {
        if (expected == null) {
            assertTrue(actual.isNull(), what + " should be null, was " + actual);
            return;
        }
        assertTrue(actual.isTextual(), what + " is a decimal string: " + actual);
        assertEquals(0, expected.compareTo(new BigDecimal(actual.asText())), what + ": expected " + expected + ", got " + actual);
    }

    static void pct(BigDecimal expected, JsonNode actual, String what) {
        assertTrue(actual.isNumber(), what + " is a number: " + actual);
        assertTrue(expected.subtract(actual.decimalValue()).abs().compareTo(new BigDecimal("0.0001")) <= 0,
                what + ": expected " + expected + ", got " + actual);
    }

    static BigDecimal pctOf(BigDecimal part, BigDecimal whole) {
        return part.multiply(BigDecimal.valueOf(100)).divide(whole, 10, RoundingMode.HALF_EVEN);
    }

    @Test
    void semesterFiguresMatchAnIndependentComputation() throws Exception {
        List<Row> h1 = new ArrayList<>();
        for (Row r : ROWS) if (r.day().getYear() == 2010 && r.day().getMonthValue() <= 6) h1.add(r);
        List<BigDecimal> known = new ArrayList<>();
        for (Row r : h1) if (r.lossUsd() != null) known.add(r.lossUsd());
        known.sort(Comparator.naturalOrder());
        int n = known.size();
        BigDecimal total = known.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal median = n % 2 == 1 ? known.get(n / 2) : known.get(n / 2 - 1).add(known.get(n / 2)).divide(BigDecimal.valueOf(2));
        BigDecimal p90 = known.get((int) Math.ceil(0.9 * n) - 1);
        BigDecimal top2 = known.get(n - 1).add(known.get(n - 2));
        BigDecimal infraLoss = BigDecimal.ZERO, returned = BigDecimal.ZERO;
        int infraCount = 0;
        for (Row r : h1) {
            if (r.vector.equals("infrastructure")) {
                infraCount++;
                if (r.lossUsd() != null) infraLoss = infraLoss.add(r.lossUsd());
            }
            if (!r.returned.isEmpty() && r.lossUsd() != null) returned = returned.add(new BigDecimal(r.returned).min(r.lossUsd()));
        }

        JsonNode s = get("/api/v1/stats/semesters/2010-H1");
        assertEquals("2010-H1", s.get("semester").asText());
        assertEquals("2010-01-01", s.get("from").asText());
        assertEquals("2010-06-30", s.get("to").asText());
        assertEquals(h1.size(), s.get("incidents").asInt());
        assertEquals(n, s.get("incidentsWithUsd").asInt());
        assertEquals(h1.size() - n, s.get("excludedUnknownUsd").asInt());
        money(total, s.get("totalUsd"), "total");
        money(total.divide(BigDecimal.valueOf(n), 2, RoundingMode.HALF_UP), s.get("meanUsd"), "mean");
        money(median, s.get("medianUsd"), "median");
        money(p90, s.get("p90Usd"), "p90");
        money(known.get(n - 1), s.get("maxUsd"), "max");
        pct(total.divide(median.multiply(BigDecimal.valueOf(n)), 10, RoundingMode.HALF_EVEN), s.get("meanToMedian"), "mean/median");

        JsonNode conc2 = s.get("concentration").get(1);
        assertEquals(2, conc2.get("top").asInt());
        money(top2, conc2.get("lossUsd"), "top2");
        pct(pctOf(top2, total), conc2.get("sharePct"), "top2 share");
        assertEquals("2010-02-15", conc2.get("incidents").get(0).get("date").asText());

        JsonNode infra = s.get("vectors").get(0);
        assertEquals("infrastructure", infra.get("vector").asText());
        assertEquals(infraCount, infra.get("incidents").asInt());
        pct(pctOf(BigDecimal.valueOf(infraCount), BigDecimal.valueOf(h1.size())), infra.get("incidentSharePct"), "infra incident share");
        pct(pctOf(infraLoss, total), infra.get("lossSharePct"), "infra loss share");

        money(returned, s.get("fundsReturnedUsd"), "returned");
        money(total.subtract(returned), s.get("netLossUsd"), "net");
        assertEquals(1, s.get("attribution").get("incidents").asInt());
        assertEquals("Test Group", s.get("attribution").get("actors").get(0).get("actor").asText());

        int bsc = 0;
        for (Row r : h1) if (r.chains.contains("bsc")) bsc++;
        assertTrue(bsc > 0, "the fixture has bsc incidents");
        boolean sawUnknown = false, sawBsc = false;
        for (JsonNode c : s.get("chains")) {
            if (c.get("chain").asText().equals("bsc")) {
                sawBsc = true;
                assertEquals(bsc, c.get("incidents").asInt());
            }
            if (c.get("chain").asText().equals("unknown")) sawUnknown = true;
        }
        assertTrue(sawUnknown, "the incident without a chain is counted as unknown");
        assertTrue(sawBsc, s.get("chains").toString());

        // ties: the two 7500 incidents share rank 3 (behind 250000.50 and 30000)
        JsonNode largest = s.get("largest");
        assertEquals(n, largest.size());
        assertEquals(List.of(1, 2, 3, 3, 5), List.of(largest.get(0).get("rank").asInt(), largest.get(1).get("rank").asInt(),
                largest.get(2).get("rank").asInt(), largest.get(3).get("rank").asInt(), largest.get(4).get("rank").asInt()));
        assertTrue(largest.get(0).get("incident").get("url").asText().startsWith("/incidents/2010-02-15-"));

        // change: nothing a year earlier (2009-H1), one incident the semester before (2009-H2, Dec 31)
        JsonNode yearEarlier = s.get("change").get("vsYearEarlier");
        assertEquals("2009-H1", yearEarlier.get("against").asText());
        assertEquals(0, yearEarlier.get("incidents").get("from").asInt());
        assertTrue(yearEarlier.get("incidents").get("changePct").isNull());
        assertTrue(yearEarlier.get("totalUsd").get("from").isNull());
        JsonNode prev = s.get("change").get("vsPreviousSemester");
        assertEquals("2009-H2", prev.get("against").asText());
        assertEquals(1, prev.get("incidents").get("from").asInt());
        pct(BigDecimal.valueOf((h1.size() - 1) * 100L), prev.get("incidents").get("changePct"), "count change");
        pct(median.divide(new BigDecimal("123"), 10, RoundingMode.HALF_EVEN), prev.get("medianUsd").get("multiple"), "median ×");
        assertEquals(0, s.get("published").size(), "no report published figures for 2010-H1");
    }

    @Test
    void boundariesPutJulyFirstInH2AndDecemberThirtyFirstInTheYearBefore() throws Exception {
        JsonNode h2 = get("/api/v1/stats/semesters/2010-H2");
        assertEquals(1, h2.get("incidents").asInt());
        money(new BigDecimal("999"), h2.get("totalUsd"), "2010-H2 total");
        JsonNode prevH2 = get("/api/v1/stats/semesters/2009-H2");
        assertEquals(1, prevH2.get("incidents").asInt());
        money(new BigDecimal("123"), prevH2.get("medianUsd"), "2009-H2 median");
        JsonNode range = get("/api/v1/stats/range?from=2010-06-30&to=2010-07-01");
        assertEquals(2, range.get("incidents").asInt());
        assertTrue(range.get("change").isNull());
    }

    @Test
    void semesterListCoversEverySemesterFromTheEarliestData() throws Exception {
        JsonNode all = get("/api/v1/stats/semesters");
        JsonNode list = all.get("semesters");
        assertEquals("2009-H2", list.get(0).get("semester").asText(), "starts at the earliest incident, before 2016");
        JsonNode h1 = list.get(1);
        assertEquals("2010-H1", h1.get("semester").asText());
        JsonNode full = get("/api/v1/stats/semesters/2010-H1");
        for (String f : new String[] {"incidents", "totalUsd", "meanUsd", "medianUsd", "p90Usd", "maxUsd"}) {
            assertEquals(full.get(f), h1.get(f), f);
        }
        // consecutive semesters, no gaps, even where nothing happened (2011 .. 2015)
        for (int i = 1; i < list.size(); i++) {
            String prev = list.get(i - 1).get("semester").asText(), cur = list.get(i).get("semester").asText();
            String expected = prev.endsWith("H1") ? prev.substring(0, 4) + "-H2" : (Integer.parseInt(prev.substring(0, 4)) + 1) + "-H1";
            assertEquals(expected, cur);
        }
        JsonNode y2012 = list.get(5);
        assertEquals("2012-H1", y2012.get("semester").asText());
        assertEquals(0, y2012.get("incidents").asInt());
        assertTrue(y2012.get("medianUsd").isNull());
    }

    /**
     * Issue 19: /stats and its JSON publish the inclusion rule, and every semester a report published figures for shows the
     * report's count and total with their source beside this database's own, never merged.
     */
    @Test
    void theOverviewPublishesTheInclusionRuleAndEveryPublishedFigureBesideOurs() throws Exception {
        JsonNode all = get("/api/v1/stats/semesters");
        JsonNode rule = all.get("inclusionRule");
        assertEquals(dev.perimeter.stats.InclusionRule.IN.size(), rule.get("counted").size());
        assertEquals(dev.perimeter.stats.InclusionRule.OUT.size(), rule.get("notCounted").size());
        assertTrue(rule.get("counted").toString().contains("CeFi: hacks of centralized exchanges"), rule.toString());
        assertTrue(rule.get("notCounted").get(0).asText().startsWith("Thefts from individual persons"), rule.toString());
        assertTrue(rule.get("how").toString().contains("A CeFi hack counts like any other incident"), rule.toString());

        JsonNode published = all.get("published");
        List<String> periods = new java.util.ArrayList<>();
        for (JsonNode p : published) {
            periods.add(p.get("period").asText());
            assertEquals("https://cleansky.io/blog/h1-2026-crypto-hacks-north-korea-2026/", p.get("sourceUrl").asText());
            JsonNode semester = get("/api/v1/stats/semesters/" + p.get("period").asText());
            JsonNode incidents = null, total = null;
            for (JsonNode row : p.get("rows")) {
                if (row.get("metric").asText().equals("incidents")) incidents = row;
                if (row.get("metric").asText().equals("total_loss_usd")) total = row;
            }
            assertNotNull(incidents, p.toString());
            assertEquals(semester.get("incidents").asText(), incidents.get("ours").asText(), "ours is this database's own count");
            assertEquals(semester.get("totalUsd").asText(), total.get("ours").asText(), "and its own total");
            assertNotEquals(incidents.get("published").asText(), incidents.get("ours").asText(), "the report's count is kept apart");
        }
        assertEquals(List.of("2025-H1", "2026-H1"), periods, "one per report semester, oldest first");

        HttpResponse<String> page = app.get("/stats");
        assertEquals(200, page.statusCode());
        String body = page.body();
        assertTrue(body.contains("id=\"what-is-counted\"") && body.contains("Not counted"), "the rule is on the page");
        assertTrue(body.contains("CeFi: hacks of centralized exchanges and custody platforms"));
        assertTrue(body.contains("Thefts from individual persons"));
        int table = body.indexOf("id=\"published-figures\"");
        assertTrue(table > 0, "the published figures table");
        String rows = body.substring(table, body.indexOf("</table>", table));
        JsonNode h1 = get("/api/v1/stats/semesters/2026-H1");
        assertTrue(rows.contains(">207<"), "the report's count as published");
        assertTrue(rows.contains(">" + h1.get("incidents").asText() + "<"), "ours beside it");
        assertTrue(rows.contains("href=\"https://cleansky.io/blog/h1-2026-crypto-hacks-north-korea-2026/\""), "its source, followable");
        assertTrue(rows.contains("TRM Labs H1 2025") && rows.contains("TRM Labs H1 2026"));
    }

    @Test
    void publishedFiguresSitBesideOursWithCoverage() throws Exception {
        JsonNode s = get("/api/v1/stats/semesters/2026-H1");
        JsonNode p = s.get("published").get(0);
        assertEquals("TRM Labs H1 2026", p.get("report").asText());
        JsonNode first = p.get("rows").get(0);
        assertEquals("incidents", first.get("metric").asText());
        assertEquals("207", first.get("published").asText());
        assertEquals(s.get("incidents").asText(), first.get("ours").asText());
        pct(pctOf(BigDecimal.valueOf(s.get("incidents").asInt()), BigDecimal.valueOf(207)), p.get("incidentCoveragePct"), "coverage");
        assertEquals(1, get("/api/v1/stats/semesters/2025-H1").get("published").size());

        HttpResponse<String> page = app.get("/stats/2026-H1");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Published (TRM Labs H1 2026, via the seed article) vs this database"));
        assertTrue(page.body().contains("of the 207 the report counts"));
        assertTrue(page.body().contains("Why the figures differ"));
        assertTrue(page.body().contains("href=\"/incidents/2026-04-18-kelpdao\""), "largest incidents are linked");
    }

    @Test
    void pagesRenderWithInlineSvgAndNoInlineStyles() throws Exception {
        JsonNode ids = get("/api/v1/incidents?semester=2010-H1&limit=50");
        String beta = null;
        for (JsonNode i : ids.get("items")) if (i.get("protocol").get("name").asText().equals("Zeta Beta Bridge")) beta = i.get("id").asText();
        assertNotNull(beta);

        HttpResponse<String> sem = app.get("/stats/2010-H1");
        assertEquals(200, sem.statusCode());
        String body = sem.body();
        assertTrue(body.contains("<svg"), "charts are inline SVG");
        assertTrue(body.contains("<desc"), "charts carry a text description");
        assertTrue(body.contains("href=\"/incidents/" + beta + "\""), "largest incident linked");
        assertTrue(body.contains("1 of the 6 incidents have no known USD loss"), "exclusions are stated");
        for (String path : new String[] {"/stats", "/stats/2010-H1", "/protocols", "/protocols/zeta-alpha-vault", "/stats/2010-H2"}) {
            HttpResponse<String> r = app.get(path);
            assertEquals(200, r.statusCode(), path);
            // No inline style or script (the CSP forbids them); an external script from /static is allowed.
            assertFalse(r.body().contains(" style=") || r.body().contains("<style")
                    || java.util.regex.Pattern.compile("<script(?![^>]*\\ssrc=\"/static/)").matcher(r.body()).find(), path);
        }
        HttpResponse<String> overview = app.get("/stats");
        assertTrue(overview.body().contains("href=\"/stats/2010-H1\""));
        assertTrue(overview.body().contains("Mean vs median loss per semester (log scale)"));

        HttpResponse<String> empty = app.get("/stats/2013-H1");
        assertEquals(200, empty.statusCode());
        assertTrue(empty.body().contains("No incidents recorded"));
        assertFalse(empty.body().contains("<svg"));
    }

    @Test
    void protocolsListPageAndApiWithContext() throws Exception {
        HttpResponse<String> list = app.get("/protocols?q=zeta&sort=name");
        assertEquals(200, list.statusCode());
        assertTrue(list.body().contains("href=\"/protocols/zeta-alpha-vault\""));
        assertFalse(list.body().contains("href=\"/protocols/kelpdao\""), "filtered by q");
        assertTrue(list.body().contains("7 protocols, showing 1–7"), "count line");
        JsonNode api = get("/api/v1/protocols?q=zeta&sort=name");
        assertEquals(7, api.get("total").asInt());
        assertEquals("zeta-alpha-vault", api.get("items").get(0).get("slug").asText());

        JsonNode p = get("/api/v1/protocols/zeta-alpha-vault");
        assertEquals(2, p.get("protocol").get("incidents").asInt());
        money(new BigDecimal("8500"), p.get("protocol").get("totalUsd"), "protocol total");
        assertEquals("2010-04-04", p.get("protocol").get("lastDate").asText());
        JsonNode second = p.get("incidents").get(1);
        JsonNode ctx = second.get("context");
        assertEquals(3, ctx.get("rank").asInt());                     // 250000.50, 30000, then 7500 (tied)
        assertEquals(2, ctx.get("tied").asInt());
        assertEquals(5, ctx.get("rankedOf").asInt());
        BigDecimal total = new BigDecimal("296000.50");                // 1000 + 250000.50 + 7500 + 30000 + 7500
        pct(pctOf(new BigDecimal("7500"), total), ctx.get("sharePct"), "share of semester");
        pct(new BigDecimal("1"), ctx.get("multipleOfMedian"), "7500 is the median");
        assertTrue(ctx.get("sentence").asText().startsWith("tied 3rd largest of 5 incidents with a known loss in 2010-H1"),
                ctx.get("sentence").asText());
        assertEquals("https://example.org/stats-it/4", second.get("sources").get(0).get("urls").get(0).asText());
        assertEquals(0, p.get("tracked").size());

        JsonNode direct = get("/api/v1/incidents/" + second.get("id").asText() + "/context");
        assertEquals(ctx, direct, "the context endpoint gives the same context");

        HttpResponse<String> page = app.get("/protocols/zeta-alpha-vault");
        assertTrue(page.body().contains("Tokens and infrastructure Perimeter tracks for this protocol"));
        assertTrue(page.body().contains("None tracked yet."));
        assertTrue(page.body().contains("tied 3rd largest of 5 incidents with a known loss in 2010-H1"));
        assertTrue(page.body().contains("https://example.org/stats-it/4"));
    }

    @Test
    void importsInvalidateTheCache() throws Exception {
        assertEquals(0, get("/api/v1/stats/semesters/2011-H1").get("incidents").asInt());
        assertEquals(0, get("/api/v1/protocols?q=omega%20cache").get("total").asInt());
        var outcome = app.wiring().incidents.importCsv(csv(List.of(
                new Row("2011-03-01", "Omega Cache Test", "42", "ethereum", "other", "", ""))).getBytes(StandardCharsets.UTF_8), "cache.csv");
        assertEquals(1, outcome.added());
        JsonNode after = get("/api/v1/stats/semesters/2011-H1");
        assertEquals(1, after.get("incidents").asInt());
        money(new BigDecimal("42"), after.get("medianUsd"), "median after import");
        assertEquals(1, get("/api/v1/protocols?q=omega%20cache").get("total").asInt());
    }

    @Test
    void badInputIsAClear400() throws Exception {
        for (String bad : new String[] {"2026-H3", "2026-h1", "26-H1", "2026H1", "1900-H1"}) {
            HttpResponse<String> r = app.get("/api/v1/stats/semesters/" + bad);
            assertEquals(400, r.statusCode(), bad);
            JsonNode err = app.json(r);
            assertEquals("semester", err.get("field").asText());
            assertTrue(err.get("error").asText().contains("YYYY-H1 or YYYY-H2"), err.toString());
        }
        HttpResponse<String> page = app.get("/stats/2026-H9");
        assertEquals(400, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("semester must look like YYYY-H1 or YYYY-H2"));

        assertEquals("slug", app.getJson("/api/v1/protocols/Not_A_Slug").get("field").asText());
        assertEquals(404, app.get("/api/v1/protocols/no-such-protocol-here").statusCode());
        assertEquals(404, app.get("/protocols/no-such-protocol-here").statusCode());
        assertEquals(400, app.get("/protocols?sort=bogus").statusCode());
        assertEquals("limit", app.getJson("/api/v1/protocols?limit=0").get("field").asText());
        assertEquals("from", app.getJson("/api/v1/stats/range?from=yesterday&to=2010-01-01").get("field").asText());
        assertEquals("to", app.getJson("/api/v1/stats/range?from=2010-02-01&to=2010-01-01").get("field").asText());
        assertEquals(404, app.get("/api/v1/incidents/2099-01-01-nothing/context").statusCode());
    }

    /**
     * DefiLlama beside this database: its count and total for 2025-H1, computed here from the shipped defillama_hacks.csv,
     * and how many of those rows are in this database as the same incident, counted here through the incident API
     * (every 2025-H1 incident's sources). After its last row (2026-01-01) DefiLlama does not cover a semester.
     */
    @Test
    void semesterShowsDefiLlamasOwnFiguresAndItsCoverage() throws Exception {
        int listed = 0, withAmount = 0;
        BigDecimal total = BigDecimal.ZERO;
        LocalDate first = null, last = null;
        List<dev.perimeter.util.Csv.Row> llamaRows = new java.util.ArrayList<>();
        for (String f : dev.perimeter.incident.DatasetReaders.DEFILLAMA_FILES) {
            llamaRows.addAll(dev.perimeter.util.Csv.read(dev.perimeter.util.DataFiles.bundled().read(f), f, List.of()));
        }
        for (dev.perimeter.util.Csv.Row r : llamaRows) {
            LocalDate d = LocalDate.parse(r.get("date"));
            if (first == null || d.isBefore(first)) first = d;
            if (last == null || d.isAfter(last)) last = d;
            if (d.isBefore(LocalDate.of(2025, 1, 1)) || d.isAfter(LocalDate.of(2025, 6, 30))) continue;
            listed++;
            if (!r.get("amount_usd").isEmpty()) {
                withAmount++;
                total = total.add(new BigDecimal(r.get("amount_usd")));
            }
        }
        int inDatabase = 0, elsewhere = 0;
        JsonNode page = get("/api/v1/incidents?semester=2025-H1&limit=500");
        assertTrue(page.get("total").asInt() < 500);
        for (JsonNode item : page.get("items")) {
            JsonNode incident = get("/api/v1/incidents/" + item.get("id").asText());
            boolean other = false;
            int mine = 0;
            for (JsonNode src : incident.get("sources")) {
                if (!src.get("dataset").asText().equals("defillama")) {
                    other = true;
                    continue;
                }
                LocalDate d = LocalDate.parse(src.get("date").asText());
                if (!d.isBefore(LocalDate.of(2025, 1, 1)) && !d.isAfter(LocalDate.of(2025, 6, 30))) mine++;
            }
            inDatabase += mine;
            if (other) elsewhere += mine;
        }
        JsonNode h1 = get("/api/v1/stats/semesters/2025-H1").get("defiLlama");
        assertTrue(h1.get("covered").asBoolean());
        assertEquals(first.toString(), h1.get("coverageFrom").asText());
        assertEquals(last.toString(), h1.get("coverageTo").asText());
        assertEquals(listed, h1.get("listed").asInt());
        assertEquals(withAmount, h1.get("withAmount").asInt());
        money(total, h1.get("totalUsd"), "DefiLlama's total");
        assertEquals(inDatabase, h1.get("inDatabase").asInt());
        assertEquals(elsewhere, h1.get("alsoNamedByAnotherSource").asInt());
        assertTrue(h1.get("sentence").asText().startsWith("DefiLlama lists " + listed + " hacks in 2025-H1"), h1.toString());
        assertTrue(app.get("/stats/2025-H1").body().contains("DefiLlama lists " + listed + " hacks in 2025-H1"));

        JsonNode after = get("/api/v1/stats/semesters/2026-H1").get("defiLlama");
        assertFalse(after.get("covered").asBoolean(), "DefiLlama's rows end " + last);
        assertTrue(after.get("listed").isNull(), "not covered: no count, not 0");
        assertTrue(after.get("sentence").asText().contains("2026-H1 is not covered"), after.toString());
        assertTrue(app.get("/stats/2026-H1").body().contains("is not covered"));
        assertFalse(get("/api/v1/stats/semesters/2010-H1").get("defiLlama").get("covered").asBoolean(), "before its first row");
    }
}
