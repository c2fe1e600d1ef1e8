package dev.perimeter.infrastructure;

import java.util.List;

/**
 * One row of data/infrastructure/infrastructure.csv with its contracts and the incidents linked to it. Unknown text
 * fields are {@code null} (never ""); an unrated risk dimension is a {@link Risk} whose level and reason are null.
 */
public record Infrastructure(String slug, String name, String kind, List<String> chains, String validation,
                             String signerThreshold, String upgradeability, List<String> status, Risk validatedBy,
                             Risk sourceUpgradeability, Risk destinationToken, String operator, String website,
                             List<String> sources, boolean verified, List<Contract> contracts, List<String> incidentIds) {

    public static final List<String> KINDS = List.of("bridge", "messaging", "custodian", "multisig", "oracle", "restaking", "sequencer", "staking");
    public static final List<String> STATUSES = List.of("active", "paused", "archived", "exploited");

    public Infrastructure {
        chains = List.copyOf(chains);
        status = List.copyOf(status);
        sources = List.copyOf(sources);
        contracts = List.copyOf(contracts);
        incidentIds = List.copyOf(incidentIds);
    }

    /** An L2BEAT-style risk dimension: level good | warning | bad, or null when not rated; a sentence of reason. */
    public record Risk(Rating level, String reason) {
        public static final Risk UNKNOWN = new Risk(null, null);

        public boolean known() {
            return level != null;
        }
    }

    /** A contract of this infrastructure: lowercase address, role label such as "escrow (L1StandardBridge)". */
    public record Contract(String chain, String address, String role, String source) {}

    /** Status says exploited, or at least one incident is linked. */
    public boolean exploited() {
        return status.contains("exploited") || !incidentIds.isEmpty();
    }

    public boolean paused() {
        return status.contains("paused");
    }

    public boolean archived() {
        return status.contains("archived");
    }

    /** The three dimensions in L2BEAT's order. */
    public List<Risk> risks() {
        return List.of(validatedBy, sourceUpgradeability, destinationToken);
    }

    /** How many of the three dimensions are rated bad. */
    public int badCount() {
        return (int) risks().stream().filter(r -> r.level() == Rating.BAD).count();
    }

    public int warningCount() {
        return (int) risks().stream().filter(r -> r.level() == Rating.WARNING).count();
    }
}
