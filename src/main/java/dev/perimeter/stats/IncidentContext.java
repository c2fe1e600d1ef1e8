package dev.perimeter.stats;

import dev.perimeter.incident.Vector;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * An incident in its semester's context: its rank among the semester's known losses, its share of the semester's
 * losses and how many median hacks it equals. rank, sharePct and multipleOfMedian are null when the incident's USD
 * loss is unknown (or the semester median is 0, for the multiple). {@code sentence} says it in words, e.g.
 * "2nd largest of 2026-H1, 29.8% of the semester's losses, 1,333× the semester median".
 */
public record IncidentContext(
        String incidentId,
        String protocolSlug,
        String protocolName,
        LocalDate date,
        String semester,
        BigDecimal lossUsd,
        Vector vector,
        Integer rank,
        int tied,
        int rankedOf,
        int semesterIncidents,
        BigDecimal sharePct,
        BigDecimal multipleOfMedian,
        BigDecimal semesterTotalUsd,
        BigDecimal semesterMedianUsd,
        String sentence) {

    static IncidentContext of(IncidentRow r, PeriodStats semester) {
        PeriodStats.Position p = semester.position(r.lossUsd());
        String label = semester.period().label();
        String sentence = p == null
                ? "USD loss unknown, so not ranked; " + label + " had " + semester.incidents() + " incident"
                    + (semester.incidents() == 1 ? "" : "s") + ", " + semester.incidentsWithUsd() + " with a known loss"
                : Format.contextSentence(p, label);
        return new IncidentContext(r.id(), r.protocolSlug(), r.protocolName(), r.date(), label, r.lossUsd(), r.vector(),
                p == null ? null : p.rank(), p == null ? 0 : p.tied(), semester.incidentsWithUsd(), semester.incidents(),
                p == null ? null : p.sharePct(), p == null ? null : p.multipleOfMedian(), semester.totalUsd(),
                semester.medianUsd(), sentence);
    }
}
