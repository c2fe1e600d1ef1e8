package dev.perimeter.web;

import dev.perimeter.incident.ContractRef;
import dev.perimeter.incident.Incident;
import dev.perimeter.incident.SourceRecord;
import dev.perimeter.util.Addresses;
import dev.perimeter.util.Chains;

import java.math.BigDecimal;
import java.util.List;

/** JSON shapes of /api/v1/incidents: camelCase, money as decimal strings, unknown as null, addresses checksummed. */
final class IncidentJson {
    private IncidentJson() {}

    record Protocol(String slug, String name) {}

    record Source(String dataset, String datasetRef, String date, String name, String lossStated, boolean verified, List<String> urls) {}

    record Contract(String chain, String address, String role, String explorerUrl, String source) {}

    record Item(String id, String date, String semester, Protocol protocol, String title, List<String> chains, String lossUsd,
                String lossRaw, String lossBasis, String vector, String vectorRule, String technique, String attribution,
                String attributionSource, String fundsReturnedUsd, String netLossUsd, boolean verified, String origin,
                String url, List<Source> sources, List<Contract> contracts) {}

    record Page(List<Item> items, int total, int limit, int offset) {}

    static String money(BigDecimal x) {
        return x == null ? null : x.stripTrailingZeros().scale() <= 0 ? x.setScale(0, java.math.RoundingMode.UNNECESSARY).toPlainString()
                : x.toPlainString();
    }

    static Item of(Incident i, boolean details) {
        return new Item(i.id(), i.date().toString(), i.semester(), new Protocol(i.protocolSlug(), i.protocolName()), i.title(),
                i.chains(), money(i.lossUsd()), i.lossRaw(), i.lossBasis(), i.vector().code, i.vectorRule(), i.technique(),
                i.attribution(), i.attributionSource(), money(i.fundsReturnedUsd()), money(i.netLossUsd()), i.verified(),
                i.origin(), "/incidents/" + i.id(),
                details ? i.sources().stream().map(IncidentJson::source).toList() : null,
                details ? i.contracts().stream().map(IncidentJson::contract).toList() : null);
    }

    static Source source(SourceRecord s) {
        return new Source(s.dataset(), s.datasetRef(), s.date().toString(), s.name(), s.lossRaw(), s.verified(), s.urls());
    }

    static Contract contract(ContractRef c) {
        String shown = Addresses.isHex40(c.address()) ? Addresses.checksum(c.address()) : c.address();
        return new Contract(c.chain(), shown, c.role(), Chains.explorerAddressUrl(c.chain(), shown), c.source());
    }
}
