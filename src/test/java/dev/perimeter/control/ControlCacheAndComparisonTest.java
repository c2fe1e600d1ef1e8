package dev.perimeter.control;

import dev.perimeter.HandClock;
import dev.perimeter.chain.ControlReading;
import dev.perimeter.infrastructure.InfrastructureCatalog;
import dev.perimeter.infrastructure.InfrastructureData;
import dev.perimeter.token.TokenRegistry;
import dev.perimeter.util.DataFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The control cache (TTL on the injected clock, a bound, "not read" never kept) and the comparison of readings with the
 * shipped infrastructure rows (rows and roles looked up in the data, not typed here).
 */
class ControlCacheAndComparisonTest {
    static InfrastructureCatalog catalog;

    @BeforeAll
    static void load() {
        TokenRegistry registry = TokenRegistry.load(DataFiles.bundled());
        catalog = InfrastructureCatalog.build(InfrastructureData.load(DataFiles.bundled()), l -> List.of("fake-" + l.line()), registry);
    }

    static ControlReading reading(String chain, String contract, Boolean upgradeable, List<ControlReading.Hop> path, BigInteger delay,
                                  List<ControlReading.Messaging> routes) {
        return new ControlReading(chain, contract, 100, ControlReading.Status.READ, null, null, upgradeable, upgradeable ? "eip-1967" : null,
                null, null, null, path.isEmpty() ? null : new ControlReading.Controller(path, delay), routes, List.of());
    }

