package dev.perimeter.chain;

import java.nio.charset.StandardCharsets;

/** A run of ASCII bytes (hex in a response body) read as characters in place, without copying it into a String. */
record AsciiText(byte[] bytes, int from, int to) implements CharSequence {
    @Override
    public int length() {
        return to - from;
    }

    @Override
    public char charAt(int i) {
        if (i < 0 || i >= to - from) throw new IndexOutOfBoundsException(i);
        return (char) (bytes[from + i] & 0xff);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        if (start < 0 || end > to - from || start > end) throw new IndexOutOfBoundsException(start);
        return new AsciiText(bytes, from + start, from + end);
    }

    @Override
    public String toString() {
        return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    }
}
