package dev.perimeter.incident;

import java.math.BigDecimal;

/** The home page's figures about the whole database. */
public record Headline(int incidents, int withUsd, BigDecimal totalUsd, String firstDate, String lastDate, int protocols,
                       int contracts) {}
