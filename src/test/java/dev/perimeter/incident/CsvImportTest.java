package dev.perimeter.incident;

import dev.perimeter.db.Database;
import dev.perimeter.db.TestDatabases;
import dev.perimeter.util.DataFiles;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class CsvImportTest {
    static final String HEADER = "date,protocol,loss_usd,chains,vector,technique,attribution,funds_returned_usd,source_url,verified,extra\n";
    final IncidentMerger merger = ShippedIncidents.merger(DataFiles.bundled());

    static byte[] csv(String rows) {
        return (HEADER + rows).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void goodRowsBecomeIncidentsWithRuleOrGivenVector() {
        CsvImport.Result r = CsvImport.parse(csv(
                "2025-03-01,Example Lend,1250000.50,ethereum;base,,Price Oracle Manipulation,,250000,https://example.org/a,true,ignored\n"
                        + "2025-03-02,Example Bridge,,arbitrum,infrastructure,,Some Group,,https://example.org/b https://example.org/c,,x\n"),
                "mine.csv", merger);
        assertTrue(r.ok(), r.errors().toString());
        Incident a = r.incidents().get(0);
        assertEquals("2025-03-01-example-lend", a.id());
        assertEquals(new BigDecimal("1250000.50"), a.lossUsd());
        assertEquals(new BigDecimal("1000000.50"), a.netLossUsd());
        assertEquals(List.of("ethereum", "base"), a.chains());
        assertEquals(Vector.SMART_CONTRACT, a.vector());
        assertEquals("rule:oracle-price", a.vectorRule());
        assertTrue(a.verified());
        Incident b = r.incidents().get(1);
        assertNull(b.lossUsd());
        assertEquals(Vector.INFRASTRUCTURE, b.vector());
        assertEquals("source:import", b.vectorRule());
        assertEquals("Some Group", b.attribution());
        assertFalse(b.verified());
    }

    @Test
    void everyBadRowIsListedWithItsLine() {
        CsvImport.Result r = CsvImport.parse(csv(
                "2025-13-01,A,1,,,,,,https://example.org,,\n"
                        + "2025-03-01,,1,,,,,,https://example.org,,\n"
                        + "2025-03-01,B,1.000.000,,,,,,https://example.org,,\n"
                        + "2025-03-01,C,5,,quantum,,,,https://example.org,,\n"
                        + "2025-03-01,D,5,,,,,,javascript:alert(1),,\n"
                        + "2025-03-01,E,5,,,,,,https://ok.example,maybe,\n"
                        + "2025-03-01,F,5,,,,,,https://ok.example,true,\n"),
                "bad.csv", merger);
        assertFalse(r.ok());
        assertTrue(r.incidents().isEmpty(), "nothing is returned when any row is bad");
        assertEquals(6, r.errors().size(), r.errors().toString());
        assertTrue(r.errors().get(0).startsWith("line 2: date"), r.errors().get(0));
        assertTrue(r.errors().get(1).startsWith("line 3: protocol is required"));
        assertTrue(r.errors().get(2).startsWith("line 4: loss_usd"));
        assertTrue(r.errors().get(3).startsWith("line 5: vector"));
        assertTrue(r.errors().get(4).startsWith("line 6: source_url"));
        assertTrue(r.errors().get(5).startsWith("line 7: verified"));
    }

    @Test
    void missingRequiredColumnIsReported() {
        CsvImport.Result r = CsvImport.parse("date,protocol\n2025-01-01,X\n".getBytes(StandardCharsets.UTF_8), "x.csv", merger);
        assertFalse(r.ok());
        assertTrue(r.errors().get(0).contains("source_url"), r.errors().toString());
    }

    @Test
    void importIsAllOrNothingAndReimportAddsNothing() {
        try (Database db = TestDatabases.open(TestDatabases.h2())) {
            IncidentService svc = new IncidentService(db, DataFiles.bundled(), java.time.Clock.systemUTC());
            byte[] good = csv("2025-03-01,Example Lend,1000,ethereum,,Reentrancy,,,https://example.org/a,,\n"
                    + "2025-03-01,Example Lend,2000,ethereum,,Reentrancy,,,https://example.org/b,,\n");
            var first = svc.importCsv(good, "good.csv");
            assertEquals(List.of(), first.errors());
            assertEquals(2, first.added());
            assertEquals(0, first.unchanged());
            var again = svc.importCsv(good, "renamed.csv");
            assertEquals(0, again.added());
            assertEquals(2, again.unchanged());
            assertTrue(svc.get("2025-03-01-example-lend").isPresent());
            assertTrue(svc.get("2025-03-01-example-lend-2").isPresent());

            int total = svc.find(new IncidentQuery(null, null, null, null, null, null, 10, 0)).total();
            var bad = svc.importCsv(csv("2025-03-05,Fine Row,1,,,,,,https://example.org,,\n2025-03-05,Bad Row,x,,,,,,https://example.org,,\n"), "bad.csv");
            assertEquals(1, bad.errors().size());
            assertEquals(total, svc.find(new IncidentQuery(null, null, null, null, null, null, 10, 0)).total());
        }
    }
}
