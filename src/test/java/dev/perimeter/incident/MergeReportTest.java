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
        int merged = 0, near = 0, separate = 0;
        for (Csv.Row r : rows) {
            assertFalse(r.get("detail").isEmpty(), "line " + r.line());
            if (r.get("kind").equals("merged")) {
                merged++;
                assertTrue(IncidentMerger.RULES.contains(r.get("rule")), "line " + r.line() + ": " + r.get("rule"));
                assertTrue(r.get("other_incident").isEmpty());
            } else if (r.get("kind").equals("separate")) {
                // a reviewed separation of a pair no rule looks at: any distance, always with its override's reason
                separate++;
                assertEquals("override", r.get("rule"), "line " + r.line());
                assertNotEquals(r.get("incident"), r.get("other_incident"), "two incidents");
                assertTrue(r.get("detail").startsWith("separate override ("), "line " + r.line());
            } else {
                near++;
                assertEquals("near_miss", r.get("kind"));
                // the rule that considered the pair and left it apart, or none (similar names alone)
                assertTrue(r.get("rule").isEmpty() || IncidentMerger.RULES.contains(r.get("rule")), "line " + r.line() + ": " + r.get("rule"));
                assertNotEquals(r.get("incident"), r.get("other_incident"), "a near-miss is two incidents");
                assertTrue(Integer.parseInt(r.get("days_apart")) <= IncidentMerger.NEAR_MISS_DAYS);
            }
        }
        assertTrue(merged > 0 && near > 0 && separate > 0);
    }
}
