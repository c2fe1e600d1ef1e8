package dev.perimeter.util;

import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Pattern;

/** A half-year: YYYY-H1 (Jan 1 - Jun 30) or YYYY-H2 (Jul 1 - Dec 31), UTC dates. */
public record Semester(int year, int half) implements Comparable<Semester> {
    private static final Pattern FORMAT = Pattern.compile("(\\d{4})-H([12])");
    public static final String EXPECTED = "YYYY-H1 or YYYY-H2, e.g. 2026-H1";

    public Semester {
        if (half != 1 && half != 2) throw new IllegalArgumentException("half must be 1 or 2");
        if (year < 1970 || year > 9999) throw new IllegalArgumentException("year out of range");
    }

    public static Semester of(LocalDate d) {
        return new Semester(d.getYear(), d.getMonthValue() <= 6 ? 1 : 2);
    }

    public static Optional<Semester> parse(String s) {
        if (s == null) return Optional.empty();
        var m = FORMAT.matcher(s.trim());
        if (!m.matches()) return Optional.empty();
        int y = Integer.parseInt(m.group(1));
        if (y < 1970) return Optional.empty();
        return Optional.of(new Semester(y, Integer.parseInt(m.group(2))));
    }

    public LocalDate start() {
        return LocalDate.of(year, half == 1 ? 1 : 7, 1);
    }

    /** Inclusive last day. */
    public LocalDate end() {
        return half == 1 ? LocalDate.of(year, 6, 30) : LocalDate.of(year, 12, 31);
    }

    public Semester previous() {
        return half == 2 ? new Semester(year, 1) : new Semester(year - 1, 2);
    }

    public Semester next() {
        return half == 1 ? new Semester(year, 2) : new Semester(year + 1, 1);
    }

    public Semester yearEarlier() {
        return new Semester(year - 1, half);
    }

    @Override
    public String toString() {
        return year + "-H" + half;
    }

    @Override
    public int compareTo(Semester o) {
        return year != o.year ? Integer.compare(year, o.year) : Integer.compare(half, o.half);
    }
}
