package dev.perimeter.stats;

import java.util.List;

/**
 * What Perimeter tracks for a protocol (tokens, receipt tokens, bridges...), shown on its page. Wiring supplies the
 * implementation (the token registry); {@link #none()} until then.
 */
@FunctionalInterface
public interface ProtocolTracking {
    List<ProtocolDetail.TrackedAsset> tracked(String protocolSlug);

    static ProtocolTracking none() {
        return slug -> List.of();
    }
}
