package dev.perimeter.infrastructure;

import java.time.LocalDate;

/**
 * One row of data/infrastructure/incident-links.csv: the dataset record (dataset, date, name — copied exactly from the
 * dataset) that an infrastructure row is linked to. It resolves to every incident holding such a source record.
 */
public record IncidentLink(String dataset, LocalDate date, String name, String infrastructure, String note, int line) {
    /** The datasets an incident source record can come from (incident_sources.dataset). */
    public static final java.util.List<String> DATASETS = java.util.List.of("defihacklabs", "chronicle", "sok", "seed");

    public String describe() {
        return dataset + " record dated " + date + " named '" + name + "'";
    }
}
