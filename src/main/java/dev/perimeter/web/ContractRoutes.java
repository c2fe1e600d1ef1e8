package dev.perimeter.web;

import dev.perimeter.contract.ContractLookup;
import dev.perimeter.contract.WellKnownContracts;
import dev.perimeter.incident.IncidentQueryStore;
import dev.perimeter.util.Addresses;
import dev.perimeter.util.Chains;
import io.javalin.http.Context;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** /contracts/{chain}/{address} and its API twin: what Perimeter's data says about one contract. */
final class ContractRoutes {
    static final String UNKNOWN = "not in Perimeter's data — unknown is not the same as safe";

    private final ContractLookup lookup;

    ContractRoutes(ContractLookup lookup) {
        this.lookup = lookup;
    }

    record Target(String chain, String address) {}

    static Target target(Context ctx) {
        String chain = ctx.pathParam("chain").toLowerCase(Locale.ROOT);
        if (Chains.bySlug(chain).isEmpty()) {
            throw HttpError.badRequest("chain", "Unknown chain. Known chains: " + String.join(", ", Chains.slugs()) + ".");
        }
        if (Chains.SOLANA.equals(chain)) {
            dev.perimeter.solana.SolanaAddress.Check s = dev.perimeter.solana.SolanaAddress.validate(ctx.pathParam("address"));
            if (!s.ok()) throw HttpError.badRequest("address", s.error());
            return new Target(chain, s.address());
        }
        Addresses.Check a = Addresses.validate(ctx.pathParam("address"));
        if (a.error() != null) throw HttpError.badRequest("address", a.error());
        return new Target(chain, a.lowercase());
    }

    /** @param approvalAbused the role says users' approvals to this contract were abused (or that it is a drainer) */
    record MentionJson(String id, String date, String protocol, String title, String lossUsd, String role, String roleMeaning,
                       boolean approvalAbused, String source, String url) {}

    record InfraJson(String slug, String name, String kind, String role, boolean exploited, String url) {}

    record WellKnownJson(String name, String project, String category, String source) {}

    /**
     * @param approvalsAbused true when an incident says users' approvals to this contract were abused (the advice then says
     *                        revoke); incidents that merely name it ({@code approvalAbused} false on each) give no advice
     */
    record Json(String chain, String address, String explorerUrl, boolean approvalsAbused, List<MentionJson> incidents,
                InfraJson infrastructure, WellKnownJson wellKnown, List<String> advice) {}

    static Json json(ContractLookup.Report r) {
        List<MentionJson> inc = r.incidents().stream().map((IncidentQueryStore.ContractMention m) -> new MentionJson(m.incidentId(),
                m.date().toString(), m.protocolName(), m.title(), IncidentJson.money(m.lossUsd()), m.role(),
                ContractLookup.roleMeaning(m.role()), ContractLookup.approvalRole(m.role()), m.source(), "/incidents/" + m.incidentId()))
                .toList();
        ContractLookup.InfraMembership i = r.infrastructure();
        WellKnownContracts.Contract w = r.wellKnown();
        return new Json(r.chain(), Addresses.checksum(r.address()), Chains.explorerAddressUrl(r.chain(), r.address()), r.approvalsAbused(),
                inc, i == null ? null : new InfraJson(i.slug(), i.name(), i.kind(), i.role(), i.exploited(), "/infrastructure/" + i.slug()),
                w == null ? null : new WellKnownJson(w.name(), w.project(), w.category(), w.source()), r.advice());
    }

    void api(Context ctx) {
        Target t = target(ctx);
        ContractLookup.Report r = lookup.lookup(t.chain(), t.address()).orElseThrow(() -> new HttpError(404, UNKNOWN, "address"));
        ctx.json(json(r));
    }

    /** Role words for the template. */
    public static final class RoleText {
        public String of(String role) {
            return ContractLookup.roleMeaning(role);
        }
    }

    void page(Context ctx) {
        Target t = target(ctx);
        ContractLookup.Report r = lookup.lookup(t.chain(), t.address()).orElseThrow(() -> new HttpError(404,
                "This contract is " + UNKNOWN + ".", "address"));
        Map<String, Object> m = new HashMap<>();
        m.put("title", "Contract " + Addresses.checksum(t.address()));
        m.put("r", r);
        m.put("roles", new RoleText());
        ctx.render("contract", m);
    }
}
