package dev.perimeter.wallet;

/** How the scan of one chain ended; {@link #code()} is what JSON and pages show. */
public enum ChainStatus {
    /** Everything was read. */
    OK("ok"),
    /** Some reads failed; what was read is correct. */
    PARTIAL("partial"),
    /** Nothing usable was read. */
    FAILED("failed");

    private final String code;

    ChainStatus(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    @Override
    public String toString() {
        return code;
    }
}
