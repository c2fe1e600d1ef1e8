package dev.perimeter.incident;

import dev.perimeter.db.Database;
import dev.perimeter.util.DataFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;

/** Incidents: loading the shipped data, importing a user's CSV, and reading for pages and the API. */
public final class IncidentService {
    private static final Logger log = LoggerFactory.getLogger(IncidentService.class);
    private final IncidentWriteStore writes;
    private final IncidentQueryStore queries;
    private final ProtocolStore protocols;
    private final PublishedFigureStore published;
    private final DataFiles files;
    private final java.util.concurrent.atomic.AtomicLong version = new java.util.concurrent.atomic.AtomicLong();

    /** The incident feature over its own stores in this database. */
    public IncidentService(Database db, DataFiles files, java.time.Clock clock) {
        this.writes = new IncidentWriteStore(db, clock);
        this.queries = new IncidentQueryStore(db);
        this.protocols = new ProtocolStore(db);
        this.published = new PublishedFigureStore(db);
        this.files = files;
    }

    public record SyncResult(boolean loaded, int incidents, int sourceRecords, String checksum) {}

    /** Loads data/ into the database when its checksum changed; one transaction, so a failure keeps the old data. */
    public SyncResult syncShippedData() {
        String checksum = ShippedIncidents.checksum(files);
        if (queries.dataChecksum().map(checksum::equals).orElse(false)) {
            log.info("shipped incident data unchanged ({}), nothing to load", checksum.substring(0, 12));
            return new SyncResult(false, 0, 0, checksum);
        }
        ShippedIncidents.Loaded loaded = ShippedIncidents.load(files);
        boolean done = writes.syncShipped(checksum, loaded.incidents(), loaded.published());
        version.incrementAndGet();
        log.info("loaded {} incidents from {} dataset rows in {} (data version {})", loaded.incidents().size(),
                loaded.sourceRecords(), files.describe(), checksum.substring(0, 12));
        return new SyncResult(done, loaded.incidents().size(), loaded.sourceRecords(), checksum);
    }

    /** Registry protocols (data/tokens/protocols.csv) into the protocols table, with the slugs incidents use. */
    public int syncRegistryProtocols() {
        List<String[]> rows = new java.util.ArrayList<>();
        for (dev.perimeter.util.Csv.Row r : dev.perimeter.util.Csv.read(files.read("tokens/protocols.csv"), "tokens/protocols.csv",
                List.of("slug", "name", "category", "source"))) {
            rows.add(new String[] {r.get("slug"), r.get("name"), r.get("category")});
        }
        return protocols.upsertRegistryProtocols(rows);
    }

    public record ImportOutcome(List<String> errors, int added, int unchanged) {}

    public ImportOutcome importCsv(byte[] content, String fileName) {
        CsvImport.Result parsed = CsvImport.parse(content, fileName, ShippedIncidents.merger(files));
        if (!parsed.ok()) return new ImportOutcome(parsed.errors(), 0, 0);
        IncidentWriteStore.ImportResult r = writes.importIncidents(parsed.incidents());
        if (r.added() > 0) version.incrementAndGet();
        return new ImportOutcome(List.of(), r.added(), r.unchanged());
    }

    /** Changes when this process loads or imports incidents (caches of derived pages key on it). */
    public long version() {
        return version.get();
    }

    public IncidentPage find(IncidentQuery q) {
        return queries.find(q);
    }

    public Optional<Incident> get(String id) {
        return queries.get(id);
    }

    public Headline headline() {
        return queries.headline();
    }

    /** Figures of a published report for a period (all periods when null): shown beside ours, never merged. */
    public List<PublishedFigure> published(String period) {
        return published.find(period);
    }

    public List<String> semesters() {
        return queries.semesters();
    }

    public List<String> chains() {
        return queries.chains();
    }

    /** Every incident in brief (for the exposure snapshot). */
    public List<IncidentQueryStore.IndexRow> index() {
        return queries.incidentIndex();
    }

    /** Every (chain, address, incident, role) recorded as vulnerable or victim (for the exposure snapshot). */
    public List<IncidentQueryStore.ContractRow> exploitedContracts() {
        return queries.exploitedContractRows();
    }

    /** A protocol row: slug, name, category, origin. */
    public Optional<String[]> protocol(String slug) {
        return protocols.find(slug);
    }

    /** Every incident naming this contract (chain slug, lowercase address), newest first. */
    public List<IncidentQueryStore.ContractMention> mentionsOf(String chain, String address) {
        return queries.mentionsOf(chain, address);
    }
}
