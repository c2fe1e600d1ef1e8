package dev.perimeter.stats;

import dev.perimeter.util.Semester;
import dev.perimeter.util.Usd;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Another list's own figures for a semester beside this database's: DefiLlama's count and total of the hacks it dates in
 * the semester (its amounts, as it states them), and how many of those rows are in this database as the same incident.
 *
 * <p>Definitions. A row of the list is "in this database as the same incident" when the incident it was merged into is
 * dated in the same semester (a review or a merge can date an event differently); "also named by another source" when that
 * incident has a record of another dataset too (DeFiHackLabs, DeFi-Hack-Chronicle, the SoK list, the seed article,
 * Revoke.cash). The list covers a semester when its rows span all of it: from the semester of its first row to its last
 * row's date; a semester after that is "not covered" (no count is shown, never 0).
 *
 * @param covered       false: the list's rows end before the semester does (or start after it)
 * @param rows          the list's rows dated in the semester
 * @param withAmount    how many of them state a USD amount
 * @param totalUsd      the sum of those amounts; null when none states one
 * @param inDatabase    rows whose incident is dated in the same semester
 * @param incidents     the distinct incidents of those rows
 * @param alsoElsewhere of the rows in this database, those whose incident another dataset names too
 */
public record ExternalComparison(String source, String semester, boolean covered, LocalDate coverageFrom, LocalDate coverageTo,
                                 int rows, int withAmount, BigDecimal totalUsd, int inDatabase, int incidents, int alsoElsewhere) {

    /** One row of the other list as stored: its own date and amount, the incident it is in, and that incident's semester. */
    public record Row(LocalDate date, BigDecimal amountUsd, String incidentId, String incidentSemester, boolean otherSources) {}

    public static ExternalComparison of(String source, Semester s, List<Row> all) {
        LocalDate from = null, to = null;
        for (Row r : all) {
            if (from == null || r.date().isBefore(from)) from = r.date();
            if (to == null || r.date().isAfter(to)) to = r.date();
        }
        boolean covered = from != null && !s.end().isAfter(to) && !Semester.of(from).start().isAfter(s.start());
        int rows = 0, withAmount = 0, in = 0, elsewhere = 0;
        BigDecimal total = null;
        Set<String> incidents = new HashSet<>();
        for (Row r : all) {
            if (r.date().isBefore(s.start()) || r.date().isAfter(s.end())) continue;
            rows++;
            if (r.amountUsd() != null) {
                withAmount++;
                total = total == null ? r.amountUsd() : total.add(r.amountUsd());
            }
            if (s.toString().equals(r.incidentSemester())) {
                in++;
                incidents.add(r.incidentId());
                if (r.otherSources()) elsewhere++;
            }
        }
        return new ExternalComparison(source, s.toString(), covered, from, to, rows, withAmount, total, in, incidents.size(), elsewhere);
    }

    /** "DefiLlama lists 41 hacks in 2025-H1 ($1.2B stated); 39 are in this database as the same incident, 12 also named by another source." */
    public String sentence() {
        if (coverageTo == null) return source + "'s list is not loaded in this database.";
        if (!covered) {
            return source + "'s list as loaded covers " + coverageFrom + " to " + coverageTo + ": " + semester + " is not covered"
                    + (rows > 0 ? " (it has " + rows + (rows == 1 ? " row" : " rows") + " dated in it so far)" : "") + ".";
        }
        List<String> parts = new ArrayList<>();
        parts.add(source + " lists " + rows + (rows == 1 ? " hack" : " hacks") + " in " + semester
                + (totalUsd == null ? "" : " (" + Usd.approx(totalUsd) + " as it states the amounts"
                + (withAmount < rows ? ", " + (rows - withAmount) + " without one" : "") + ")"));
        parts.add(inDatabase + " " + (inDatabase == 1 ? "is" : "are") + " in this database as the same incident"
                + (rows == 0 ? "" : ", " + alsoElsewhere + " of them also named by another source"));
        return String.join("; ", parts) + ".";
    }
}
