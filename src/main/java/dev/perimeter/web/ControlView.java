package dev.perimeter.web;

import dev.perimeter.chain.ControlReading;
import dev.perimeter.control.ContractControl;
import dev.perimeter.control.InfraComparison;
import dev.perimeter.exposure.ControlRisk;

import java.util.ArrayList;
import java.util.List;

/** A control reading ready for the contract page: words and checksummed addresses, nothing left to compute in the template. */
public record ControlView(boolean read, String problem, String proxy, String implementation, String beacon, Boolean uups, Boolean hasCode,
                         Long block, boolean cached, List<Hop> path, String delay, List<Route> routes, List<Verdict> verdicts,
                         List<Compared> compared, List<String> notes) {

    public record Hop(String address, String how, String kind, String detail) {}

    public record Route(String protocol, String remoteChain, long remoteId, String peer, String library, String verification, String problem) {}

    public record Verdict(String severity, String sentence, String rule) {}

    public record Compared(String slug, String name, String subject, String data, String dataSource, String chain, String chainSource,
                           String verdict) {}

    static ControlView of(ContractControl.Report report) {
        ControlReading r = report.reading();
        List<Verdict> verdicts = new ArrayList<>();
        for (ControlRisk.Verdict v : report.verdicts()) {
            verdicts.add(new Verdict(v.severity() == null ? "none" : v.severity().code(), v.sentence(), v.rule()));
        }
        List<Compared> compared = new ArrayList<>();
        for (InfraComparison.Line l : report.compared()) {
            compared.add(new Compared(l.slug(), l.name(), l.subject(), l.data(), l.dataSource(), l.chain(), l.chainSource(),
                    l.agrees() == null ? "shown side by side" : l.agrees() ? "agree" : "disagree"));
        }
        if (!r.read()) {
            return new ControlView(false, r.problem(), null, null, null, null, null, null, report.fromCache(), List.of(), null, List.of(),
                    verdicts, compared, r.notes());
        }
        List<Hop> path = new ArrayList<>();
        if (r.controller() != null) {
            for (ControlReading.Hop h : r.controller().path()) path.add(new Hop(WalletJson.addr(h.address()), h.how(), h.kind(), h.note()));
        }
        List<Route> routes = new ArrayList<>();
        for (ControlReading.Messaging m : r.messaging()) {
            String verification = m.read() ? m.needed() + " of " + m.configured() + " verifiers (" + m.requiredVerifiers().size() + " required"
                    + (m.optionalVerifiers().isEmpty() ? "" : ", " + m.optionalThreshold() + " of " + m.optionalVerifiers().size() + " optional")
                    + "), " + m.confirmations() + " confirmations" : null;
            routes.add(new Route(m.protocol(), m.remoteChain(), m.remoteId(), WalletJson.addr(m.peer()), WalletJson.addr(m.library()), verification,
                    m.problem()));
        }
        String delay = r.controller() == null || r.controller().delaySeconds() == null ? null : r.controller().delaySeconds() + " s";
        return new ControlView(true, null, r.proxy(), WalletJson.addr(r.implementation()), WalletJson.addr(r.beacon()), r.uups(), r.hasCode(),
                r.block(), report.fromCache(), path, delay, routes, verdicts, compared, r.notes());
    }
}
