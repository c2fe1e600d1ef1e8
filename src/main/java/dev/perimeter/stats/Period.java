package dev.perimeter.stats;

import dev.perimeter.util.Semester;

import java.time.LocalDate;
import java.util.Optional;

/** A closed range of UTC dates the statistics cover: a semester (YYYY-H1 / YYYY-H2) or any from..to range. */
public record Period(String label, LocalDate from, LocalDate to, Semester semester) {
    public Period {
        if (from == null || to == null) throw new IllegalArgumentException("a period needs both dates");
        if (to.isBefore(from)) throw new IllegalArgumentException("a period cannot end before it starts");
    }

    public static Period of(Semester s) {
        return new Period(s.toString(), s.start(), s.end(), s);
    }

    public static Period range(LocalDate from, LocalDate to) {
        return new Period(from + ".." + to, from, to, null);
    }

    /** Inclusive at both ends. */
    public boolean contains(LocalDate d) {
        return d != null && !d.isBefore(from) && !d.isAfter(to);
    }

    public Optional<Semester> asSemester() {
        return Optional.ofNullable(semester);
    }
}
