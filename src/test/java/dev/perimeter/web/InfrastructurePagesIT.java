package dev.perimeter.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perimeter.TestAppExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.*;

/** The whole app over HTTP: /infrastructure, /infrastructure/{slug} and their JSON. */
class InfrastructurePagesIT {
    @RegisterExtension
    static final TestAppExtension app = new TestAppExtension();

    static void noInlineStyleOrUnescapedMarkup(String body) {
        assertFalse(body.contains("style="), "no inline style attributes (CSP style-src 'self')");
        assertFalse(body.contains("<style"), "no style blocks");
    }

    @Test
    void tableListsEveryRowWithRiskBadgesInWordsAndSortsOnTheServer() throws Exception {
        HttpResponse<String> r = app.get("/infrastructure");
        assertEquals(200, r.statusCode());
        String body = r.body();
        noInlineStyleOrUnescapedMarkup(body);
        assertTrue(body.contains("href=\"/infrastructure\""), "nav link");
        assertTrue(body.contains("href=\"/infrastructure/ronin-bridge\""));
        assertTrue(body.contains("href=\"/infrastructure/chainlink-price-feeds\""));
        assertTrue(body.contains("class=\"badge infra-risk-bad\">bad</span>"), "risk level carries text, not colour alone");
        assertTrue(body.contains("class=\"badge infra-risk-unknown\">not known</span>"));
        assertTrue(body.contains("href=\"/infrastructure?sort=lost&amp;dir=desc\""), "sort links in the headers");
        assertTrue(body.contains("aria-sort=\"ascending\""), "default sort by name, ascending");

        // Sorted by loss, descending: the order of the page is the order of the API, largest first.
        HttpResponse<String> lost = app.get("/infrastructure?sort=lost&dir=desc");
        assertEquals(200, lost.statusCode());
        JsonNode api = app.getJson("/api/v1/infrastructure?sort=lost&dir=desc");
        String first = api.get("items").get(0).get("slug").asText();
        String second = api.get("items").get(1).get("slug").asText();
        assertTrue(new BigDecimal(api.get("items").get(0).get("lostUsd").asText())
                .compareTo(new BigDecimal(api.get("items").get(1).get("lostUsd").asText())) >= 0);
        int a = lost.body().indexOf("href=\"/infrastructure/" + first + "\"");
        int b = lost.body().indexOf("href=\"/infrastructure/" + second + "\"");
        assertTrue(a > 0 && b > a, first + " before " + second);
        assertTrue(lost.body().contains("href=\"/infrastructure?sort=lost&amp;dir=asc\""), "clicking the active column reverses it");

        HttpResponse<String> bad = app.get("/infrastructure?sort=colour");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("sort must be one of"));
        assertEquals(400, app.get("/infrastructure?sort=name&dir=sideways").statusCode());
    }

    @Test
    void detailPageShowsReasonsSourcesIncidentsTokensAndContracts() throws Exception {
        HttpResponse<String> r = app.get("/infrastructure/wormhole-portal");
        assertEquals(200, r.statusCode());
        String body = r.body();
        noInlineStyleOrUnescapedMarkup(body);
        assertTrue(body.contains("L2BEAT riskView: Third Party; a 2/3 guardian quorum signs transfers."), "risk reason shown");
        assertTrue(body.contains("href=\"https://github.com/l2beat/l2beat/blob/043e2c625b32fbcad92549a75551d70960d3c4be/packages/config/src/projects/bridges/portal.ts\""),
                "repo@commit:path sources become links");
        JsonNode detail = app.getJson("/api/v1/infrastructure/wormhole-portal");
        String incident = detail.get("incidents").get(0).get("id").asText();
        assertTrue(body.contains("href=\"/incidents/" + incident + "\""), "incidents link to their pages");
        // A Portal-wrapped token, checksummed, with its explorer link; and the Portal escrow with its explorer link.
        assertTrue(body.contains("href=\"https://polygonscan.com/address/0x5D49c278340655B56609FdF8976eb0612aF3a0C3\""), body.length() + "");
        assertTrue(body.contains(">0x5D49c278340655B56609FdF8976eb0612aF3a0C3<"));
        assertTrue(body.contains("href=\"https://etherscan.io/address/0x3ee18B2214AFF97000D974cf647E7C347E8fa585\""));

        HttpResponse<String> bxh = app.get("/infrastructure/bxh");
        assertEquals(200, bxh.statusCode());
        assertTrue(bxh.body().contains("not known"), "unknown fields say so");
        assertTrue(bxh.body().contains("secondary sources"), "unverified rows are flagged");

        HttpResponse<String> aztec = app.get("/infrastructure/aztec-v1");
        assertEquals(200, aztec.statusCode());
        // The whitehat reproduction on the same contract is not an incident (incidents/excluded-records.csv): the page lists
        // the exploit alone, and no incident of an unknown loss.
        assertTrue(aztec.body().contains("href=\"/incidents/2026-06-17-aztec-v1\""), "the exploit is listed");
        assertFalse(aztec.body().contains("aztec-escape-hatch"), "the reproduction is not an incident");
        assertFalse(aztec.body().contains("with an unknown loss"), "no unknown loss left to count");

        HttpResponse<String> missing = app.get("/infrastructure/no-such-bridge");
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().contains("No infrastructure row has the slug"));
        HttpResponse<String> weird = app.get("/infrastructure/%3Cscript%3E");
        assertEquals(400, weird.statusCode());
        assertFalse(weird.body().contains("<script>"));
    }

    @Test
    void jsonListAndDetail() throws Exception {
        HttpResponse<String> r = app.get("/api/v1/infrastructure");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode page = app.json(r);
        assertEquals(dev.perimeter.infrastructure.InfrastructureCatalogTest.rowsOf("infrastructure/infrastructure.csv"), page.get("total").asInt());
        assertEquals(page.get("total").asInt(), page.get("items").size(), "every row is listed");
        assertEquals("name", page.get("sort").asText());
        for (JsonNode i : page.get("items")) {
            assertTrue(i.get("lostUsd").isNull() || i.get("lostUsd").isTextual(), "money is a string or null");
            assertTrue(i.get("contracts").isNull(), "details only on the detail route");
            assertFalse(i.get("sources").isEmpty(), i.get("slug").asText());
        }
        JsonNode lido = app.getJson("/api/v1/infrastructure/lido");
        assertTrue(lido.get("risk").get("validatedBy").get("level").isNull(), "unknown is null");
        assertTrue(lido.get("signerThreshold").isNull());
        assertEquals(0, lido.get("incidentCount").asInt());

        JsonNode usdc = app.getJson("/api/v1/infrastructure/circle-usdc");
        boolean ethereumUsdc = false;
        for (JsonNode t : usdc.get("tokens")) {
            if (t.get("chain").asText().equals("ethereum") && t.get("address").asText().equals("0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48")) {
                ethereumUsdc = true;
                assertEquals("circle-usdc-ethereum", t.get("rule").asText());
                assertEquals("https://etherscan.io/address/0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", t.get("explorerUrl").asText());
            }
        }
        assertTrue(ethereumUsdc, "native USDC depends on Circle, address checksummed");
        assertEquals("0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", usdc.get("contracts").get(0).get("address").asText());

        JsonNode ronin = app.getJson("/api/v1/infrastructure/ronin-bridge");
        assertTrue(ronin.get("exploited").asBoolean());
        assertEquals("bad", ronin.get("risk").get("validatedBy").get("level").asText());
        assertTrue(ronin.get("incidentCount").asInt() >= 1);
        assertTrue(ronin.get("lostUsd").isTextual());
        assertTrue(ronin.get("incidents").get(0).get("url").asText().startsWith("/incidents/"));

        HttpResponse<String> bad = app.get("/api/v1/infrastructure/Not_A_Slug");
        assertEquals(400, bad.statusCode());
        assertEquals("slug", app.json(bad).get("field").asText());
        HttpResponse<String> missing = app.get("/api/v1/infrastructure/no-such-bridge");
        assertEquals(404, missing.statusCode());
        assertTrue(app.json(missing).get("error").asText().contains("no-such-bridge"));
        HttpResponse<String> badSort = app.get("/api/v1/infrastructure?dir=up");
        assertEquals(400, badSort.statusCode());
        assertEquals("dir", app.json(badSort).get("field").asText());
    }
}
