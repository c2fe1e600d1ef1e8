package dev.perimeter.stats;

import dev.perimeter.incident.Incident;
import dev.perimeter.incident.Vector;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * The part of an incident the statistics read: one row, no sources or contracts. {@code lossUsd} null = unknown
 * (never guessed); {@code chains} may be empty (not known).
 */
public record IncidentRow(String id, LocalDate date, String protocolSlug, String protocolName, String title,
                          BigDecimal lossUsd, Vector vector, String attribution, String attributionSource,
                          BigDecimal fundsReturnedUsd, List<String> chains) {
    public IncidentRow {
        chains = chains == null ? List.of() : List.copyOf(chains);
        vector = vector == null ? Vector.OTHER : vector;
    }

    public static IncidentRow of(Incident i) {
        return new IncidentRow(i.id(), i.date(), i.protocolSlug(), i.protocolName(), i.title(), i.lossUsd(), i.vector(),
                i.attribution(), i.attributionSource(), i.fundsReturnedUsd(), i.chains());
    }

    public IncidentRow withChains(List<String> newChains) {
        return new IncidentRow(id, date, protocolSlug, protocolName, title, lossUsd, vector, attribution, attributionSource,
                fundsReturnedUsd, newChains);
    }

    public boolean hasUsd() {
        return lossUsd != null;
    }

    /** An attribution counts only when it names an actor AND says who made it (a source). */
    public boolean sourcedAttribution() {
        return attribution != null && !attribution.isBlank() && attributionSource != null && !attributionSource.isBlank();
    }

    /** Funds returned, capped at the loss; null when the loss is unknown or nothing was returned. */
    public BigDecimal returnedCapped() {
        if (lossUsd == null || fundsReturnedUsd == null) return null;
        return fundsReturnedUsd.max(BigDecimal.ZERO).min(lossUsd);
    }
}
