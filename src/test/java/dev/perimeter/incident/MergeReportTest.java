package dev.perimeter.incident;

import dev.perimeter.util.Csv;
import dev.perimeter.util.DataFiles;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * data/incidents/merge-report.csv is what the data build makes of the shipped files: this test rebuilds it and
 * compares, so the committed report stays current. After a data change regenerate it with
 * {@code java -jar target/perimeter.jar check-data --merge-report data/incidents/merge-report.csv}.
 */
class MergeReportTest {
    @Test
    void theCommittedReportIsTheOneTheDataBuildMakes() {
        ShippedIncidents.Loaded loaded = ShippedIncidents.load(DataFiles.bundled());
        String built = ShippedIncidents.mergeReportCsv(loaded.mergeReport());
        String committed = new String(DataFiles.bundled().read(ShippedIncidents.MERGE_REPORT), StandardCharsets.UTF_8);
        assertEquals(built, committed, "data/incidents/merge-report.csv is stale: regenerate it (see this test's comment)");
    }

    @Test
    void everyMergeNamesItsRuleAndEveryNearMissItsReason() {
        List<Csv.Row> rows = Csv.read(DataFiles.bundled().read(ShippedIncidents.MERGE_REPORT), ShippedIncidents.MERGE_REPORT,
                IncidentMerger.ReportRow.HEADER);
        List<String> rules = List.of("reviewed", "override", "same-attack-tx", "same-vulnerable-contract", "same-name", "name-prefix",
                "same-date-chain-loss");
        int merged = 0, near = 0;
        for (Csv.Row r : rows) {
            assertFalse(r.get("detail").isEmpty(), "line " + r.line());
            if (r.get("kind").equals("merged")) {
                merged++;
                assertTrue(rules.contains(r.get("rule")), "line " + r.line() + ": " + r.get("rule"));
                assertTrue(r.get("other_incident").isEmpty());
            } else {
                near++;
                assertEquals("near_miss", r.get("kind"));
                assertNotEquals(r.get("incident"), r.get("other_incident"), "a near-miss is two incidents");
                assertTrue(Integer.parseInt(r.get("days_apart")) <= IncidentMerger.NEAR_MISS_DAYS);
            }
        }
        assertTrue(merged > 0 && near > 0);
    }
}
