package dev.perimeter.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perimeter.TestAppExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The whole app over HTTP: home, incident list and page, JSON API, errors. */
class IncidentPagesIT {
    @RegisterExtension
    static final TestAppExtension app = new TestAppExtension();

    @Test
    void homeShowsFormAndHeadlineFiguresFromTheDatabase() throws Exception {
        HttpResponse<String> r = app.get("/");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("action=\"/wallet\""));
        JsonNode all = app.getJson("/api/v1/incidents?limit=1");
        int total = all.get("total").asInt();
        assertTrue(total > 800, "incidents loaded: " + total);
        assertTrue(r.body().contains(String.format(java.util.Locale.ENGLISH, "%,d", total)), "headline count shown");
        assertTrue(r.body().contains("Published figures") && r.body().contains("TRM Labs H1 2026"));
        assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertTrue(r.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
    }

    @Test
    void incidentListFiltersAndPages() {
        HttpResponse<String> r = app.get("/incidents?semester=2026-H1&vector=infrastructure");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("/incidents/2026-04-18-kelpdao"), "KelpDAO is an infrastructure incident of 2026-H1");
        assertFalse(r.body().contains("/incidents/2021-08-11-poly-network"));
        HttpResponse<String> page2 = app.get("/incidents?offset=50");
        assertEquals(200, page2.statusCode());
        assertTrue(page2.body().contains("← Newer"));
    }

    @Test
    void incidentPageShowsEverySourceAndTheUnverifiedFlag() {
        HttpResponse<String> r = app.get("/incidents/2021-08-11-poly-network");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("defihacklabs") && r.body().contains("sok"), "both merged sources shown");
        assertTrue(r.body().contains("https://rekt.news/polynetwork-rekt/"));
        HttpResponse<String> kelp = app.get("/incidents/2026-04-18-kelpdao");
        assertTrue(kelp.body().contains("Not human-reviewed"));
        assertTrue(kelp.body().contains("North Korea"));
        assertTrue(kelp.body().contains("In context:") && kelp.body().contains("largest of"), "semester context on the page");
        assertTrue(kelp.body().contains("href=\"/protocols/kelpdao\""));
    }

    /**
     * Issue 19: sources are shown as people can follow them (a title and its URL, a repository file at its commit), never a
     * file path outside the project; and a chain the sources give is shown, not "not known".
     */
    @Test
    void sourcesAreFollowableAndAChainTheSourcesGiveIsShown() throws Exception {
        String kelp = app.get("/incidents/2026-04-18-kelpdao").body();
        assertTrue(kelp.contains("href=\"https://cleansky.io/blog/h1-2026-crypto-hacks-north-korea-2026/\""), "the article's page");
        assertTrue(kelp.contains("CleanSky editorial of 2026-07-05"), "with its title");
        assertFalse(kelp.contains("shared/") || kelp.contains("trm-h1-2026-article.txt"), "no path outside the project");
        String poly = app.get("/incidents/2021-08-11-poly-network").body();
        assertTrue(poly.contains("href=\"https://github.com/SunWeb3Sec/DeFiHackLabs/blob/b3719ce7fb93ee6f743853ede9471e1a8bed1de0/"),
                "the dataset file it was read from, at its commit");
        // LULA: DeFiHackLabs' README row names no chain; its PoC forks BNB Chain.
        String lula = app.get("/incidents/2026-07-26-lula").body();
        assertTrue(lula.contains("<dt>Chains</dt><dd>bsc</dd>"), "chain from the PoC's fork");
        JsonNode j = app.getJson("/api/v1/incidents/2026-07-26-lula");
        assertEquals("bsc", j.get("chains").get(0).asText());
        assertTrue(j.get("sources").get(0).get("datasetUrl").asText().startsWith("https://github.com/SunWeb3Sec/DeFiHackLabs/blob/"));
        // Venus THE (2026-03-15): its DeFiHackLabs row's only chain evidence is a bscscan.com link.
        JsonNode venus = app.getJson("/api/v1/incidents/2026-03-15-venus-the");
        assertTrue(venus.get("chains").toString().contains("bsc"), venus.get("chains").toString());
    }

    @Test
    void jsonApiListAndDetail() throws Exception {
        HttpResponse<String> r = app.get("/api/v1/incidents?semester=2021-H2&chain=ethereum&limit=5&offset=0");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode page = app.json(r);
        assertEquals(5, page.get("limit").asInt());
        assertEquals(5, page.get("items").size(), "2021-H2 has more than 5 incidents: the limit applies");
        for (JsonNode i : page.get("items")) {
            assertEquals("2021-H2", i.get("semester").asText());
            assertTrue(i.get("lossUsd").isNull() || i.get("lossUsd").isTextual(), "money is a string or null");
        }
        JsonNode poly = app.getJson("/api/v1/incidents/2021-08-11-poly-network");
        assertEquals("611000000", poly.get("lossUsd").asText());
        assertEquals("poly-network", poly.get("protocol").get("slug").asText());
        // Its review names one row each of DeFiHackLabs, SoK and DefiLlama (data/incidents/reviews.csv).
        dev.perimeter.incident.Reviews.Review polyReview = dev.perimeter.incident.Reviews.parse(
                dev.perimeter.util.DataFiles.bundled().read(dev.perimeter.incident.Reviews.FILE), "reviews").all().stream()
                .filter(x -> x.eventName().equals("Poly Network bridge exploit")).findFirst().orElseThrow();
        assertEquals(polyReview.records().size(), poly.get("sources").size());
        JsonNode bybit = app.getJson("/api/v1/incidents/2025-02-21-bybit");
        boolean checksummed = false;
        for (JsonNode c : bybit.get("contracts")) {
            if (c.get("address").asText().equals("0x1Db92e2EeBC8E0c075a02BeA49a2935BcD2dFCF4")) checksummed = true;
        }
        assertTrue(checksummed, bybit.get("contracts").toString());
    }

    /** Issue 12: what decided the vector, the scope and the loss is on the page and in the JSON. */
    @Test
    void incidentPageAndJsonSayWhatDecidedVectorScopeAndLoss() throws Exception {
        dev.perimeter.incident.Reviews.Review ronin = dev.perimeter.incident.Reviews.parse(
                dev.perimeter.util.DataFiles.bundled().read(dev.perimeter.incident.Reviews.FILE), "reviews").all().stream()
                .filter(x -> x.records().contains("defihacklabs|2022-03-29|Ronin Network")).findFirst().orElseThrow();
        HttpResponse<String> page = app.get("/incidents/2022-03-29-ronin-network");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("decided by a review of its sources"), "the vector's basis is named");
        assertTrue(page.body().contains("href=\"" + ronin.sourceUrls().get(0) + "\""), "the reviewed source is a link");
        assertTrue(page.body().contains("scope-protocol"), "the scope is shown");
        JsonNode j = app.getJson("/api/v1/incidents/2022-03-29-ronin-network");
        assertEquals("infrastructure", j.get("vector").asText());
        assertEquals(ronin.vector().code, j.get("vector").asText());
        assertTrue(j.get("vectorBasis").asText().startsWith("reviewed: "), j.get("vectorBasis").asText());
        assertEquals(ronin.scope().code, j.get("scope").asText());
        assertTrue(j.get("scopeBasis").asText().contains(ronin.reason().substring(0, 40)));
        assertEquals("reviewed_usd", j.get("lossBasis").asText());
        assertEquals(0, ronin.lossUsd().compareTo(new java.math.BigDecimal(j.get("lossUsd").asText())));
        assertTrue(j.get("lossNote").asText().contains(ronin.sourceUrls().get(0)));
        List<String> symbols = new java.util.ArrayList<>();
        j.get("affectedAssets").forEach(a -> symbols.add(a.get("symbol").asText()));
        assertEquals(ronin.assets().stream().map(dev.perimeter.incident.AffectedAsset::symbol).toList(), symbols);
        assertTrue(j.get("affectedContracts").isArray());

        // A token amount is priced at the attack date (issue 19), with its text and the computation beside it.
        JsonNode list = app.getJson("/api/v1/incidents?limit=500&semester=2024-H1");
        JsonNode token = null;
        for (JsonNode i : list.get("items")) if (i.get("lossBasis").asText().startsWith("historical_price:")) token = i;
        assertNotNull(token, "2024-H1 has token-denominated losses priced at the attack date");
        assertFalse(token.get("lossUsd").isNull());
        JsonNode full = app.getJson("/api/v1/incidents/" + token.get("id").asText());
        assertTrue(full.get("lossNote").asText().startsWith("Priced at the attack date: "), full.get("lossNote").asText());
        HttpResponse<String> tokenPage = app.get("/incidents/" + token.get("id").asText());
        assertTrue(tokenPage.body().contains("Priced at the attack date"), "the computation is on the page");
        String probe = token.get("lossRaw").asText().split("[^A-Za-z0-9.,~ ]")[0].trim();
        assertFalse(probe.isEmpty());
        assertTrue(tokenPage.body().contains("class=\"loss-raw\">" + probe), "the raw loss text is on the page: " + probe);
        assertTrue(tokenPage.body().contains("rule ") || tokenPage.body().contains("no rule matched"), "the rule that decided the vector");
    }

    @Test
    void errorsAreClearAndNeverStackTraces() throws Exception {
        HttpResponse<String> bad = app.get("/api/v1/incidents?semester=2026-H3");
        assertEquals(400, bad.statusCode());
        JsonNode err = app.json(bad);
        assertEquals("semester", err.get("field").asText());
        assertTrue(err.get("error").asText().contains("YYYY-H1"));

        HttpResponse<String> badHtml = app.get("/incidents?limit=abc");
        assertEquals(400, badHtml.statusCode());
        assertTrue(badHtml.body().contains("limit must be a whole number"));

        HttpResponse<String> missing = app.get("/incidents/2099-01-01-nothing");
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().contains("No incident has the id"));
        assertEquals(404, app.get("/api/v1/incidents/2099-01-01-nothing").statusCode());
        assertEquals(404, app.get("/no/such/page").statusCode());
        HttpResponse<String> weird = app.get("/incidents/%3Cscript%3E");
        assertEquals(400, weird.statusCode());
        assertFalse(weird.body().contains("<script>"));
        for (HttpResponse<String> r : new HttpResponse[] {bad, badHtml, missing, weird}) {
            assertFalse(r.body().contains("Exception") || r.body().contains("\tat "), r.body());
        }
    }

    static String raw(String target) throws Exception {
        try (java.net.Socket sock = new java.net.Socket("127.0.0.1", app.port())) {
            sock.setSoTimeout(5000);
            sock.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            return new String(sock.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void requestsRefusedByTheServerItselfStillCarryTheSecurityHeaders() throws Exception {
        for (String target : new String[] {"/incidents/%zz", "/" + "a".repeat(10_000)}) {
            String answer = raw(target);
            String head = answer.substring(0, Math.max(0, answer.indexOf("\r\n\r\n"))).toLowerCase(java.util.Locale.ROOT);
            assertTrue(head.startsWith("http/1.1 4"), head);
            assertTrue(head.contains("content-security-policy: default-src 'self'"), head);
            assertTrue(head.contains("x-content-type-options: nosniff"), head);
            assertFalse(answer.contains("\tat ") || answer.contains("Exception"), answer);
        }
    }

    @Test
    void walletRouteValidatesTheAddress() {
        HttpResponse<String> bad = app.get("/wallet/0x123");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("40 hexadecimal"));
        HttpResponse<String> redirect = app.get("/wallet?address=0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
        assertEquals(303, redirect.statusCode());
        assertEquals("/wallet/0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", redirect.headers().firstValue("Location").orElse(""));
    }
}
