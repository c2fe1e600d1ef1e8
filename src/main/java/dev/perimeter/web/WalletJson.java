package dev.perimeter.web;

import dev.perimeter.exposure.ExposureReport;
import dev.perimeter.exposure.Finding;
import dev.perimeter.position.Approval;
import dev.perimeter.position.Holding;
import dev.perimeter.util.Addresses;
import dev.perimeter.wallet.ChainScan;
import dev.perimeter.wallet.WalletScan;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** JSON of /api/v1/wallets/{addressOrEns}/exposure (documented in docs/api.md). */
final class WalletJson {
    private WalletJson() {}

    record HoldingJson(String token, String symbol, String name, Integer decimals, String balanceRaw, String balance, String usdValue,
                       String priceSource, String unpricedReason, String kind, String protocol, List<String> infrastructure, boolean listed,
                       PositionJson position, Object control) {}

    /** A position that is not a token (holding kind "position"): raw amounts as decimal strings, what it rests on. */
    record PositionJson(String protocol, String id, String contract, Map<String, String> amounts, List<UnderlyingJson> underlyings,
                        String source) {}

    /** amountRaw / amount: null when not known (a Uniswap V3 position's split needs its pool's price). */
    record UnderlyingJson(String token, String symbol, String role, String relation, String amountRaw, String amount, Integer decimals) {}

    static PositionJson position(dev.perimeter.position.Position p) {
        if (p == null) return null;
        Map<String, String> amounts = new java.util.LinkedHashMap<>();
        p.amounts().forEach((k, v) -> amounts.put(k, v.toString()));
        return new PositionJson(p.protocol(), p.id(), addr(p.contract()), amounts, p.underlyings().stream()
                .map(u -> new UnderlyingJson(addr(u.token()), u.symbol(), u.role(), u.relation(), u.amountRaw() == null ? null : u.amountRaw().toString(),
                        dec(u.amount()), u.decimals())).toList(), p.source());
    }

    /**
     * kind: erc20, all-nfts (an NFT collection's approval for all: token is the collection, no amount) or permit2 (a Permit2
     * allowance of the token, with its expiration, ISO-8601); allowance: in token units (null when the token's decimals are
     * unknown); allowanceRaw: as the token (or Permit2) stores it; text: what the spender may take, as the page says it.
     */
    record ApprovalJson(String token, String symbol, String spender, String allowanceRaw, String allowance, boolean unlimited, String foundBy,
                        String kind, String expiration, String text, ControlJson.ScanJson control) {}

    /** What data/infrastructure says beside a control reading (none when the comparison is not available). */
    interface Compare extends java.util.function.Function<dev.perimeter.chain.ControlReading, List<dev.perimeter.control.InfraComparison.Line>> {
        Compare NONE = r -> List.of();
    }

    /**
     * A holding's control: its token's, or its position contract's ({@link ControlJson.ScanJson}); for a Solana liquid-staking
     * token, its stake pool's authorities ({@link ControlJson.StakePoolJson}); null when control was not read in the scan.
     */
    static Object control(ChainScan c, Holding h, Compare compare) {
        if (h.isNative()) return null;
        dev.perimeter.solana.StakePoolReading pool = h.isPosition() ? null : c.stakePool(h.token());
        if (pool != null) return ControlJson.stakePool(pool);
        dev.perimeter.chain.ControlReading r = c.control(h.isPosition() ? h.position().contract() : h.token());
        return r == null ? null : ControlJson.scan(r, compare.apply(r));
    }

    record ChainJson(String chain, Long chainId, String status, Long block, String error, int tokensChecked, long httpRequests,
                     long rpcCalls, long millis, List<HoldingJson> holdings, List<ApprovalJson> approvals) {}

    record EvidenceJson(String rule, List<String> matched, List<String> incidentDates, List<String> assets) {}

    record FindingJson(String key, String severity, String kind, String chain, String asset, String assetSymbol, String protocol,
                       String infrastructure, String spender, List<String> incidentIds, List<ContextJson> incidentContext,
                       String message, EvidenceJson evidence, boolean dismissed, List<PathJson> path) {}

    /** One step from the holding to what the risk sits on: token, protocol or infrastructure. */
    record PathJson(String node, String chain, String address, String name, String relation, String source) {}

    /** The wallet grade: letter, formula version and the keys of the findings that set it. */
    record GradeJson(String letter, String formula, List<String> because, String summary) {}

    /** An incident of a finding in its semester's context. */
    record ContextJson(String id, String protocol, String date, String lossUsd, String semester, Integer rank, String sharePct,
                       String multipleOfMedian, String sentence) {}

    record SummaryJson(Map<String, Integer> bySeverity, int findings, int dismissed, String exposedUsd, String totalUsd, int holdings,
                       int unpriced, int approvals) {}

    record CheckedJson(List<String> chains, int tokensInRegistry, int incidents, int exploitedContracts) {}

    record WalletJsonOne(String address, String ens, String scannedAt, List<ChainJson> chains) {}

