package dev.perimeter.sources;

/** One thing wrong with an input file, with where it is (e.g. "item 12 (name 'Foo'): amount is not a number"). */
public record Problem(String position, String message) {
    @Override
    public String toString() {
        return position + ": " + message;
    }
}
