package dev.perimeter.incident;

import dev.perimeter.util.Csv;
import dev.perimeter.util.DataFiles;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads every shipped incident file in data/ and merges them: the pipeline run at start-up. */
public final class ShippedIncidents {
    public static final String VECTOR_RULES = "incidents/vector-rules.csv";
    public static final String REVIEWS = Reviews.FILE;
    public static final String MERGE_REPORT = "incidents/merge-report.csv";
    public static final String MERGE_OVERRIDES = "incidents/merge-overrides.csv";
    public static final String PROTOCOL_ALIASES = "incidents/protocol-aliases.csv";
    public static final String PUBLISHED = "published/published_figures.csv";
    /** The token registry: its token contracts never get an approval role (ApprovalRoles). */
    public static final String TOKENS = "tokens/tokens.csv";
    /** Origin of incidents built from the shipped files (with any feed rows merged in), and of those only feeds or imports name. */
    public static final String SHIPPED = "shipped";
    public static final String FEED = "feed";

    /** Every file whose content decides the loaded incidents; their checksum is the data version. */
    public static final List<String> FILES = List.of(DatasetReaders.DEFIHACKLABS_FILE, DatasetReaders.CHRONICLE_FILE,
            DatasetReaders.SOK_FILE, DatasetReaders.SEED_FILE, DatasetReaders.DEFILLAMA_FILE, DatasetReaders.DEFILLAMA_2026Q1_FILE,
            DatasetReaders.REVOKE_ADDRESSES_FILE, DatasetReaders.POC_FORKS_FILE,
            DatasetReaders.REVOKE_EXPLOITS_FILE, DatasetReaders.POC_CONTRACTS_FILE, VECTOR_RULES, REVIEWS, MERGE_OVERRIDES,
            PROTOCOL_ALIASES, PUBLISHED, ApprovalRoles.FILE, TOKENS, DailyPrices.FILE, DailyPrices.ASSETS, ExcludedRecords.FILE);
    /** The datasets this pipeline reads; reviews may name records of others (pending until that dataset ships). */
    public static final List<String> DATASETS = List.of("defihacklabs", "sok", "chronicle", "seed", ExternalRecords.DEFILLAMA,
            ExternalRecords.REVOKE);
    /**
     * Changes whenever the code that turns the files into incidents changes what it produces, so an upgraded
     * Perimeter reloads unchanged files. Part of the data version.
     */
    public static final String PIPELINE_VERSION = "2026-12-08.issue-19-excluded";

    /**
     * @param unattachedPoc DeFiHackLabs PoC header contracts that fit no DeFiHackLabs record (no date, no chain, or no
     *                      record of that PoC and date)
     */
    public record Loaded(List<Incident> incidents, List<PublishedFigure> published, int sourceRecords,
                         List<IncidentMerger.ReportRow> mergeReport, List<SourceRecord> records,
                         List<DatasetReaders.PocContract> unattachedPoc, ApprovalRoles.Applied approvalRoles,
                         Map<Incident, ExcludedRecords.Excluded> excluded) {
        public Loaded(List<Incident> incidents, List<PublishedFigure> published, int sourceRecords) {
            this(incidents, published, sourceRecords, List.of(), List.of(), List.of(), new ApprovalRoles.Applied(incidents, List.of(), List.of()),
                    Map.of());
        }
    }

    /** The records left out by the inclusion rule (none when a data folder has no such file). */
    public static List<ExcludedRecords.Excluded> excludedRecords(DataFiles files) {
        return files.exists(ExcludedRecords.FILE) ? ExcludedRecords.parse(files.read(ExcludedRecords.FILE), ExcludedRecords.FILE) : List.of();
    }

    /** The reviewed approval evidence (empty when a data folder has no such file). */
    public static List<ApprovalRoles.Evidence> approvalEvidence(DataFiles files) {
        return files.exists(ApprovalRoles.FILE) ? ApprovalRoles.parse(files.read(ApprovalRoles.FILE), ApprovalRoles.FILE) : List.of();
    }

    /** Chain and (lowercase) address of every token of the registry. */
    public static java.util.Set<dev.perimeter.util.ChainAddress> registryTokens(DataFiles files) {
        java.util.Set<dev.perimeter.util.ChainAddress> out = new java.util.HashSet<>();
        for (Csv.Row r : Csv.read(files.read(TOKENS), TOKENS, List.of("chain", "address"))) {
            out.add(new dev.perimeter.util.ChainAddress(r.get("chain").toLowerCase(java.util.Locale.ROOT),
                    r.get("address").toLowerCase(java.util.Locale.ROOT)));
        }
        return out;
    }

    /**
     * Rows stored from feeds and imports, by dataset and identity, and the daily closes update-data fetched (empty for the
     * shipped data alone).
     */
    public record Stored(Map<String, Map<String, ExternalRecords.Row>> byDataset, List<DailyPrices.Price> prices) {
        public static final Stored NONE = new Stored(Map.of(), List.of());