    record Report(String address, String ens, String scannedAt, List<ChainJson> chains, List<FindingJson> findings, SummaryJson summary,
                  CheckedJson checked, GradeJson grade, List<WalletJsonOne> wallets) {}

    static String addr(String a) {
        return a != null && Addresses.isHex40(a) ? Addresses.checksum(a) : a;
    }

    static String dec(BigDecimal x) {
        return x == null ? null : x.toPlainString();
    }

    static List<ChainJson> chains(WalletScan s, java.util.function.Function<Holding, List<String>> infra, Compare compare) {
        return s.chains().stream().map(c -> chain(c, infra, compare)).toList();
    }

    static ChainJson chain(ChainScan c, java.util.function.Function<Holding, List<String>> infra, Compare compare) {
        return new ChainJson(c.chain(), chainId(c.chain(), c.chainId()), c.status().code(), c.block(), c.error(), c.tokensChecked(), c.httpRequests(), c.rpcCalls(),
                c.millis(), c.holdings().stream().map(h -> new HoldingJson(h.isNative() ? "native" : addr(h.token()), h.symbol(), h.name(),
                        h.decimals() < 0 ? null : h.decimals(), h.balanceRaw().toString(), dec(h.balance()), dec(h.usdValue()), h.priceSource(),
                        h.unpricedReason(), h.kind(), h.protocol(), infra.apply(h), h.listed(), position(h.position()), control(c, h, compare))).toList(),
                c.approvals().stream().map(a -> approval(a, c, compare)).toList());
    }

    static ApprovalJson approval(Approval a, ChainScan c, Compare compare) {
        boolean nfts = a.kind() == Approval.Kind.ALL_NFTS;
        dev.perimeter.chain.ControlReading r = c.control(a.spender());
        return new ApprovalJson(addr(a.token()), a.tokenSymbol(), addr(a.spender()), nfts ? null : a.allowanceRaw().toString(),
                dec(a.allowance()), a.unlimited(), a.foundBy(), a.kind().code(),
                a.expiration() == null ? null : java.time.Instant.ofEpochSecond(a.expiration()).toString(), a.amountText(),
                r == null ? null : ControlJson.scan(r, compare.apply(r)));
    }

    static FindingJson finding(Finding f, Map<String, dev.perimeter.stats.IncidentContext> contexts) {
        List<ContextJson> ctx = f.incidentIds().stream().map(contexts::get).filter(java.util.Objects::nonNull)
                .map(c -> new ContextJson(c.incidentId(), c.protocolName(), c.date().toString(), dec(c.lossUsd()), c.semester(), c.rank(),
                        dec(c.sharePct()), dec(c.multipleOfMedian()), c.sentence())).toList();
        return new FindingJson(f.key(), f.severity().code(), f.kind().code(), f.chain(), "native".equals(f.asset()) ? "native" : addr(f.asset()),
                f.assetSymbol(), f.protocol(), f.infrastructure(), addr(f.spender()), f.incidentIds(), ctx, f.message(),
                new EvidenceJson(f.evidence().rule(), f.evidence().matched(), f.evidence().incidentDates(),
                        f.evidence().assets().stream().map(WalletJson::addr).toList()), f.dismissed(),
                f.path().stream().map(p -> new PathJson(p.node(), p.chain(), addr(p.address()), p.name(), p.relation(), p.source())).toList());
    }

    /** The JSON of a report, from the report alone. */
    static Report of(ExposureReport r) {
        return of(r, Compare.NONE);
    }

    /** The JSON of a report, with what data/infrastructure says beside each control reading. */
    static Report of(ExposureReport r, Compare compare) {
        java.util.function.Function<Holding, List<String>> infra = r::infrastructureOf;
        Map<String, dev.perimeter.stats.IncidentContext> contexts = r.contexts();
        WalletScan first = r.scans().get(0);
        ExposureReport.Summary s = r.summary();
        List<WalletJsonOne> wallets = r.scans().size() == 1 ? null : r.scans().stream()
                .map(w -> new WalletJsonOne(addr(w.address()), w.ens(), w.scannedAt().toString(), chains(w, infra, compare))).toList();
        return new Report(r.scans().size() == 1 ? addr(first.address()) : null, r.scans().size() == 1 ? first.ens() : null,
                first.scannedAt().toString(), r.scans().size() == 1 ? chains(first, infra, compare) : null,
                r.findings().stream().map(f -> finding(f, contexts)).toList(),
                new SummaryJson(s.bySeverity(), s.findings(), s.dismissed(), dec(s.exposedUsd()), dec(s.totalUsd()), s.holdings(), s.unpriced(),
                        s.approvals()),
                new CheckedJson(r.checked().chains(), r.checked().tokensInRegistry(), r.checked().incidents(), r.checked().exploitedContracts()),
                new GradeJson(r.grade().letter(), r.grade().formula(), r.grade().because(), r.grade().summary()), wallets);
    }

    /** An EVM chain's EIP-155 id; null for a chain of another family (Solana has no such id: its name says which chain). */
    static Long chainId(String chain, long id) {
        return dev.perimeter.util.Chains.SOLANA.equals(chain) ? null : id;
    }
}
