package dev.perimeter.stats;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

/**
 * A protocol with incidents: how many, how much was lost (known USD losses only; null when none is known), net of
 * funds returned, first and last incident. {@code name} is the protocol name on its latest incident.
 */
public record ProtocolSummary(String slug, String name, int incidents, int incidentsWithUsd, BigDecimal totalUsd,
                              BigDecimal fundsReturnedUsd, BigDecimal netLossUsd, LocalDate firstDate, LocalDate lastDate,
                              String lastIncidentId) {

    /** Summarises one protocol's incidents (all with the same slug; at least one). Pure. */
    public static ProtocolSummary of(List<IncidentRow> rows) {
        if (rows.isEmpty()) throw new IllegalArgumentException("a protocol summary needs at least one incident");
        IncidentRow first = rows.get(0), last = rows.get(0);
        int withUsd = 0;
        BigDecimal total = BigDecimal.ZERO, returned = BigDecimal.ZERO;
        Comparator<IncidentRow> byDate = Comparator.comparing(IncidentRow::date).thenComparing(IncidentRow::id);
        for (IncidentRow r : rows) {
            if (byDate.compare(r, first) < 0) first = r;
            if (byDate.compare(r, last) > 0) last = r;
            if (r.hasUsd()) {
                withUsd++;
                total = total.add(r.lossUsd());
                BigDecimal back = r.returnedCapped();
                if (back != null) returned = returned.add(back);
            }
        }
        boolean known = withUsd > 0;
        return new ProtocolSummary(last.protocolSlug(), last.protocolName(), rows.size(), withUsd, known ? total : null,
                known ? returned : null, known ? total.subtract(returned) : null, first.date(), last.date(), last.id());
    }

    /** Case-insensitive match of a search text against the name or slug. */
    public boolean matches(String q) {
        if (q == null || q.isBlank()) return true;
        String t = q.trim().toLowerCase(java.util.Locale.ROOT);
        return name.toLowerCase(java.util.Locale.ROOT).contains(t) || slug.contains(t);
    }
}
