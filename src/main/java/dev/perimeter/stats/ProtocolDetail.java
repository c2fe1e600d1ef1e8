package dev.perimeter.stats;

import java.time.LocalDate;
import java.util.List;

/** A protocol's page: its summary, its incidents (oldest first) each in its semester's context, and what we track. */
public record ProtocolDetail(ProtocolSummary summary, List<Entry> incidents, List<TrackedAsset> tracked) {

    public record SourceLink(String dataset, String name, LocalDate date, List<String> urls) {}

    public record Entry(IncidentRow incident, IncidentContext context, List<SourceLink> sources) {}

    /**
     * A token, contract or piece of infrastructure Perimeter tracks for a protocol (filled from the token registry).
     * kind e.g. "token", "receipt token", "bridge"; chain and address may be null.
     */
    public record TrackedAsset(String kind, String name, String chain, String address, String note) {}

    public ProtocolDetail {
        incidents = List.copyOf(incidents);
        tracked = tracked == null ? List.of() : List.copyOf(tracked);
    }
}
