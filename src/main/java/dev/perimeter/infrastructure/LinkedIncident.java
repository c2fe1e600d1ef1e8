package dev.perimeter.infrastructure;

import java.math.BigDecimal;
import java.time.LocalDate;

/** An incident linked to an infrastructure row, as the infrastructure pages show it. lossUsd null = unknown. */
public record LinkedIncident(String id, LocalDate date, String protocolName, String title, BigDecimal lossUsd) {}
