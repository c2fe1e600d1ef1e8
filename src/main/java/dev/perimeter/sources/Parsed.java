package dev.perimeter.sources;

import java.util.List;

/** What a format reader made of an input: the rows, and every problem found (the input is usable only with none). */
public record Parsed<T>(List<T> rows, List<Problem> problems) {
    public Parsed {
        rows = List.copyOf(rows);
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return problems.isEmpty();
    }
}
