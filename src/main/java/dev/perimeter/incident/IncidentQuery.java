package dev.perimeter.incident;

/** A filter over incidents; null fields do not filter. */
public record IncidentQuery(String text, String chain, String semester, Vector vector, Boolean verified, String protocol,
                            int limit, int offset) {}
