package dev.perimeter.exposure;

import dev.perimeter.incident.IncidentQueryStore;
import dev.perimeter.incident.IncidentService;
import dev.perimeter.infrastructure.Infrastructure;
import dev.perimeter.infrastructure.InfrastructureCatalog;
import dev.perimeter.infrastructure.InfrastructureService;
import dev.perimeter.infrastructure.Rating;
import dev.perimeter.stats.StatsService;
import dev.perimeter.token.TokenRegistry;
import dev.perimeter.util.ChainAddress;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Builds the {@link ExposureSnapshot} from the incident, infrastructure and statistics features' current data. */
public final class ExposureSnapshots {
    private ExposureSnapshots() {}

    public static ExposureSnapshot build(long version, IncidentService incidents, InfrastructureService infrastructure, StatsService stats,
                                         TokenRegistry registry) {
        List<ExposureData.IncidentRef> refs = new ArrayList<>();
        for (IncidentQueryStore.IndexRow r : incidents.index()) {
            refs.add(new ExposureData.IncidentRef(r.id(), r.date(), r.protocolSlug(), r.protocolName(), r.lossUsd(), r.vector(), r.title(),
                    r.scope(), r.affectedContracts().stream().map(c -> new ChainAddress(c.chain(), c.address())).toList(),
                    r.affectedAssets().stream().map(a -> new ExposureData.AssetRef(a.symbol(), a.chain(), a.address())).toList()));
        }
        List<ExposureSnapshot.ContractLink> contracts = new ArrayList<>();
        for (IncidentQueryStore.ContractRow c : incidents.exploitedContracts()) {
            contracts.add(new ExposureSnapshot.ContractLink(c.chain(), c.address(), c.incidentId(), c.role(), c.fixed(), c.source()));
        }
        Map<String, ExposureData.IncidentRef> byId = new HashMap<>();
        for (ExposureData.IncidentRef r : refs) byId.put(r.id(), r);
        InfrastructureCatalog cat = infrastructure.loaded() ? infrastructure.catalog() : null;
        List<ExposureData.InfraRef> infra = new ArrayList<>();
        if (cat != null) {
            for (Infrastructure i : cat.all()) {
                List<ExposureData.IncidentRef> linked = i.incidentIds().stream().map(byId::get).filter(Objects::nonNull).toList();
                List<String> bad = new ArrayList<>(), warn = new ArrayList<>();
                for (Infrastructure.Risk r : i.risks()) {
                    if (r.level() == Rating.BAD) bad.add(r.reason());
                    else if (r.level() == Rating.WARNING) warn.add(r.reason());
                }
                infra.add(new ExposureData.InfraRef(i.slug(), i.name(), i.kind(), i.exploited(), i.paused(), i.archived(), linked,
                        List.copyOf(bad), List.copyOf(warn), i.operator()));
            }
        }
        return ExposureSnapshot.build(version, registry, refs, contracts, infra, t -> cat == null ? List.of() : cat.forToken(t),
                stats.contexts(byId.keySet()));
    }
}