        public Stored {
            prices = prices == null ? List.of() : List.copyOf(prices);
        }

        public static Stored of(List<ExternalRecords.Row> rows) {
            Map<String, Map<String, ExternalRecords.Row>> m = new java.util.HashMap<>();
            for (ExternalRecords.Row r : rows) m.computeIfAbsent(r.dataset(), k -> new java.util.LinkedHashMap<>()).put(r.id(), r);
            return new Stored(m, List.of());
        }

        /** The same rows with these stored closes (they replace the ones held). */
        public Stored withPrices(List<DailyPrices.Price> stored) {
            return new Stored(byDataset, stored);
        }

        public Map<String, ExternalRecords.Row> of(String dataset) {
            return byDataset.getOrDefault(dataset, Map.of());
        }

        public Stored with(List<ExternalRecords.Row> rows) {
            List<ExternalRecords.Row> all = new ArrayList<>();
            for (Map<String, ExternalRecords.Row> m : byDataset.values()) all.addAll(m.values());
            Map<String, ExternalRecords.Row> replace = new java.util.HashMap<>();
            for (ExternalRecords.Row r : rows) replace.put(r.dataset() + "\u0000" + r.id(), r);
            List<ExternalRecords.Row> out = new ArrayList<>();
            for (ExternalRecords.Row r : all) {
                ExternalRecords.Row n = replace.remove(r.dataset() + "\u0000" + r.id());
                out.add(n == null ? r : n);
            }
            for (ExternalRecords.Row r : rows) if (replace.containsKey(r.dataset() + "\u0000" + r.id())) out.add(r);
            return of(out).withPrices(prices);
        }

        /** A checksum over every stored row (dataset, identity, content): part of the data version. */
        public String checksum() {
            List<String> lines = new ArrayList<>();
            for (Map<String, ExternalRecords.Row> m : byDataset.values()) {
                for (ExternalRecords.Row r : m.values()) lines.add(r.dataset() + "\u0001" + r.id() + "\u0001" + r.hash());
            }
            for (DailyPrices.Price p : prices) {
                lines.add("price\u0001" + p.asset() + "\u0001" + p.date() + "\u0001" + p.close().toPlainString() + "\u0001" + p.source());
            }
            java.util.Collections.sort(lines);
            return ExternalRecords.sha256(String.join("\n", lines));
        }

