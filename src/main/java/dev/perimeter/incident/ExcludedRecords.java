package dev.perimeter.incident;

import dev.perimeter.util.Csv;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Dataset records that are not incidents under the published inclusion rule (data/SOURCES.md, "What counts as an
 * incident"): a vulnerability disclosure or a whitehat reproduction with no funds taken. Each names the record, the reason
 * (the dataset's own words that show it) and the sources read. An incident made only of such records is left out of the
 * build — out of every count, total and page; check-data lists them.
 */
public final class ExcludedRecords {
    public static final String FILE = "incidents/excluded-records.csv";

    public record Excluded(int line, String record, String reason, List<String> sources) {}

    private ExcludedRecords() {}

    public static List<Excluded> parse(byte[] csv, String file) {
        List<Excluded> out = new ArrayList<>();
        for (Csv.Row r : Csv.read(csv, file, List.of("record", "reason", "source_urls"))) {
            String at = file + ": line " + r.line() + ": ";
            if (r.get("record").split("\\|", -1).length < 3) throw new Csv.CsvException(at + "record must be dataset|date|name", null);
            List<String> urls = DatasetReaders.words(r.get("source_urls"));
            if (r.get("reason").isBlank() || urls.isEmpty()) throw new Csv.CsvException(at + "a reason and the sources read are required", null);
            out.add(new Excluded(r.line(), r.get("record"), r.get("reason"), urls));
        }
        return List.copyOf(out);
    }

    /** Rows naming no dataset record (check-data fails on them). */
    public static List<String> dangling(List<Excluded> rows, List<SourceRecord> records) {
        return SourceRecord.dangling(FILE, rows, Excluded::line, Excluded::record, records);
    }

    /** The incidents kept, and those left out (each with the row that left it out). */
    public record Split(List<Incident> kept, Map<Incident, Excluded> left) {}

    /** Leaves out every incident whose records are all excluded; an incident with any other record stays whole. */
    public static Split apply(List<Incident> incidents, List<Excluded> rows) {
        Map<String, Excluded> byRecord = new HashMap<>();
        for (Excluded e : rows) byRecord.put(e.record(), e);
        List<Incident> kept = new ArrayList<>();
        Map<Incident, Excluded> left = new java.util.LinkedHashMap<>();
        for (Incident i : incidents) {
            boolean all = !i.sources().isEmpty() && i.sources().stream().allMatch(s -> byRecord.containsKey(s.key()));
            if (all) left.put(i, byRecord.get(i.sources().get(0).key()));
            else kept.add(i);
        }
        return new Split(List.copyOf(kept), left);
    }
}
