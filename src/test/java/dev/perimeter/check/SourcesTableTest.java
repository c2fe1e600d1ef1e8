package dev.perimeter.check;

import dev.perimeter.incident.ShippedIncidents;
import dev.perimeter.stats.IncidentRow;
import dev.perimeter.stats.VectorShares;
import dev.perimeter.util.DataFiles;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

/** The per-year vector table in data/SOURCES.md is the one check-data generates from the shipped data. */
class SourcesTableTest {
    static final String BEGIN = "<!-- BEGIN check-data vector table -->\n", END = "<!-- END check-data vector table -->";

    @Test
    void theTableInSourcesMdIsCurrent() {
        String doc = new String(DataFiles.bundled().read("SOURCES.md"), StandardCharsets.UTF_8);
        int a = doc.indexOf(BEGIN), b = doc.indexOf(END);
        assertTrue(a >= 0 && b > a, "data/SOURCES.md lacks the generated table's markers");
        String table = CheckData.vectorTable(VectorShares.byYear(ShippedIncidents.load(DataFiles.bundled()).incidents().stream()
                .map(IncidentRow::of).toList()));
        assertEquals(table, doc.substring(a + BEGIN.length(), b),
                "data/SOURCES.md's table is stale: paste the table `java -jar target/perimeter.jar check-data` prints");
    }

    static final String RULE_BEGIN = "<!-- BEGIN inclusion rule -->\n", RULE_END = "<!-- END inclusion rule -->";

    /** The inclusion rule in data/SOURCES.md is word for word the one /stats publishes (stats.InclusionRule). */
    @Test
    void theInclusionRuleInSourcesMdIsTheOneStatsPublishes() {
        String doc = new String(DataFiles.bundled().read("SOURCES.md"), StandardCharsets.UTF_8);
        int a = doc.indexOf(RULE_BEGIN), b = doc.indexOf(RULE_END);
        assertTrue(a >= 0 && b > a, "data/SOURCES.md lacks the inclusion rule's markers");
        assertEquals(dev.perimeter.stats.InclusionRule.markdown(), doc.substring(a + RULE_BEGIN.length(), b),
                "data/SOURCES.md's inclusion rule differs from stats.InclusionRule: paste InclusionRule.markdown()");
    }
}
