package dev.perimeter.incident;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * One row of one dataset, normalised. Several records of different datasets can describe the same event;
 * {@link IncidentMerger} turns them into one {@link Incident}.
 */
public record SourceRecord(
        String dataset,        // defihacklabs | chronicle | sok | seed | import
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
        Vector vector) {       // a vector given by the source itself (imports, seed); null = rules decide

    /** How override files name this row: dataset|date|name. */
    public String key() {
        return dataset + "|" + date + "|" + name;
    }
}
