package dev.perimeter.util;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.*;

class SemesterTest {
    @Test
    void boundariesAreJuneThirtiethAndJulyFirst() {
        assertEquals("2026-H1", Semester.of(LocalDate.of(2026, 1, 1)).toString());
        assertEquals("2026-H1", Semester.of(LocalDate.of(2026, 6, 30)).toString());
        assertEquals("2026-H2", Semester.of(LocalDate.of(2026, 7, 1)).toString());
        assertEquals("2026-H2", Semester.of(LocalDate.of(2026, 12, 31)).toString());
        Semester s = Semester.parse("2025-H2").orElseThrow();
        assertEquals(LocalDate.of(2025, 7, 1), s.start());
        assertEquals(LocalDate.of(2025, 12, 31), s.end());
        assertEquals("2025-H1", s.previous().toString());
        assertEquals("2024-H2", s.yearEarlier().toString());
        assertEquals("2026-H1", s.next().toString());
    }

    @Test
    void rejectsMalformed() {
        for (String bad : new String[] {"2026-H3", "2026H1", "26-H1", "2026-h1x", "", "1900-H1"}) {
            assertTrue(Semester.parse(bad).isEmpty(), bad);
        }
    }
}
