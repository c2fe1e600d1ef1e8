package dev.perimeter.infrastructure;

import java.util.Optional;

/** An L2BEAT-style rating of one risk dimension; {@link #code()} is the word the data files and JSON use. */
public enum Rating {
    GOOD("good"), WARNING("warning"), BAD("bad");

    private final String code;

    Rating(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<Rating> parse(String s) {
        for (Rating r : values()) if (r.code.equals(s)) return Optional.of(r);
        return Optional.empty();
    }

    @Override
    public String toString() {
        return code;
    }
}
