package dev.perimeter.incident;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * One row of one dataset, normalised. Several records of different datasets can describe the same event;
 * {@link IncidentMerger} turns them into one {@link Incident}.
 * <p>
 * Records are made by one factory per dataset ({@link #defiHackLabs}, {@link #chronicle}, {@link #sok}, {@link #seed},
 * {@link #defiLlama}, {@link #revoke}, {@link #imported}; {@link #stored} for what the database keeps), which sets what
 * the dataset fixes, then named {@code with…} methods for the rest; nothing outside this class calls the canonical
 * constructor with its 21 positional components.
 */
public record SourceRecord(
        String dataset,        // defihacklabs | chronicle | sok | seed | defillama | revoke | import
        String datasetRef,     // repo:path@commit or file name
        int line,              // line in the data file (1 = header)
        LocalDate date,
        String name,
        String title,
        String technique,      // free text the vector rules read (technique / category)
        String lossRaw,
        BigDecimal lossUsd,    // null = unknown
        String lossBasis,
        List<String> chains,
        List<ContractRef> contracts,
        List<String> urls,
        boolean verified,
        String attribution,
        String attributionSource,
        BigDecimal fundsReturnedUsd,
        Vector vector,         // a vector given by the source itself (imports, seed); null = rules decide
        List<String> txHashes, // attack transaction hashes the record names (lowercase 0x…)
        List<LossFigure> figures,  // every USD figure the record states (its loss line, the PoC's KeyInfo …)
        String recordKey) {        // how override and review files name it; null = dataset|date|name (see key())

    public SourceRecord {
        chains = chains == null ? List.of() : List.copyOf(chains);
        contracts = contracts == null ? List.of() : List.copyOf(contracts);
        urls = urls == null ? List.of() : List.copyOf(urls);
        txHashes = txHashes == null ? List.of() : List.copyOf(txHashes);
        figures = figures == null ? List.of() : List.copyOf(figures);
    }

    // ---- one factory per dataset: what the dataset fixes is set here, the rest by name (the with… methods below) ----------

    /**
     * A DeFiHackLabs README row: verified (a reproduced exploit), titled "name: technique". Its loss has the figures the
     * reader found (loss line, PoC KeyInfo, bare numbers).
     */
    public static SourceRecord defiHackLabs(String ref, int line, LocalDate date, String name, String technique, Loss loss) {
        return of("defihacklabs", ref, line, date, name, technique.isEmpty() ? name : name + ": " + technique, technique, loss)
                .withVerified(true);
    }

    /** A DeFi-Hack-Chronicle row: its title (the name when it has none) and its category as the text the vector rules read. */
    public static SourceRecord chronicle(String ref, int line, LocalDate date, String name, String title, String category, Loss loss) {
        return of("chronicle", ref, line, date, name, title.isEmpty() ? name : title, category, loss);
    }

    /** A row of the SoK bridge-hack list: verified, titled "bridge bridge hack", no technique of its own. */
    public static SourceRecord sok(String ref, int line, LocalDate date, String bridge, Loss loss) {
        return of("sok", ref, line, date, bridge, bridge + " bridge hack", "", loss).withVerified(true);
    }

    /** A row sourced to a published article (seed_incidents.csv); its ref is the article. */
    public static SourceRecord seed(String source, int line, LocalDate date, String name, String title, String technique, Loss loss) {
        return of("seed", source, line, date, name, title, technique, loss);
    }

    /** One hack of DefiLlama's list: verified (DefiLlama lists it with its evidence link). */
    public static SourceRecord defiLlama(String ref, int line, LocalDate date, String name, String title, String technique, Loss loss) {
        return of("defillama", ref, line, date, name, title, technique, loss).withVerified(true);
    }

    /** One exploit of Revoke.cash's list: verified, titled by its name, its description as the text the vector rules read. */
    public static SourceRecord revoke(String ref, int line, LocalDate date, String name, String description, Loss loss) {
        return of("revoke", ref, line, date, name, name, description == null ? "" : description, loss).withVerified(true);
    }

    /** A row of a user's CSV import (dataset "import"), titled "protocol: technique". */
    public static SourceRecord imported(String fileName, int line, LocalDate date, String protocol, String technique, Loss loss) {
        return of("import", fileName, line, date, protocol, protocol + (technique.isEmpty() ? "" : ": " + technique), technique, loss);
    }

    /**
     * A source as the database keeps it beside its incident (incident_sources): dataset, ref, date, name and the loss as
     * written; no line, title, technique or USD of its own (the incident carries those).
     */
    public static SourceRecord stored(String dataset, String ref, LocalDate date, String name, String lossRaw) {
        return of(dataset, ref, 0, date, name, null, null, new Loss(lossRaw, null, null, List.of()));
    }

    /**
     * A record of any dataset, not verified, naming nothing beyond its loss: what the factories above start from (and
     * tests that need a record of a given dataset with a given title and technique).
     */
    static SourceRecord of(String dataset, String ref, int line, LocalDate date, String name, String title, String technique, Loss loss) {
        return new SourceRecord(dataset, ref, line, date, name, title, technique, loss.raw(), loss.usd(), loss.basis(), List.of(),
                List.of(), List.of(), false, null, null, null, null, List.of(), loss.figures(), null);
    }

    /** A record's loss as its dataset states it: the text, its USD reading (null: unknown), how it was read, every USD figure stated. */
    public record Loss(String raw, BigDecimal usd, String basis, List<LossFigure> figures) {
        public Loss {
            figures = figures == null ? List.of() : List.copyOf(figures);
        }

        /** No USD loss, for the reason {@code basis} gives ("unknown:not_stated"); no text, no figure. */
        public static Loss unknown(String basis) {
            return new Loss(null, null, basis, List.of());
        }

        /** A loss whose only figure is itself, labelled {@code label} (none when the USD is unknown). */
        public static Loss withItsFigure(String label, String raw, BigDecimal usd, String basis) {
            return new Loss(raw, usd, basis, usd == null ? List.of() : List.of(new LossFigure(label, raw, usd)));
        }
    }

    /** This record's loss, as one value. */
    public Loss loss() {
        return new Loss(lossRaw, lossUsd, lossBasis, figures);
    }

    /** Who a source says did it, and where it says so. */
    public record Attribution(String who, String source) {}

    /**
     * How override and review files name this row: dataset|date|name; the second row of a dataset with the same date and
     * name is "dataset|date|name #2" (and so on, in file order); a feed row that updates a shipped row keeps the shipped
     * row's key, so reviews of it still apply.
     */
    public String key() {
        return recordKey != null ? recordKey : baseKey();
    }

    /** dataset|date|name, whatever key the record carries. */
    public String baseKey() {
        return dataset + "|" + date + "|" + name;
    }

    public SourceRecord withKey(String key) {
        return copy().key(key).build();
    }

    /** The same record with its USD loss read another way (a token amount priced at the attack date) and its figures. */
    public SourceRecord withLoss(BigDecimal usd, String basis, List<LossFigure> newFigures) {
        return copy().loss(new Loss(lossRaw, usd, basis, newFigures)).build();
    }

    public SourceRecord withContracts(List<ContractRef> newContracts) {
        return copy().contracts(newContracts).build();
    }

    public SourceRecord withChains(List<String> newChains) {
        return copy().chains(newChains).build();
    }

    public SourceRecord withUrls(List<String> newUrls) {
        return copy().urls(newUrls).build();
    }

    /** The attack transactions the record names (lowercase 0x…). */
    public SourceRecord withTxHashes(List<String> hashes) {
        return copy().txHashes(hashes).build();
    }

    public SourceRecord withVerified(boolean isVerified) {
        return copy().verified(isVerified).build();
    }

    public SourceRecord withAttribution(Attribution a) {
        return copy().attribution(a).build();
    }

    public SourceRecord withFundsReturnedUsd(BigDecimal usd) {
        return copy().fundsReturned(usd).build();
    }

    /** A vector the source itself gives (imports, seed); null: the rules decide. */
    public SourceRecord withVector(Vector v) {
        return copy().vector(v).build();
    }

    private Copy copy() {
        return new Copy(this);
    }

    /** The with… methods' working copy: one place that lists the record's components in order. */
    private static final class Copy {
        private final SourceRecord r;
        private Loss loss;
        private List<String> chains, urls, txHashes;
        private List<ContractRef> contracts;
        private boolean verified;
        private Attribution attribution;
        private BigDecimal fundsReturned;
        private Vector vector;
        private String key;

        Copy(SourceRecord r) {
            this.r = r;
            loss = r.loss();
            chains = r.chains;
            urls = r.urls;
            txHashes = r.txHashes;
            contracts = r.contracts;
            verified = r.verified;
            attribution = new Attribution(r.attribution, r.attributionSource);
            fundsReturned = r.fundsReturnedUsd;
            vector = r.vector;
            key = r.recordKey;
        }

        Copy loss(Loss l) { loss = l; return this; }
        Copy chains(List<String> c) { chains = c; return this; }
        Copy urls(List<String> u) { urls = u; return this; }
        Copy txHashes(List<String> t) { txHashes = t; return this; }
        Copy contracts(List<ContractRef> c) { contracts = c; return this; }
        Copy verified(boolean v) { verified = v; return this; }
        Copy attribution(Attribution a) { attribution = a; return this; }
        Copy fundsReturned(BigDecimal f) { fundsReturned = f; return this; }
        Copy vector(Vector v) { vector = v; return this; }
        Copy key(String k) { key = k; return this; }

        SourceRecord build() {
            return new SourceRecord(r.dataset, r.datasetRef, r.line, r.date, r.name, r.title, r.technique, loss.raw(), loss.usd(),
                    loss.basis(), chains, contracts, urls, verified, attribution.who(), attribution.source(), fundsReturned, vector,
                    txHashes, loss.figures(), key);
        }
    }

    /**
     * "FILE: line N: no dataset row …" for each row of a reviewed file (approval evidence, excluded records) whose record
     * key names no record: what check-data fails on and the build refuses.
     */
    public static <T> List<String> dangling(String file, List<T> rows, java.util.function.ToIntFunction<T> line,
                                            java.util.function.Function<T, String> key, List<SourceRecord> records) {
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (SourceRecord s : records) keys.add(s.key());
        List<String> out = new java.util.ArrayList<>();
        for (T r : rows) {
            if (!keys.contains(key.apply(r))) out.add(file + ": line " + line.applyAsInt(r) + ": no dataset row " + key.apply(r).replace('|', ' '));
        }
        return out;
    }
}
