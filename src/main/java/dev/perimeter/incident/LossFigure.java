package dev.perimeter.incident;

import java.math.BigDecimal;

/** A USD figure one source states for an incident: where it stands ("defihacklabs PoC KeyInfo"), the text, the amount. */
public record LossFigure(String label, String raw, BigDecimal usd) {}
