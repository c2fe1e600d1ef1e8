package dev.perimeter.incident;

/** A contract named by an incident source: chain slug, lowercase address, role (victim | vulnerable | attacker). */
public record ContractRef(String chain, String address, String role, String source) {}
