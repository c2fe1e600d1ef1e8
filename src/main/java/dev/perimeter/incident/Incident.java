package dev.perimeter.incident;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

public record Incident(
        String id,
        LocalDate date,
        String semester,
        String protocolSlug,
        String protocolName,
        String title,
        BigDecimal lossUsd,
        String lossRaw,
        String lossBasis,
        Vector vector,
        String vectorRule,
        String technique,
        String attribution,
        String attributionSource,
        BigDecimal fundsReturnedUsd,
        boolean verified,
        String origin,
        List<String> chains,
        List<SourceRecord> sources,
        List<ContractRef> contracts,
        String contentHash) {

    public BigDecimal netLossUsd() {
        if (lossUsd == null) return null;
        return fundsReturnedUsd == null ? lossUsd : lossUsd.subtract(fundsReturnedUsd).max(BigDecimal.ZERO);
    }
}
