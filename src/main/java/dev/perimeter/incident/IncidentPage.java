package dev.perimeter.incident;

import java.util.List;

/** One page of incidents and the total that matched. */
public record IncidentPage(List<Incident> items, int total) {}
