package dev.perimeter.exposure;

/** The kinds of finding, a closed set; {@link #code()} is what JSON, keys and docs/exposure-rules.md use. */
public enum FindingKind {
    APPROVAL_TO_EXPLOITED_CONTRACT("approval_to_exploited_contract"),
    HOLDS_ASSET_OF_HACKED_PROTOCOL("holds_asset_of_hacked_protocol"),
    BRIDGED_VIA_COMPROMISED_BRIDGE("bridged_via_compromised_bridge"),
    INFRASTRUCTURE_RISK("infrastructure_risk"),
    /** Info only: the token's protocol had incidents that did not touch this asset (peripheral, or other contracts). */
    PROTOCOL_HISTORY("protocol_history"),
    /** Who can upgrade a holding (or an approval's spender), or what verifies its bridge, read on-chain (issue 21). */
    CONTROL_RISK("control_risk"),
    UNLISTED_TOKEN("unlisted_token");

    private final String code;

    FindingKind(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The kind with this code (as JSON, keys and storage write it), or empty when no kind has it. */
    public static java.util.Optional<FindingKind> of(String code) {
        for (FindingKind k : values()) if (k.code.equals(code)) return java.util.Optional.of(k);
        return java.util.Optional.empty();
    }

    @Override
    public String toString() {
        return code;
    }
}
