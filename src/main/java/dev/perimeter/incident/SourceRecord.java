package dev.perimeter.incident;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * One row of one dataset, normalised. Several records of different datasets can describe the same event;
 * {@link IncidentMerger} turns them into one {@link Incident}.
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

    /** A record named by its dataset, date and name. */
    public SourceRecord(String dataset, String datasetRef, int line, LocalDate date, String name, String title, String technique,
                        String lossRaw, BigDecimal lossUsd, String lossBasis, List<String> chains, List<ContractRef> contracts,
                        List<String> urls, boolean verified, String attribution, String attributionSource,
                        BigDecimal fundsReturnedUsd, Vector vector, List<String> txHashes, List<LossFigure> figures) {
        this(dataset, datasetRef, line, date, name, title, technique, lossRaw, lossUsd, lossBasis, chains, contracts, urls, verified,
                attribution, attributionSource, fundsReturnedUsd, vector, txHashes, figures, null);
    }

    /** A record that names no attack transaction and no figure beyond its loss. */
    public SourceRecord(String dataset, String datasetRef, int line, LocalDate date, String name, String title, String technique,
                        String lossRaw, BigDecimal lossUsd, String lossBasis, List<String> chains, List<ContractRef> contracts,
                        List<String> urls, boolean verified, String attribution, String attributionSource,
                        BigDecimal fundsReturnedUsd, Vector vector) {
        this(dataset, datasetRef, line, date, name, title, technique, lossRaw, lossUsd, lossBasis, chains, contracts, urls, verified,
                attribution, attributionSource, fundsReturnedUsd, vector, List.of(),
                lossUsd == null ? List.of() : List.of(new LossFigure(dataset, lossRaw, lossUsd)));
    }

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
        return new SourceRecord(dataset, datasetRef, line, date, name, title, technique, lossRaw, lossUsd, lossBasis, chains, contracts,
                urls, verified, attribution, attributionSource, fundsReturnedUsd, vector, txHashes, figures, key);
    }

    /** The same record with its USD loss read another way (a token amount priced at the attack date) and its figures. */
    public SourceRecord withLoss(BigDecimal usd, String basis, List<LossFigure> newFigures) {
        return new SourceRecord(dataset, datasetRef, line, date, name, title, technique, lossRaw, usd, basis, chains, contracts,
                urls, verified, attribution, attributionSource, fundsReturnedUsd, vector, txHashes, newFigures, recordKey);
    }

    public SourceRecord withContracts(List<ContractRef> newContracts) {
        return new SourceRecord(dataset, datasetRef, line, date, name, title, technique, lossRaw, lossUsd, lossBasis, chains, newContracts,
                urls, verified, attribution, attributionSource, fundsReturnedUsd, vector, txHashes, figures, recordKey);
    }

    public SourceRecord withChains(List<String> newChains) {
        return new SourceRecord(dataset, datasetRef, line, date, name, title, technique, lossRaw, lossUsd, lossBasis, newChains, contracts,
                urls, verified, attribution, attributionSource, fundsReturnedUsd, vector, txHashes, figures, recordKey);
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
