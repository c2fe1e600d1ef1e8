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

/**
 * /contracts/{chain}/{address} and its API twin: what Perimeter's data says about one contract, and who controls it as
 * read on-chain (issue 21), for any address. A control reading that is not kept (PERIMETER_CONTROL_TTL) is read live and
 * costs one unit of the client's wallet-scan budget; beyond the budget the answer carries the data and says the control
 * was not read, with Retry-After.
 */
final class ContractRoutes {
    static final String UNKNOWN = "not in Perimeter's data — unknown is not the same as safe";

    private final ContractLookup lookup;
    private final dev.perimeter.control.ContractControl control;
    private final RateLimiter limiter;
    private final ClientAddress clientIp;

    ContractRoutes(ContractLookup lookup, dev.perimeter.control.ContractControl control, RateLimiter limiter, ClientAddress clientIp) {
        this.lookup = lookup;
        this.control = control;
        this.limiter = limiter;
        this.clientIp = clientIp;
    }

    /** The contract's control report: kept, read now (one unit of the scan budget), or not read when the budget is spent. */
    dev.perimeter.control.ContractControl.Report control(Context ctx, Target t) {
        if (control.needsRead(t.chain(), t.address()) && limiter != null) {
            long wait = limiter.acquire(clientIp.of(ctx));
            if (wait > 0) {
                ctx.header("Retry-After", String.valueOf(wait));
                return control.withoutReading(t.chain(), t.address(), "control not read: too many live reads from your address (they share"
                        + " the wallet scans' budget); try again in " + wait + " s");
            }
        }
        return control.read(t.chain(), t.address());
    }

    record Target(String chain, String address) {}

    static Target target(Context ctx) {
        String chain = ctx.pathParam("chain").toLowerCase(Locale.ROOT);
        if (Chains.bySlug(chain).isEmpty()) {
            throw HttpError.badRequest("chain", "Unknown chain. Known chains: " + String.join(", ", Chains.slugs()) + ".");
        }
        if (Chains.SOLANA.equals(chain)) {
            dev.perimeter.util.SolanaAddress.Check s = dev.perimeter.util.SolanaAddress.validate(ctx.pathParam("address"));
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
    /**
     * @param known   Perimeter's data names the contract (an incident, an infrastructure row, the well-known list); when not,
     *                {@code note} says that unknown is not the same as safe
     * @param control who controls it, read on-chain ({@link ControlJson})
     */
    record Json(String chain, String address, String explorerUrl, boolean known, String note, boolean approvalsAbused,
                List<MentionJson> incidents, InfraJson infrastructure, WellKnownJson wellKnown, List<String> advice, ControlJson.Json control) {}

    static Json json(Target t, java.util.Optional<ContractLookup.Report> found, dev.perimeter.control.ContractControl.Report c) {
        ControlJson.Json control = c == null ? null : ControlJson.of(c.reading(), c.verdicts(), c.compared(), c.fromCache());
        if (found.isEmpty()) {
            return new Json(t.chain(), Addresses.checksum(t.address()), Chains.explorerAddressUrl(t.chain(), t.address()), false, UNKNOWN, false,
                    List.of(), null, null, List.of(), control);
        }
        ContractLookup.Report r = found.get();
        List<MentionJson> inc = r.incidents().stream().map((IncidentQueryStore.ContractMention m) -> new MentionJson(m.incidentId(),
                m.date().toString(), m.protocolName(), m.title(), IncidentJson.money(m.lossUsd()), m.role(),
                ContractLookup.roleMeaning(m.role()), ContractLookup.approvalRole(m.role()), m.source(), "/incidents/" + m.incidentId()))
                .toList();
        ContractLookup.InfraMembership i = r.infrastructure();
        WellKnownContracts.Contract w = r.wellKnown();
        return new Json(r.chain(), Addresses.checksum(r.address()), Chains.explorerAddressUrl(r.chain(), r.address()), true, null,
                r.approvalsAbused(), inc, i == null ? null : new InfraJson(i.slug(), i.name(), i.kind(), i.role(), i.exploited(),
                "/infrastructure/" + i.slug()), w == null ? null : new WellKnownJson(w.name(), w.project(), w.category(), w.source()),
                r.advice(), control);
    }

    void api(Context ctx) {
        Target t = target(ctx);
        java.util.Optional<ContractLookup.Report> r = lookup.lookup(t.chain(), t.address());
        ctx.json(json(t, r, control(ctx, t)));
    }

    /** Role words for the template. */
    public static final class RoleText {
        public String of(String role) {
            return ContractLookup.roleMeaning(role);
        }
    }

    void page(Context ctx) {
        Target t = target(ctx);
        java.util.Optional<ContractLookup.Report> r = lookup.lookup(t.chain(), t.address());
        Map<String, Object> m = new HashMap<>();
        m.put("title", "Contract " + Addresses.checksum(t.address()));
        m.put("t", t);
        m.put("r", r.orElse(null));
        m.put("unknown", UNKNOWN);
        m.put("roles", new RoleText());
        m.put("c", ControlView.of(control(ctx, t)));
        ctx.render("contract", m);
    }
}
