package dev.perimeter.exposure;

import dev.perimeter.position.Holding;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** What the matcher may look up: incidents by protocol and by contract, and the infrastructure behind a holding. */
public interface ExposureData {
    record IncidentRef(String id, LocalDate date, String protocolSlug, String protocolName, BigDecimal lossUsd, String vector,
                       String title) {}

    /** An infrastructure row as the matcher needs it; weak points are L2BEAT-style dimensions rated bad/warning, with reasons. */
    record InfraRef(String slug, String name, String kind, boolean exploited, boolean paused, boolean archived,
                    List<IncidentRef> incidents, List<String> badReasons, List<String> warningReasons, String operator) {}

    List<IncidentRef> incidentsOfProtocol(String protocolSlug);

    /** Incidents that name this contract as vulnerable or victim (for spenders of approvals). */
    List<IncidentRef> incidentsAtContract(String chain, String address);

    /**
     * Incidents that name this contract as the VULNERABLE one (the code at fault). Datasets also list "victim" addresses
     * that are merely the assets stolen (USDC, USDT…); those must not make a token look hacked itself.
     */
    List<IncidentRef> incidentsWithVulnerableContract(String chain, String address);

    /** The infrastructure a holding depends on, in order (empty for plain tokens and unknown rows). */
    List<InfraRef> infrastructureOf(Holding h);
}
