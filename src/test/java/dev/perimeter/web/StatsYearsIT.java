package dev.perimeter.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perimeter.TestAppExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.*;

/** The per-year vector table and the 2026-H1 comparison on the shipped data, checked against the incidents API. */
class StatsYearsIT {
    @RegisterExtension
    static final TestAppExtension app = new TestAppExtension();

    /** Incidents of a year (both semesters) from the incidents API, optionally of one vector; [count, without USD]. */
    static int[] fromIncidentsApi(int year, String vector) throws Exception {
        int count = 0, nullUsd = 0;
        for (String half : new String[] {"H1", "H2"}) {
            for (int offset = 0; ; offset += 500) {
                JsonNode page = app.getJson("/api/v1/incidents?semester=" + year + "-" + half + "&limit=500&offset=" + offset
                        + (vector == null ? "" : "&vector=" + vector));
                for (JsonNode i : page.get("items")) {
                    count++;
                    if (i.get("lossUsd").isNull()) nullUsd++;
                }
                if (offset + 500 >= page.get("total").asInt()) break;
            }
        }
        return new int[] {count, nullUsd};
    }

    @Test
    void everyYearAgreesWithTheIncidentsItCounts() throws Exception {
        JsonNode years = app.getJson("/api/v1/stats/semesters").get("years");
        assertTrue(years.size() > 5, years.toString());
        int checked = 0;
        for (JsonNode y : years) {
            int year = y.get("year").asInt();
            if (year < 2021) continue; // keep the test quick: the busy years
            int[] all = fromIncidentsApi(year, null);
            assertEquals(all[0], y.get("incidents").asInt(), "incidents in " + year);
            assertEquals(all[1], y.get("nullUsd").asInt(), "incidents without a USD figure in " + year);
            int[] infra = fromIncidentsApi(year, "infrastructure");
            JsonNode iv = null;
            for (JsonNode v : y.get("vectors")) if (v.get("vector").asText().equals("infrastructure")) iv = v;
            assertNotNull(iv);
            assertEquals(infra[0], iv.get("incidents").asInt(), "infrastructure incidents in " + year);
            checked++;
        }
        assertTrue(checked >= 5, "years checked: " + checked);
        String page = app.get("/stats").body();
        assertTrue(page.contains("id=\"years\"") && page.contains("Attack vectors per year"));
    }

    @Test
    void theH1Of2026ExplainsTheRemainingDifferenceInFigures() throws Exception {
        JsonNode s = app.getJson("/api/v1/stats/semesters/2026-H1");
        String page = app.get("/stats/2026-H1").body();
        assertTrue(page.contains("The remaining difference, in figures"), "the explanation is on the page");
        int incidents = s.get("incidents").asInt();
        assertTrue(page.contains(String.format(java.util.Locale.ENGLISH, "this database %,d", incidents)), "names this database's count");
        int unknown = s.get("excludedUnknownUsd").asInt();
        if (unknown > 0) assertTrue(page.contains(String.format(java.util.Locale.ENGLISH, "%,d of the %,d incidents here have no USD figure", unknown, incidents)));
    }
}