        public boolean isEmpty() {
            return byDataset.values().stream().allMatch(Map::isEmpty) && prices.isEmpty();
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

    /** The data version of the shipped files alone: the pipeline version and a SHA-256 over every input file. */
    public static String checksum(DataFiles files) {
        return files.checksum(FILES, PIPELINE_VERSION);
    }

    /** The data version of the shipped files with the stored feed and import rows. */
    public static String checksum(DataFiles files, Stored stored) {
        String shipped = checksum(files);
        return stored.isEmpty() ? shipped : ExternalRecords.sha256(shipped + "\u0000" + stored.checksum());
    }

    /**
     * The shipped rows of DefiLlama's hack list, as rows of the feed dataset: every file of {@link DatasetReaders#DEFILLAMA_FILES}
     * in order (each row with its own file's source column), identities numbered across them.
     */
    public static List<ExternalRecords.Row> shippedDefiLlama(DataFiles files) {
        List<dev.perimeter.sources.DefiLlamaFormat.Hack> hacks = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (String file : DatasetReaders.DEFILLAMA_FILES) {
            byte[] csv = files.read(file);
            var parsed = dev.perimeter.sources.DefiLlamaFormat.parseCsv(csv, file);
            if (!parsed.ok()) throw new Csv.CsvException(parsed.problems().get(0).toString(), null);
            hacks.addAll(parsed.rows());
            for (Csv.Row r : Csv.read(csv, file, List.of("source"))) sources.add(r.get("source"));
        }
        java.util.Iterator<String> it = sources.iterator();
        return ExternalRecords.defiLlamaRows(hacks, h -> it.next());
    }

    /** The shipped exploits of Revoke.cash's approval-exploit list, as rows of the feed dataset. */
    public static List<ExternalRecords.Row> shippedRevoke(DataFiles files) {
        byte[] exploits = files.read(DatasetReaders.REVOKE_EXPLOITS_FILE);
        var parsed = dev.perimeter.sources.RevokeFormat.parseCsv(files.read(DatasetReaders.REVOKE_ADDRESSES_FILE),
                DatasetReaders.REVOKE_ADDRESSES_FILE, exploits, DatasetReaders.REVOKE_EXPLOITS_FILE);
        if (!parsed.ok()) throw new Csv.CsvException(parsed.problems().get(0).toString(), null);
        Map<String, String> source = new java.util.HashMap<>();
        for (Csv.Row r : Csv.read(exploits, DatasetReaders.REVOKE_EXPLOITS_FILE, List.of("slug", "source"))) source.put(r.get("slug"), r.get("source"));
        return ExternalRecords.revokeRows(parsed.rows(), x -> source.get(x.slug()));
    }

    /** What the record build reads: every dataset's records, and the PoC contracts that fit no record. */
    public record Records(List<SourceRecord> all, List<DatasetReaders.PocContract> unattachedPoc, java.util.Set<SourceRecord> fromStored) {}

    /** Every record of every shipped dataset, in dataset order. */
    public static List<SourceRecord> records(DataFiles files) {
        return records(files, Stored.NONE).all();
    }

    /** Every record of every shipped dataset with the stored feed rows laid over DefiLlama's and Revoke.cash's. */
    public static Records records(DataFiles files, Stored stored) {
        List<SourceRecord> all = new ArrayList<>();
        DatasetReaders.Attached dhl = DatasetReaders.attachPocContracts(
                DatasetReaders.defiHackLabs(files.read(DatasetReaders.DEFIHACKLABS_FILE),
                        DatasetReaders.pocForks(files.read(DatasetReaders.POC_FORKS_FILE))),
                DatasetReaders.pocContracts(files.read(DatasetReaders.POC_CONTRACTS_FILE)));
        all.addAll(dhl.records());
        all.addAll(DatasetReaders.sok(files.read(DatasetReaders.SOK_FILE)));
        all.addAll(DatasetReaders.chronicle(files.read(DatasetReaders.CHRONICLE_FILE)));
        all.addAll(DatasetReaders.seed(files.read(DatasetReaders.SEED_FILE)));
        java.util.Set<SourceRecord> fromStored = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        all.addAll(ExternalRecords.records(shippedDefiLlama(files), stored.of(ExternalRecords.DEFILLAMA), fromStored));
        all.addAll(ExternalRecords.records(shippedRevoke(files), stored.of(ExternalRecords.REVOKE), fromStored));
        // A record's own explorer links name its chain (every dataset, shipped or stored). Records from stored rows keep
        // their identity in fromStored (it is by reference), so they are replaced there too.
        for (int k = 0; k < all.size(); k++) {
            SourceRecord before = all.get(k), after = DatasetReaders.withExplorerChains(before);
            if (after != before && fromStored.remove(before)) fromStored.add(after);
            all.set(k, after);
        }
        // Token-stated losses priced at the attack date; records it does not change stay the same objects (fromStored holds them).
        List<SourceRecord> priced = LossPricing.apply(disambiguate(all), prices(files, stored));
        return new Records(priced, dhl.unattached(), fromStored);
    }

    /** The second record of a dataset with one date and name is keyed "… #2" (file order), the third "… #3". */
    static List<SourceRecord> disambiguate(List<SourceRecord> all) {
        Map<String, Integer> seen = new java.util.HashMap<>();
        List<SourceRecord> out = new ArrayList<>(all.size());
        for (SourceRecord s : all) {
            if (s.recordKey() != null) {
                out.add(s);
                continue;
            }
            int n = seen.merge(s.baseKey(), 1, Integer::sum);
            out.add(n == 1 ? s : s.withKey(s.baseKey() + " #" + n));
        }
        return out;
    }

    /** The daily closes of the shipped price file with those update-data stored. */
    public static DailyPrices prices(DataFiles files, Stored stored) {
        return DailyPrices.load(files, stored.prices());
    }

    public static Loaded load(DataFiles files) {
        return load(files, Stored.NONE);
    }

    public static Loaded load(DataFiles files, Stored stored) {
        Records r = records(files, stored);
        IncidentMerger.Result merged = merger(files).mergeWithReport(r.all());
        List<ApprovalRoles.Evidence> evidence = approvalEvidence(files);
        List<String> dangling = ApprovalRoles.dangling(evidence, r.all());
        if (!dangling.isEmpty()) throw new IllegalStateException(dangling.get(0));
        ApprovalRoles.Applied roles = ApprovalRoles.apply(merged.incidents(), evidence, registryTokens(files));
        // Records that are not incidents under the inclusion rule (a disclosure, a whitehat reproduction) leave the build.
        List<ExcludedRecords.Excluded> excludedRows = excludedRecords(files);
        List<String> excludedDangling = ExcludedRecords.dangling(excludedRows, r.all());
        if (!excludedDangling.isEmpty()) throw new IllegalStateException(excludedDangling.get(0));
        ExcludedRecords.Split split = ExcludedRecords.apply(roles.incidents(), excludedRows);
        // An incident made only of rows from feeds or imports is origin "feed"; anything with a shipped record is "shipped".
        List<Incident> incidents = new ArrayList<>();
        for (Incident i : split.kept()) {
            incidents.add(!r.fromStored().isEmpty() && i.sources().stream().allMatch(r.fromStored()::contains) ? i.withOrigin(FEED) : i);
        }
        return new Loaded(List.copyOf(incidents), publishedFigures(files.read(PUBLISHED), PUBLISHED), r.all().size(), merged.report(),
                List.copyOf(r.all()), r.unattachedPoc(), roles, split.left());
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
