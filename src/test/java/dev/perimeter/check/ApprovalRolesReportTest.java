package dev.perimeter.check;

import dev.perimeter.incident.ShippedIncidents;
import dev.perimeter.util.Csv;
import dev.perimeter.util.DataFiles;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * data/contracts/approval-roles.csv records the decision on every contract that has or had an approval role (issue 19):
 * this test rebuilds it and compares. After a data change regenerate it with
 * {@code java -jar target/perimeter.jar check-data --approval-report data/contracts/approval-roles.csv}.
 */
class ApprovalRolesReportTest {
    static final String FILE = "contracts/approval-roles.csv";

    @Test
    void theCommittedDecisionsAreTheOnesTheDataBuildMakes() {
        ShippedIncidents.Loaded loaded = ShippedIncidents.load(DataFiles.bundled());
        String built = ApprovalRoleCheck.decisionsCsv(ApprovalRoleCheck.decisions(loaded.incidents()));
        String committed = new String(DataFiles.bundled().read(FILE), StandardCharsets.UTF_8);
        assertEquals(built, committed, "data/" + FILE + " is stale: regenerate it (see this test's comment)");
    }

    @Test
    void everyApprovalRoleNamesItsEvidenceAndEveryMentionItsReason() {
        List<Csv.Row> rows = Csv.read(DataFiles.bundled().read(FILE), FILE, ApprovalRoleCheck.Decision.HEADER);
        assertTrue(rows.size() > 500, "every contract a dataset labelled, and Revoke.cash's: " + rows.size());
        int approval = 0, mention = 0;
        for (Csv.Row r : rows) {
            String d = r.get("decision");
            if (d.startsWith("exploited") || d.startsWith("drainer")) {
                approval++;
                assertTrue(d.contains(" from revoke") || d.contains(" from evidence:") || d.contains(" from review"), "line " + r.line() + ": " + d);
                assertFalse(r.get("evidence").isBlank(), "line " + r.line());
            } else {
                mention++;
                assertTrue(d.startsWith("mention — "), "line " + r.line() + ": " + d);
            }
        }
        assertTrue(approval > 200 && mention > 300, approval + " approval roles, " + mention + " mentions");
    }
}
