package dev.perimeter.incident;

import dev.perimeter.util.Csv;
import dev.perimeter.util.DataFiles;

import java.util.ArrayList;
import java.util.List;

/** Reads every shipped incident file in data/ and merges them: the pipeline run at start-up. */
public final class ShippedIncidents {
    public static final String VECTOR_RULES = "incidents/vector-rules.csv";
    public static final String REVIEWS = Reviews.FILE;
    public static final String MERGE_REPORT = "incidents/merge-report.csv";
    public static final String MERGE_OVERRIDES = "incidents/merge-overrides.csv";
    public static final String PROTOCOL_ALIASES = "incidents/protocol-aliases.csv";
    public static final String PUBLISHED = "published/published_figures.csv";

    /** Every file whose content decides the loaded incidents; their checksum is the data version. */
    public static final List<String> FILES = List.of(DatasetReaders.DEFIHACKLABS_FILE, DatasetReaders.CHRONICLE_FILE,
            DatasetReaders.SOK_FILE, DatasetReaders.SEED_FILE, VECTOR_RULES, REVIEWS, MERGE_OVERRIDES,
            PROTOCOL_ALIASES, PUBLISHED);
    /** The datasets this pipeline reads; reviews may name records of others (pending until that dataset ships). */
    public static final List<String> DATASETS = List.of("defihacklabs", "sok", "chronicle", "seed");
    /**
     * Changes whenever the code that turns the files into incidents changes what it produces, so an upgraded
     * Perimeter reloads unchanged files. Part of the data version.
     */
    public static final String PIPELINE_VERSION = "2026-11-30.issue-12";

    public record Loaded(List<Incident> incidents, List<PublishedFigure> published, int sourceRecords,
                         List<IncidentMerger.ReportRow> mergeReport, List<SourceRecord> records) {
        public Loaded(List<Incident> incidents, List<PublishedFigure> published, int sourceRecords) {
            this(incidents, published, sourceRecords, List.of(), List.of());
        }
    }

    private ShippedIncidents() {}

    public static VectorRules vectorRules(DataFiles files) {
        return new VectorRules(VectorRules.parseRules(files.read(VECTOR_RULES), VECTOR_RULES));
    }

    public static IncidentMerger merger(DataFiles files) {
        return new IncidentMerger(vectorRules(files),
                IncidentMerger.parseOverrides(files.read(MERGE_OVERRIDES), MERGE_OVERRIDES),
                IncidentMerger.Aliases.parse(files.read(PROTOCOL_ALIASES), PROTOCOL_ALIASES),
                Reviews.parse(files.read(REVIEWS), REVIEWS), DATASETS);
    }

    /** The data version: the pipeline version and a SHA-256 over every input file. */
    public static String checksum(DataFiles files) {
        return files.checksum(FILES, PIPELINE_VERSION);
    }

    /** Every record of every shipped dataset, in dataset order. */
    public static List<SourceRecord> records(DataFiles files) {
        List<SourceRecord> all = new ArrayList<>();
        all.addAll(DatasetReaders.defiHackLabs(files.read(DatasetReaders.DEFIHACKLABS_FILE)));
        all.addAll(DatasetReaders.sok(files.read(DatasetReaders.SOK_FILE)));
        all.addAll(DatasetReaders.chronicle(files.read(DatasetReaders.CHRONICLE_FILE)));
        all.addAll(DatasetReaders.seed(files.read(DatasetReaders.SEED_FILE)));
        return all;
    }

    public static Loaded load(DataFiles files) {
        List<SourceRecord> all = records(files);
        IncidentMerger.Result merged = merger(files).mergeWithReport(all);
        return new Loaded(merged.incidents(), publishedFigures(files.read(PUBLISHED), PUBLISHED), all.size(), merged.report(),
                List.copyOf(all));
    }

    /** merge-report.csv as the data build writes it: one line per merge and per near-miss. */
    public static String mergeReportCsv(List<IncidentMerger.ReportRow> rows) {
        StringBuilder sb = new StringBuilder(String.join(",", IncidentMerger.ReportRow.HEADER)).append('\n');
        for (IncidentMerger.ReportRow r : rows) {
            sb.append(String.join(",", List.of(Csv.quote(r.kind()), Csv.quote(r.rule()), Csv.quote(r.incident()),
                    Csv.quote(r.otherIncident()), Csv.quote(r.recordA()), Csv.quote(r.recordB()), String.valueOf(r.days()),
                    Csv.quote(r.detail())))).append('\n');
        }
        return sb.toString();
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
