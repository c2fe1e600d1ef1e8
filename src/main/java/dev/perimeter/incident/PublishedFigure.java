package dev.perimeter.incident;

import java.math.BigDecimal;

/** A figure stated by a published report (not computed by us), kept with its source. */
public record PublishedFigure(String report, String period, String metric, BigDecimal value, String unit, boolean approx,
                              String label, String source) {}
