package dev.perimeter.incident;

import dev.perimeter.util.Csv;
import dev.perimeter.util.DataFiles;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Records that are not incidents under the inclusion rule leave the build (a disclosure, a whitehat reproduction). */
class ExcludedRecordsTest {
    @Test
    void theShippedDisclosureAndReproductionAreNotCountedAndTheRealExploitStays() {
        ShippedIncidents.Loaded loaded = ShippedIncidents.load(DataFiles.bundled());
        List<String> ids = loaded.incidents().stream().map(Incident::id).toList();
        assertFalse(ids.contains("2026-04-14-saturn-protocol"));
        assertFalse(ids.contains("2026-06-22-aztec-escape-hatch"));
        assertTrue(ids.contains("2026-06-17-aztec-v1"), "the exploit that drained the same contract stays");
        assertEquals(2, loaded.excluded().size());
        for (ExcludedRecords.Excluded e : loaded.excluded().values()) assertFalse(e.sources().isEmpty());
    }

    @Test
    void anIncidentWithAnyOtherRecordStaysWhole() {
        ShippedIncidents.Loaded loaded = ShippedIncidents.load(DataFiles.bundled());
        Incident merged = loaded.incidents().stream().filter(i -> i.sources().size() >= 2).findFirst().orElseThrow();
        String one = merged.sources().get(0).key();
        List<ExcludedRecords.Excluded> rows = List.of(new ExcludedRecords.Excluded(2, one, "test", List.of("https://example.org")));
        ExcludedRecords.Split s = ExcludedRecords.apply(List.of(merged), rows);
        assertEquals(List.of(merged), s.kept());
        assertTrue(s.left().isEmpty());
    }

    @Test
    void aRowNeedsAReasonAndSourcesAndARecordThatExists() {
        String header = "record,reason,source_urls\n";
        assertThrows(Csv.CsvException.class, () -> ExcludedRecords.parse((header + "defihacklabs|2026-04-14|X,,https://a\n")
                .getBytes(StandardCharsets.UTF_8), "t.csv"));
        assertThrows(Csv.CsvException.class, () -> ExcludedRecords.parse((header + "nope,why,https://a\n").getBytes(StandardCharsets.UTF_8), "t.csv"));
        List<ExcludedRecords.Excluded> rows = ExcludedRecords.parse((header + "defihacklabs|2099-01-01|Nobody,why,https://a\n")
                .getBytes(StandardCharsets.UTF_8), "t.csv");
        assertEquals(1, ExcludedRecords.dangling(rows, ShippedIncidents.records(DataFiles.bundled())).size());
    }
}