    static ControlReading.Hop safe(String at, int k, int n) {
        List<String> owners = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) owners.add(String.format("0x%040x", i + 1));
        return new ControlReading.Hop(at, "EIP-1967 admin slot", "safe", null, k, owners, null, null, null);
    }

    static ControlReading.Hop eoa(String at) {
        return new ControlReading.Hop(at, "EIP-1967 admin slot", "eoa", null, null, List.of(), null, null, null);
    }

    @Test
    void theCacheKeepsReadingsForTheTtlOnTheInjectedClockAndNeverANotRead() {
        HandClock clock = new HandClock();
        ControlCache cache = new ControlCache(clock, Duration.ofHours(1), 2);
        String a = "0x00000000000000000000000000000000000000a1", b = "0x00000000000000000000000000000000000000b2",
                c = "0x00000000000000000000000000000000000000c3";
        cache.put(reading("ethereum", a, false, List.of(), null, List.of()));
        cache.put(ControlReading.notRead("ethereum", b, 0, "control not read: timeout"));
        assertTrue(cache.get("ethereum", a).isPresent());
        assertTrue(cache.get("ethereum", b).isEmpty(), "not read is not kept");
        assertTrue(cache.get("arbitrum", a).isEmpty(), "per chain");
        assertEquals(1, cache.hits());
        assertEquals(2, cache.misses());
        clock.advance(Duration.ofMinutes(59));
        assertTrue(cache.contains("ethereum", a));
        clock.advance(Duration.ofMinutes(1));
        assertFalse(cache.contains("ethereum", a), "an hour old: read again");
        assertTrue(cache.get("ethereum", a).isEmpty());

        cache.put(reading("ethereum", a, false, List.of(), null, List.of()));
        cache.put(reading("ethereum", b, false, List.of(), null, List.of()));
        cache.get("ethereum", a); // a used last: b is the eldest
        cache.put(reading("ethereum", c, false, List.of(), null, List.of()));
        assertEquals(2, cache.size());
        assertTrue(cache.contains("ethereum", a) && cache.contains("ethereum", c) && !cache.contains("ethereum", b));
    }

    /** The first contracts.csv row of a slug whose role matches, as {chain, address, role}. */
    static String[] contractRow(String slug, String roleContains) {
        return catalog.get(slug).orElseThrow().contracts().stream().filter(x -> x.role() != null && x.role().contains(roleContains))
                .map(x -> new String[] {x.chain(), x.address(), x.role()}).findFirst().orElseThrow();
    }

    @Test
    void aMultisigThresholdInTheDataAgreesOrDisagreesWithTheSafeRead() {
        String[] lz = contractRow("layerzero", "admin-multisig");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)/(\\d+)").matcher(lz[2]);
        assertTrue(m.find(), lz[2]);
        int k = Integer.parseInt(m.group(1)), n = Integer.parseInt(m.group(2));
        String token = "0x00000000000000000000000000000000000000d1";
        List<InfraComparison.Line> same = InfraComparison.compare(reading(lz[0], token, true, List.of(safe(lz[1], k, n)), null, List.of()),
                catalog, List.of());
        assertEquals(1, same.size(), same.toString());
        assertEquals(Boolean.TRUE, same.get(0).agrees());
        assertEquals("layerzero", same.get(0).slug());
        List<InfraComparison.Line> other = InfraComparison.compare(reading(lz[0], token, true, List.of(safe(lz[1], 2, 3)), null, List.of()),
                catalog, List.of());
        assertEquals(Boolean.FALSE, other.get(0).agrees(), "the data says " + k + "/" + n + ", the chain 2-of-3");
        assertTrue(other.get(0).dataSource().contains("@"), "the data's own source, at its commit: " + other.get(0).dataSource());
        assertEquals("read on-chain at block 100", other.get(0).chainSource());
        List<InfraComparison.Line> key = InfraComparison.compare(reading(lz[0], token, true, List.of(eoa(lz[1])), null, List.of()), catalog, List.of());
        assertEquals(Boolean.FALSE, key.get(0).agrees(), "a multisig in the data, one key on the chain");
    }

    @Test
    void anImmutableRowAgainstAProxyReadIsADisagreement() {
        String slug = catalog.all().stream().filter(i -> i.upgradeability() != null && i.upgradeability().startsWith("immutable")
                && !i.contracts().isEmpty()).map(dev.perimeter.infrastructure.Infrastructure::slug).findFirst().orElseThrow();
        var c = catalog.get(slug).orElseThrow().contracts().get(0);
        InfraComparison.Line asProxy = InfraComparison.compare(reading(c.chain(), c.address(), true, List.of(eoa("0x00000000000000000000000000000000000000e1")),
                null, List.of()), catalog, List.of()).get(0);
        assertEquals(slug, asProxy.slug());
        assertEquals("upgradeability", asProxy.subject());
        assertEquals(Boolean.FALSE, asProxy.agrees());
        InfraComparison.Line asImmutable = InfraComparison.compare(reading(c.chain(), c.address(), false, List.of(), null, List.of()),
                catalog, List.of()).get(0);
        assertEquals(Boolean.TRUE, asImmutable.agrees());
    }

    @Test
    void aDvnThresholdOfARowAgainstTheRoutesRead() {
        // The row whose signer_threshold speaks of DVNs (KelpDAO's rsETH cross-chain setup: "1/1 (DVN, …)"), found in the data.
        var row = catalog.all().stream().filter(i -> i.signerThreshold() != null && i.signerThreshold().contains("DVN")
                && i.signerThreshold().startsWith("1/1")).findFirst().orElseThrow();
        var oft = row.contracts().stream().filter(x -> x.role().startsWith("oft (")).findFirst().orElseThrow();
        ControlReading.Messaging one = new ControlReading.Messaging("layerzero-v2", "ethereum", 30101, "0x00000000000000000000000000000000000000f1",
                null, null, false, BigInteger.ONE, List.of("0x00000000000000000000000000000000000000f2"), List.of(), 0, null);
        InfraComparison.Line l = InfraComparison.compare(reading(oft.chain(), oft.address(), false, List.of(), null, List.of(one)), catalog, List.of())
                .stream().filter(x -> x.subject().equals("bridge verification")).findFirst().orElseThrow();
        assertEquals(Boolean.TRUE, l.agrees(), l.toString());
        ControlReading.Messaging two = new ControlReading.Messaging("layerzero-v2", "ethereum", 30101, "0x00000000000000000000000000000000000000f1",
                null, null, false, BigInteger.ONE, List.of("0x00000000000000000000000000000000000000f2", "0x00000000000000000000000000000000000000f3"),
                List.of(), 0, null);
        InfraComparison.Line l2 = InfraComparison.compare(reading(oft.chain(), oft.address(), false, List.of(), null, List.of(two)), catalog, List.of())
                .stream().filter(x -> x.subject().equals("bridge verification")).findFirst().orElseThrow();
        assertEquals(Boolean.FALSE, l2.agrees(), "the data says 1/1, the chain 2 of 2 now");
    }
}
