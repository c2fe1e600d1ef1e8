package dev.perimeter.check;

import dev.perimeter.TestData;
import dev.perimeter.incident.Incident;
import dev.perimeter.incident.Reviews;
import dev.perimeter.util.DataFiles;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class CheckDataTest {
    record Outcome(CheckData.Result result, String text) {}

    static Outcome check(DataFiles files) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        CheckData.Result r = CheckData.run(files, new PrintStream(buf, true, StandardCharsets.UTF_8));
        return new Outcome(r, buf.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theShippedDataPasses() {
        Outcome o = check(DataFiles.bundled());
        assertTrue(o.result().ok(), o.text());
        assertTrue(o.text().contains("## Incidents and losses by vector per year"));
        assertTrue(o.text().contains("| year | incidents | infrastructure |"), o.text());
        assertTrue(o.text().contains("near-misses left apart"));
        // The merges line names every rule, strongest first, with the count the merge report holds (0 included).
        List<String> counts = new java.util.ArrayList<>();
        for (String rule : dev.perimeter.incident.IncidentMerger.RULES) {
            long n = o.result().loaded().mergeReport().stream().filter(r -> r.kind().equals("merged") && r.rule().equals(rule)).count();
            counts.add(rule + "=" + n);
        }
        assertTrue(o.text().contains("{" + String.join(", ", counts) + "}"), o.text());
        assertTrue(o.text().contains("reviewed as two events, no rule near them: "), o.text());
        assertTrue(o.text().contains("USD figures below $1,000 read from text that names a token amount: 0"));
        assertTrue(o.text().contains("pending: dataset not shipped — 0 records"), "DefiLlama is shipped: none of its review records waits");
        int named = 0;
        for (Reviews.Review r : Reviews.parse(DataFiles.bundled().read(Reviews.FILE), Reviews.FILE).all()) named += r.records().size();
        assertTrue(o.text().contains("records named by reviews in loaded datasets: " + named + ", found and applied: " + named), o.text());
        assertTrue(o.text().contains("incidents ≥ $1M have a rule-made scope, not a review"));
    }

    /** Every incident of $10M or more is reviewed, except where the only review of its records is unverified. */
    @Test
    void everyIncidentOfTenMillionOrMoreIsReviewedOrHasOnlyAnUnverifiedReview() {
        Outcome o = check(DataFiles.bundled());
        Reviews reviews = Reviews.parse(DataFiles.bundled().read(Reviews.FILE), Reviews.FILE);
        Set<String> unverifiedRecords = new HashSet<>();
        for (Reviews.Review r : reviews.all()) if (!r.verified()) unverifiedRecords.addAll(r.records());
        int big = 0;
        for (Incident i : o.result().loaded().incidents()) {
            if (i.lossUsd() == null || i.lossUsd().compareTo(CheckData.REVIEW_THRESHOLD) < 0) continue;
            big++;
            if (i.reviewed()) {
                assertNotNull(i.vector());
                assertTrue(i.vectorBasis().startsWith("reviewed: http"), i.id());
                assertTrue(i.scopeBasis().startsWith("reviewed: http"), i.id());
            } else {
                // Its only review is unverified (shown, not applied); other records of the event may have merged in by rule.
                assertTrue(i.sources().stream().anyMatch(s -> unverifiedRecords.contains(s.key())), i.id() + " has no review");
                assertTrue(o.text().contains(i.id()), "listed as without a review: " + i.id());
            }
        }
        assertTrue(big > 50, "incidents of $10M or more: " + big);
    }

    static Path copyWith(String file, String appendLine) throws Exception {
        Path dir = TestData.copyBundledData();
        Files.writeString(dir.resolve(file), appendLine + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        return dir;
    }

    @Test
    void aReviewNamingAMissingRecordIsADanglingReference() throws Exception {
        Path dir = copyWith(Reviews.FILE, "2024-01-01,Nothing,defihacklabs|2024-01-01|No Such Row,true,other,contracts,,,,,"
                + "not a theft,https://example.org/x,test");
        Outcome o = check(DataFiles.folder(dir));
        assertFalse(o.result().ok());
        assertTrue(o.result().problems().get(0).contains("no dataset row defihacklabs 2024-01-01 No Such Row"), o.result().problems().toString());
        assertTrue(o.text().contains("FAILED"));
    }

    @Test
    void aReviewOfADatasetThatIsNotShippedIsPendingNotAProblem() throws Exception {
        Path dir = copyWith(Reviews.FILE, "2024-01-01,Elsewhere,rekt|2024-01-01|Elsewhere,true,other,contracts,,,,1000000,,"
                + "https://example.org/x,test");
        Outcome o = check(DataFiles.folder(dir));
        assertTrue(o.result().ok(), o.result().problems().toString());
    }

    @Test
    void unknownVectorOrScopeFails() throws Exception {
        Outcome vector = check(DataFiles.folder(copyWith(Reviews.FILE, "2024-01-01,X,defihacklabs|2024-01-01|X,true,keys,contracts,,,,,"
                + "n,https://example.org/x,test")));
        assertFalse(vector.result().ok());
        assertTrue(vector.result().problems().get(0).contains("unknown vector 'keys'"), vector.result().problems().toString());
        Outcome scope = check(DataFiles.folder(copyWith(Reviews.FILE, "2024-01-01,X,defihacklabs|2024-01-01|X,true,other,everything,,,,,"
                + "n,https://example.org/x,test")));
        assertFalse(scope.result().ok());
        assertTrue(scope.result().problems().get(0).contains("unknown scope 'everything'"), scope.result().problems().toString());
        Outcome rule = check(DataFiles.folder(copyWith("incidents/vector-rules.csv", "broken,text,broken,keys,meaning")));
        assertTrue(rule.result().problems().get(0).contains("unknown vector 'keys'"), rule.result().problems().toString());
    }

    @Test
    void anOverrideNamingAMissingIncidentFails() throws Exception {
        Path dir = copyWith("incidents/merge-overrides.csv", "merge,sok,2099-01-01,Nowhere,sok,2022-03-01,Ronin,test");
        Outcome o = check(DataFiles.folder(dir));
        assertFalse(o.result().ok());
        assertTrue(o.result().problems().stream().anyMatch(p -> p.contains("merge-overrides.csv: line") && p.contains("2099-01-01 Nowhere")),
                o.result().problems().toString());
        Path links = copyWith("infrastructure/incident-links.csv", "sok,2099-01-01,Nowhere,ronin-bridge,test");
        Outcome l = check(DataFiles.folder(links));
        assertTrue(l.result().problems().stream().anyMatch(p -> p.contains("incident-links.csv") && p.contains("Nowhere")),
                l.result().problems().toString());
    }

    @Test
    void theTableHasOneLinePerYearWithAnIncident() {
        Outcome o = check(DataFiles.bundled());
        List<Integer> years = o.result().loaded().incidents().stream().map(i -> i.date().getYear()).distinct().sorted().toList();
        for (int y : years) assertTrue(o.text().contains("\n| " + y + " | "), "row for " + y);
        assertEquals(years.size(), o.result().years().size());
    }
}
