package dev.perimeter.web;

import dev.perimeter.incident.AffectedAsset;
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

    /** datasetRef as the data names it; datasetTitle and datasetUrl as people can follow it (null URL: plain text). */
    record Source(String dataset, String datasetRef, String datasetTitle, String datasetUrl, String date, String name, String lossStated,
                  boolean verified, List<String> urls) {}

    record Contract(String chain, String address, String role, String explorerUrl, String source) {}

    record Asset(String symbol, String chain, String address, String explorerUrl) {}

    /**
     * @param vectorBasis what decided the vector: the rule (its meaning and the text it matched) or the reviewed source
     * @param scope       contracts | protocol | peripheral; {@code scopeBasis} the review or rule that set it
     * @param lossNote    why the loss is what it is where a review or a conflict between sources decided it
     * @param reviewed    a verified review (data/incidents/reviews.csv) decided vector, scope and loss
     */
    record Item(String id, String date, String semester, Protocol protocol, String title, List<String> chains, String lossUsd,
                String lossRaw, String lossBasis, String lossNote, String vector, String vectorRule, String vectorBasis, String scope,
                String scopeBasis, boolean reviewed, String technique, String attribution, String attributionSource,
                String fundsReturnedUsd, String netLossUsd, boolean verified, String origin, String url, List<Source> sources,
                List<Contract> contracts, List<Contract> affectedContracts, List<Asset> affectedAssets) {}

    record Page(List<Item> items, int total, int limit, int offset) {}

    static String money(BigDecimal x) {
        return x == null ? null : x.stripTrailingZeros().scale() <= 0 ? x.setScale(0, java.math.RoundingMode.UNNECESSARY).toPlainString()
                : x.toPlainString();
    }

    static Item of(Incident i, boolean details) {
        return new Item(i.id(), i.date().toString(), i.semester(), new Protocol(i.protocolSlug(), i.protocolName()), i.title(),
                i.chains(), money(i.lossUsd()), i.lossRaw(), i.lossBasis(), i.lossNote(), i.vector().code, i.vectorRule(),
                i.vectorBasis(), i.scope().code, i.scopeBasis(), i.reviewed(), i.technique(), i.attribution(), i.attributionSource(),
                money(i.fundsReturnedUsd()), money(i.netLossUsd()), i.verified(), i.origin(), "/incidents/" + i.id(),
                details ? i.sources().stream().map(IncidentJson::source).toList() : null,
                details ? i.contracts().stream().map(IncidentJson::contract).toList() : null,
                details ? i.affectedContracts().stream().map(IncidentJson::contract).toList() : null,
                details ? i.affectedAssets().stream().map(IncidentJson::asset).toList() : null);
    }

    static Asset asset(AffectedAsset a) {
        if (a.address() == null || a.chain() == null) return new Asset(a.symbol(), a.chain(), null, null);
        String shown = Addresses.isHex40(a.address()) ? Addresses.checksum(a.address()) : a.address();
        return new Asset(a.symbol(), a.chain(), shown, Chains.explorerAddressUrl(a.chain(), shown));
    }

    static Source source(SourceRecord s) {
        dev.perimeter.util.SourceRefs.Link l = dev.perimeter.util.SourceRefs.of(s.datasetRef());
        return new Source(s.dataset(), s.datasetRef(), l.text(), l.url(), s.date().toString(), s.name(), s.lossRaw(), s.verified(), s.urls());
    }

    static Contract contract(ContractRef c) {
        String shown = Addresses.isHex40(c.address()) ? Addresses.checksum(c.address()) : c.address();
        return new Contract(c.chain(), shown, c.role(), Chains.explorerAddressUrl(c.chain(), shown), c.source());
    }
}
