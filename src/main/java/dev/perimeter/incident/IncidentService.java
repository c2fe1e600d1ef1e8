package dev.perimeter.incident;

import dev.perimeter.db.Database;
import dev.perimeter.util.DataFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    /** One rebuild of the incidents at a time in this process (across processes: the store's database lock). */
    private final Object rebuildLock = new Object();

    /** The incident feature over its own stores in this database. */
    public IncidentService(Database db, DataFiles files, java.time.Clock clock) {
        this.writes = new IncidentWriteStore(db, clock);
        this.queries = new IncidentQueryStore(db);
        this.protocols = new ProtocolStore(db);
        this.published = new PublishedFigureStore(db);
        this.files = files;
    }

    public record SyncResult(boolean loaded, int incidents, int sourceRecords, String checksum) {}

    /**
     * Loads data/ (with the rows stored from feeds and imports) into the database when the data version changed; one
     * transaction, so a failure keeps the old data.
     */
    public SyncResult syncShippedData() {
        synchronized (rebuildLock) {
            String filesChecksum = ShippedIncidents.checksum(files);
            String quick = ShippedIncidents.checksum(files, ShippedIncidents.Stored.of(queries.feedRows()).withPrices(queries.storedPrices()));
            if (queries.dataChecksum().map(quick::equals).orElse(false)) {
                log.info("shipped incident data unchanged ({}), nothing to load", quick.substring(0, 12));
                return new SyncResult(false, 0, 0, quick);
            }
            SyncResult result = writes.rebuild((stored, current, before) -> {
                String checksum = ShippedIncidents.checksum(files, stored);
                if (checksum.equals(current)) {
                    return new IncidentWriteStore.Outcome<>(checksum, List.of(), null, List.of(), new SyncResult(false, 0, 0, checksum));
                }
                ShippedIncidents.Loaded loaded = ShippedIncidents.load(files, stored);
                return new IncidentWriteStore.Outcome<>(checksum, List.of(), loaded.incidents(), loaded.published(),
                        new SyncResult(true, loaded.incidents().size(), loaded.sourceRecords(), checksum));
            }, () -> new SyncResult(false, 0, 0, null));
            version.incrementAndGet();
            if (result.loaded()) {
                log.info("loaded {} incidents from {} dataset records in {} (data version {}, files {})", result.incidents(),
                        result.sourceRecords(), files.describe(), result.checksum().substring(0, 12), filesChecksum.substring(0, 12));
            }
            return result;
        }
    }

    /** How the rows of one dataset compared with what was stored: added, updated, unchanged. */
    public record Counts(String dataset, int added, int updated, int unchanged) {}

    /**
     * What applying feed or import rows did.
     * @param newIncidents       lines like "2025-06-01-foo — Foo, 2025-06-01, $1.2M"
     * @param changedLosses      lines like "2024-07-16-li-fi: $8M → $11.6M"
     * @param newApprovalContracts "chain:address (role, incident id)" of contracts newly recorded with a role whose approvals are dangerous
     */
    public record Applied(List<Counts> counts, List<String> newIncidents, List<String> changedLosses, List<String> newApprovalContracts) {
        public boolean changed() {
            return counts.stream().anyMatch(c -> c.added() + c.updated() > 0);
        }
    }

    /**
     * Applies rows read from feeds or an import in one transaction: each row is compared with the shipped row of its
     * identity overlaid by what is stored; new and changed rows are stored and the incidents rebuilt through the same
     * merge and review rules as the shipped data (reviewed values win over every feed value). Rows equal to what is
     * there change nothing.
     */
    public Applied applyRows(List<ExternalRecords.Row> incoming) {
        synchronized (rebuildLock) {
            Map<String, List<ExternalRecords.Row>> shipped = Map.of(ExternalRecords.DEFILLAMA, ShippedIncidents.shippedDefiLlama(files),
                    ExternalRecords.REVOKE, ShippedIncidents.shippedRevoke(files));
            Applied none = new Applied(List.of(), List.of(), List.of(), List.of());
            Applied result = writes.rebuild((stored, current, before) -> {
                List<Counts> counts = new ArrayList<>();
                List<ExternalRecords.Row> toStore = new ArrayList<>();
                for (String dataset : List.of(ExternalRecords.DEFILLAMA, ExternalRecords.REVOKE)) {
                    List<ExternalRecords.Row> mine = incoming.stream().filter(r -> r.dataset().equals(dataset)).toList();
                    if (mine.isEmpty()) continue;
                    ExternalRecords.Diff d = ExternalRecords.diff(mine, shipped.get(dataset), stored.of(dataset));
                    counts.add(new Counts(dataset, d.added().size(), d.updated().size(), d.unchanged()));
                    toStore.addAll(d.toStore());
                }
                if (toStore.isEmpty()) return new IncidentWriteStore.Outcome<>(current, List.of(), null, List.of(),
                        new Applied(List.copyOf(counts), List.of(), List.of(), List.of()));
                ShippedIncidents.Stored next = stored.with(toStore);
                ShippedIncidents.Loaded loaded = ShippedIncidents.load(files, next);
                return new IncidentWriteStore.Outcome<>(ShippedIncidents.checksum(files, next), toStore, loaded.incidents(),
                        loaded.published(), changes(counts, before, loaded.incidents()));
            }, () -> none);
            if (result.changed()) version.incrementAndGet();
            return result;
        }
    }

    /** What storing fetched daily closes did: how many were new, and the incidents whose USD loss changed with them. */
    public record PricesApplied(int added, List<String> changedLosses) {}

    /**
     * The daily closes token-stated losses need and neither the price file nor the database has (what update-data asks the
     * price feed for), by date then asset.
     */
    public List<LossPricing.Need> missingPrices() {
        ShippedIncidents.Stored stored = ShippedIncidents.Stored.of(queries.feedRows()).withPrices(queries.storedPrices());
        ShippedIncidents.Records r = ShippedIncidents.records(files, stored);
        return LossPricing.missing(r.all(), ShippedIncidents.prices(files, stored));
    }

    /**
     * Stores fetched daily closes (never replacing a stored or shipped close) and rebuilds the incidents with them, in one
     * transaction; nothing happens when none is new.
     */
    public PricesApplied applyPrices(List<DailyPrices.Price> fetched) {
        synchronized (rebuildLock) {
            PricesApplied none = new PricesApplied(0, List.of());
            PricesApplied result = writes.rebuild((stored, current, before) -> {
                DailyPrices have = ShippedIncidents.prices(files, stored);
                List<DailyPrices.Price> fresh = new ArrayList<>();
                java.util.Set<String> seen = new java.util.HashSet<>();
                for (DailyPrices.Price p : fetched) {
                    if (have.close(p.asset(), p.date()).isPresent() || !seen.add(p.asset() + "|" + p.date())) continue;
                    fresh.add(p);
                }
                if (fresh.isEmpty()) return null;
                List<DailyPrices.Price> all = new ArrayList<>(stored.prices());
                all.addAll(fresh);
                ShippedIncidents.Stored next = stored.withPrices(all);
                ShippedIncidents.Loaded loaded = ShippedIncidents.load(files, next);
                Applied diff = changes(List.of(), before, loaded.incidents());
                return new IncidentWriteStore.Outcome<>(ShippedIncidents.checksum(files, next), List.of(), loaded.incidents(),
                        loaded.published(), new PricesApplied(fresh.size(), diff.changedLosses()), fresh);
            }, () -> none);
            if (result.added() > 0) version.incrementAndGet();
            return result;
        }
    }

    private static Applied changes(List<Counts> counts, IncidentWriteStore.Summary before, List<Incident> after) {
        List<String> added = new ArrayList<>(), losses = new ArrayList<>(), contracts = new ArrayList<>();
        java.util.Set<dev.perimeter.util.ChainAddress> seen = new java.util.HashSet<>();
        for (Incident i : after) {
            IncidentWriteStore.Brief old = before.incidents().get(i.id());
            if (old == null) {
                added.add(i.id() + " — " + i.protocolName() + ", " + i.date() + ", " + dev.perimeter.util.Usd.approx(i.lossUsd()));
            } else {
                java.math.BigDecimal was = old.lossUsd();
                boolean same = was == null ? i.lossUsd() == null : i.lossUsd() != null && was.compareTo(i.lossUsd()) == 0;
                if (!same) losses.add(i.id() + ": " + dev.perimeter.util.Usd.approx(was) + " → " + dev.perimeter.util.Usd.approx(i.lossUsd()));
            }
            for (ContractRef c : i.contracts()) {
                dev.perimeter.util.ChainAddress k = c.at();
                if (Incident.APPROVAL_ROLES.contains(c.role()) && !before.approvalContracts().contains(k) && seen.add(k)) {
                    contracts.add(k + " (" + c.role() + ", " + i.id() + ")");
                }
            }
        }
        return new Applied(List.copyOf(counts), List.copyOf(added), List.copyOf(losses), List.copyOf(contracts));
    }

    /** Registry protocols (data/tokens/protocols.csv) into the protocols table, with the slugs incidents use. */
    public int syncRegistryProtocols() {
        List<ProtocolStore.Protocol> rows = new java.util.ArrayList<>();
        for (dev.perimeter.util.Csv.Row r : dev.perimeter.util.Csv.read(files.read("tokens/protocols.csv"), "tokens/protocols.csv",
                List.of("slug", "name", "category", "source"))) {
            rows.add(new ProtocolStore.Protocol(r.get("slug"), r.get("name"), r.get("category"), "registry"));
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

    /**
     * The data version stored in the database (any instance or command may have written it: a rebuild's checksum and the
     * incident count, so a CSV import counts too); null before the first load.
     */
    public String storedDataVersion() {
        return queries.dataVersion().orElse(null);
    }

    /** The reviews of the data files (reviews.csv): a verified review confirms a feed row's loss. */
    public Reviews reviews() {
        return ShippedIncidents.merger(files).reviews();
    }

    /** The data files this service loads (shipped or PERIMETER_DATA_DIR). */
    public DataFiles files() {
        return files;
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

    /** Every (chain, address, incident, role) whose approvals are dangerous (Incident.APPROVAL_ROLES), for the exposure snapshot. */
    public List<IncidentQueryStore.ContractRow> exploitedContracts() {
        return queries.exploitedContractRows();
    }

    /** A row of the protocols table. */
    public Optional<ProtocolStore.Protocol> protocol(String slug) {
        return protocols.find(slug);
    }

    /** Every incident naming this contract (chain slug, lowercase address), newest first. */
    public List<IncidentQueryStore.ContractMention> mentionsOf(String chain, String address) {
        return queries.mentionsOf(chain, address);
    }
}
