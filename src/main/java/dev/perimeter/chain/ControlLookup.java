package dev.perimeter.chain;

import java.util.Optional;

/**
 * Control readings kept from earlier reads (the control cache, {@code PERIMETER_CONTROL_TTL}): a scan reads control only
 * for the contracts without one, so a warm scan sends no control reads.
 */
@FunctionalInterface
public interface ControlLookup {
    /** Reads nothing, keeps nothing: every contract is read. */
    ControlLookup NONE = (chain, contract) -> Optional.empty();

    /** The kept reading of a contract (lowercase), if one is still fresh. */
    Optional<ControlReading> get(String chain, String contract);
}
