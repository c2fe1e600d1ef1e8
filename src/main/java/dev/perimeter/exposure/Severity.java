package dev.perimeter.exposure;

/** Finding severity, most severe first. */
public enum Severity {
    CRITICAL, HIGH, MEDIUM, LOW, INFO;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
