package dev.perimeter.exposure;

import dev.perimeter.position.Holding;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** ExposureData over in-memory indexes built once from the database (about a thousand incidents): lookups are map reads. */
public final class IndexedExposureData implements ExposureData {
    private final Map<String, List<IncidentRef>> byProtocol;
    private final Map<String, List<IncidentRef>> byContract;
    private final Map<String, List<IncidentRef>> byVulnerable;
    private final Function<Holding, List<InfraRef>> infrastructure;
    private final Map<String, List<String>> exploitedByChain;
    private final int incidentCount;

    public IndexedExposureData(List<IncidentRef> incidents, List<String[]> contracts /* chain, address, incidentId, role */,
                               Function<Holding, List<InfraRef>> infrastructure) {
        Map<String, IncidentRef> byId = new HashMap<>();
        Map<String, List<IncidentRef>> p = new HashMap<>();
        for (IncidentRef i : incidents) {
            byId.put(i.id(), i);
            p.computeIfAbsent(i.protocolSlug(), k -> new ArrayList<>()).add(i);
        }
        Map<String, List<IncidentRef>> c = new HashMap<>();
        Map<String, List<IncidentRef>> v = new HashMap<>();
        Map<String, List<String>> ex = new HashMap<>();
        for (String[] row : contracts) {
            IncidentRef i = byId.get(row[2]);
            if (i == null) continue;
            String k = row[0] + "|" + row[1];
            List<IncidentRef> l = c.computeIfAbsent(k, x -> new ArrayList<>());
            if (l.isEmpty()) ex.computeIfAbsent(row[0], x -> new ArrayList<>()).add(row[1]);
            if (!l.contains(i)) l.add(i);
            if (row.length > 3 && "vulnerable".equals(row[3])) {
                List<IncidentRef> vl = v.computeIfAbsent(k, x -> new ArrayList<>());
                if (!vl.contains(i)) vl.add(i);
            }
        }
        Map<String, List<IncidentRef>> vf = new HashMap<>();
        v.forEach((k, x) -> vf.put(k, List.copyOf(x)));
        this.byVulnerable = Map.copyOf(vf);
        Map<String, List<IncidentRef>> pf = new HashMap<>();
        p.forEach((k, x) -> pf.put(k, List.copyOf(x)));
        Map<String, List<IncidentRef>> cf = new HashMap<>();
        c.forEach((k, x) -> cf.put(k, List.copyOf(x)));
        Map<String, List<String>> ef = new HashMap<>();
        ex.forEach((k, x) -> ef.put(k, List.copyOf(x)));
        this.byProtocol = Map.copyOf(pf);
        this.byContract = Map.copyOf(cf);
        this.exploitedByChain = Map.copyOf(ef);
        this.infrastructure = infrastructure;
        this.incidentCount = incidents.size();
    }

    @Override
    public List<IncidentRef> incidentsOfProtocol(String protocolSlug) {
        return byProtocol.getOrDefault(protocolSlug, List.of());
    }

    @Override
    public List<IncidentRef> incidentsAtContract(String chain, String address) {
        return byContract.getOrDefault(chain + "|" + address, List.of());
    }

    @Override
    public List<IncidentRef> incidentsWithVulnerableContract(String chain, String address) {
        return byVulnerable.getOrDefault(chain + "|" + address, List.of());
    }

    @Override
    public List<InfraRef> infrastructureOf(Holding h) {
        return infrastructure.apply(h);
    }

    public List<String> exploitedContracts(String chain) {
        return exploitedByChain.getOrDefault(chain, List.of());
    }

    public int incidentCount() {
        return incidentCount;
    }

    public int exploitedContractCount() {
        return exploitedByChain.values().stream().mapToInt(List::size).sum();
    }
}
