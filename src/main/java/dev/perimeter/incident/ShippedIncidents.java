package dev.perimeter.incident;

import dev.perimeter.util.Csv;
import dev.perimeter.util.DataFiles;

import java.util.ArrayList;
import java.util.List;

/** Reads every shipped incident file in data/ and merges them: the pipeline run at start-up. */
public final class ShippedIncidents {
    public static final String VECTOR_RULES = "incidents/vector-rules.csv";
    public static final String VECTOR_OVERRIDES = "incidents/vector-overrides.csv";
    public static final String MERGE_OVERRIDES = "incidents/merge-overrides.csv";
    public static final String PROTOCOL_ALIASES = "incidents/protocol-aliases.csv";
    public static final String PUBLISHED = "published/published_figures.csv";

    /** Every file whose content decides the loaded incidents; their checksum is the data version. */
    public static final List<String> FILES = List.of(DatasetReaders.DEFIHACKLABS_FILE, DatasetReaders.CHRONICLE_FILE,
            DatasetReaders.SOK_FILE, DatasetReaders.SEED_FILE, VECTOR_RULES, VECTOR_OVERRIDES, MERGE_OVERRIDES,
            PROTOCOL_ALIASES, PUBLISHED);

    public record Loaded(List<Incident> incidents, List<PublishedFigure> published, int sourceRecords) {}

    private ShippedIncidents() {}

    public static VectorRules vectorRules(DataFiles files) {
        return new VectorRules(VectorRules.parseRules(files.read(VECTOR_RULES), VECTOR_RULES),
                VectorRules.parseOverrides(files.read(VECTOR_OVERRIDES), VECTOR_OVERRIDES));
    }

    public static IncidentMerger merger(DataFiles files) {
        return new IncidentMerger(vectorRules(files),
                IncidentMerger.parseOverrides(files.read(MERGE_OVERRIDES), MERGE_OVERRIDES),
                IncidentMerger.Aliases.parse(files.read(PROTOCOL_ALIASES), PROTOCOL_ALIASES));
    }

    public static Loaded load(DataFiles files) {
        List<SourceRecord> all = new ArrayList<>();
        all.addAll(DatasetReaders.defiHackLabs(files.read(DatasetReaders.DEFIHACKLABS_FILE)));
        all.addAll(DatasetReaders.sok(files.read(DatasetReaders.SOK_FILE)));
        all.addAll(DatasetReaders.chronicle(files.read(DatasetReaders.CHRONICLE_FILE)));
        all.addAll(DatasetReaders.seed(files.read(DatasetReaders.SEED_FILE)));
        IncidentMerger merger = merger(files);
        List<Incident> incidents = merger.merge(all);
        return new Loaded(incidents, publishedFigures(files.read(PUBLISHED), PUBLISHED), all.size());
    }

    public static List<PublishedFigure> publishedFigures(byte[] csv, String file) {
        List<PublishedFigure> out = new ArrayList<>();
        for (Csv.Row r : Csv.read(csv, file, List.of("report", "period", "metric", "value", "unit", "approx", "label", "source"))) {
            if (r.get("source").isEmpty()) throw new Csv.CsvException(file + ": line " + r.line() + ": a source is required", null);
            java.math.BigDecimal v;
            try {
                v = new java.math.BigDecimal(r.get("value"));
            } catch (NumberFormatException e) {
                throw new Csv.CsvException(file + ": line " + r.line() + ": value is not a number", e);
            }
            out.add(new PublishedFigure(r.get("report"), r.get("period"), r.get("metric"), v, r.get("unit"),
                    r.get("approx").equalsIgnoreCase("true"), r.get("label"), r.get("source")));
        }
        return out;
    }
}
