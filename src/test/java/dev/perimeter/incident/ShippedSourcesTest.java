package dev.perimeter.incident;

import dev.perimeter.infrastructure.InfrastructureData;
import dev.perimeter.util.Csv;
import dev.perimeter.util.DataFiles;
import dev.perimeter.util.SourceRefs;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 19: product text names sources as people can follow them (a title and a URL, or a repository file at a commit),
 * never a file path outside the project; and an incident whose sources give its chain never shows "chains: not known".
 * Checked on every shipped incident, contract, published figure and infrastructure row.
 */
class ShippedSourcesTest {
    static final ShippedIncidents.Loaded LOADED = ShippedIncidents.load(DataFiles.bundled());

    /** Every source string shown to people, with where it comes from. */
    static List<String[]> shownSources() {
        List<String[]> out = new ArrayList<>();
        for (Incident i : LOADED.incidents()) {
            for (SourceRecord s : i.sources()) {
                out.add(new String[] {i.id() + " record " + s.key(), s.datasetRef()});
                for (String u : s.urls()) out.add(new String[] {i.id() + " url", u});
            }
            for (ContractRef c : i.contracts()) out.add(new String[] {i.id() + " contract " + c.address(), c.source()});
            if (i.attributionSource() != null) out.add(new String[] {i.id() + " attribution", i.attributionSource()});
        }
        for (PublishedFigure f : LOADED.published()) out.add(new String[] {"published " + f.report() + " " + f.metric(), f.source()});
        return out;
    }

    @Test
    void noShownSourceIsAFileOutsideTheProject() {
        List<String> bad = new ArrayList<>();
        int linked = 0;
        for (String[] s : shownSources()) {
            SourceRefs.Link l = SourceRefs.of(s[1]);
            if (l.url() != null) linked++;
            if (SourceRefs.isLocalPath(l.text()) || (l.url() == null && SourceRefs.isLocalPath(s[1]))) bad.add(s[0] + ": " + s[1]);
        }
        assertTrue(bad.isEmpty(), bad.size() + " sources point at local files: " + bad.subList(0, Math.min(10, bad.size())));
        assertTrue(linked > 1000, "most sources are followable links: " + linked);
        // Every dataset record names where it was read as a link (a repository file at its commit, or a page).
        List<String> unlinked = LOADED.incidents().stream().flatMap(i -> i.sources().stream())
                .filter(s -> SourceRefs.of(s.datasetRef()).url() == null).map(SourceRecord::key).toList();
        assertTrue(unlinked.isEmpty(), "records whose source is not followable: " + unlinked.subList(0, Math.min(10, unlinked.size())));
    }

    @Test
    void theSeedArticleAndThePublishedFiguresCiteThePagesUrl() {
        String url = "https://cleansky.io/blog/h1-2026-crypto-hacks-north-korea-2026/";
        Incident kelp = LOADED.incidents().stream().filter(i -> i.id().equals("2026-04-18-kelpdao")).findFirst().orElseThrow();
        SourceRecord seed = kelp.sources().stream().filter(s -> s.dataset().equals("seed")).findFirst().orElseThrow();
        assertEquals(url, SourceRefs.of(seed.datasetRef()).url());
        assertTrue(SourceRefs.of(seed.datasetRef()).text().startsWith("CleanSky editorial of 2026-07-05"), seed.datasetRef());
        assertEquals(List.of(url), seed.urls(), "the record's links are URLs only");
        assertEquals(url, SourceRefs.of(kelp.attributionSource()).url());
        for (PublishedFigure f : LOADED.published()) assertEquals(url, SourceRefs.of(f.source()).url(), f.metric());
    }

    @Test
    void infrastructureSourcesAreFollowable() {
        List<String> bad = new ArrayList<>();
        var data = InfrastructureData.load(DataFiles.bundled());
        for (var row : data.rows()) {
            for (String s : row.sources()) if (SourceRefs.isLocalPath(SourceRefs.of(s).text())) bad.add(row.slug() + ": " + s);
        }
        assertTrue(bad.isEmpty(), bad.toString());
    }

    @Test
    void aRecordsOwnExplorerLinkNamesItsChain() {
        // DeFiHackLabs' README row for Venus THE has no chain column; its source link is an attack tx on bscscan.com.
        SourceRecord venus = DatasetReaders.defiHackLabs(DataFiles.bundled().read(DatasetReaders.DEFIHACKLABS_FILE)).stream()
                .filter(s -> s.name().equals("Venus THE")).findFirst().orElseThrow();
        assertTrue(venus.urls().stream().anyMatch(u -> u.startsWith("https://bscscan.com/tx/")), venus.urls().toString());
        assertEquals(List.of("bsc"), DatasetReaders.withExplorerChains(venus.withChains(List.of())).chains());
        assertEquals(java.util.Optional.of("base"), DatasetReaders.explorerChain("https://basescan.org/tx/0xabc"));
        assertEquals(java.util.Optional.empty(), DatasetReaders.explorerChain("https://x.com/peckshield/status/1"));
    }

    @Test
    void aPocsForkNamesTheChainOfARowWithoutOne() {
        Map<String, String> forks = DatasetReaders.pocForks(DataFiles.bundled().read(DatasetReaders.POC_FORKS_FILE));
        List<SourceRecord> plain = DatasetReaders.defiHackLabs(DataFiles.bundled().read(DatasetReaders.DEFIHACKLABS_FILE));
        List<SourceRecord> withForks = DatasetReaders.defiHackLabs(DataFiles.bundled().read(DatasetReaders.DEFIHACKLABS_FILE), forks);
        SourceRecord lula = plain.stream().filter(s -> s.name().equals("LULA")).findFirst().orElseThrow();
        assertTrue(lula.chains().isEmpty(), "the README row names no chain");
        SourceRecord lulaForked = withForks.stream().filter(s -> s.name().equals("LULA")).findFirst().orElseThrow();
        assertEquals(List.of("bsc"), lulaForked.chains());
        assertEquals("bsc", lulaForked.contracts().get(0).chain(), "its bare attacker address is read on the fork's chain too");
        assertEquals("arbitrum", forks.get("src/test/2026-08/Atomic_exp.sol"));
        for (Csv.Row r : Csv.read(DataFiles.bundled().read(DatasetReaders.POC_FORKS_FILE), "f", List.of("source"))) {
            assertNotNull(SourceRefs.of(r.get("source")).url(), "each fork is cited at its commit: " + r.get("source"));
        }
    }

    /** No incident shows "chains: not known" when one of its records' links or PoC forks names a chain. */
    @Test
    void noIncidentWithAChainInItsSourcesIsWithoutOne() {
        Map<String, String> forks = DatasetReaders.pocForks(DataFiles.bundled().read(DatasetReaders.POC_FORKS_FILE));
        List<String> bad = new ArrayList<>();
        int unknown = 0;
        for (Incident i : LOADED.incidents()) {
            if (!i.chains().isEmpty()) continue;
            unknown++;
            for (SourceRecord s : i.sources()) {
                if (s.urls().stream().anyMatch(u -> DatasetReaders.explorerChain(u).isPresent())) bad.add(i.id() + " (explorer link)");
                if (s.urls().stream().anyMatch(u -> forks.keySet().stream().anyMatch(u::endsWith))) bad.add(i.id() + " (PoC fork)");
                if (!s.contracts().isEmpty()) bad.add(i.id() + " (contracts with chains)");
            }
        }
        assertTrue(bad.isEmpty(), bad.toString());
        assertTrue(unknown < 30, "incidents whose sources name no chain: " + unknown);
    }
}
