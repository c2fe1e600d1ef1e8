package dev.perimeter;

import java.nio.file.Files;
import java.nio.file.Path;

/** Test helpers for the shipped data files. */
public final class TestData {
    private TestData() {}

    /**
     * The address of the first registry token (lowest address) on this chain that fits: tests take real token addresses
     * from the shipped registry instead of typing them.
     */
    public static String registryToken(dev.perimeter.token.TokenRegistry registry, String chain,
                                       java.util.function.Predicate<dev.perimeter.token.Token> p) {
        return registry.all().stream().filter(t -> t.chain().equals(chain)).filter(p).map(dev.perimeter.token.Token::address).sorted()
                .findFirst().orElseThrow(() -> new IllegalStateException("no such registry token on " + chain));
    }

    /** A writable copy of the repository's data/ folder, for tests that edit or break a file. */
    public static Path copyBundledData() throws Exception {
        Path src = Path.of(System.getProperty("perimeter.root", ".")).resolve("data");
        Path dst = TestFiles.tempDir("perimeter-data");
        try (var walk = Files.walk(src)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
        return dst;
    }

    /**
     * Data rows of the shipped dataset files, counted from the files themselves (one incident record each): DeFiHackLabs,
     * DeFi-Hack-Chronicle, SoK, the seed article, DefiLlama's list and Revoke.cash's exploits (one per exploit, not per
     * address). The PoC header contracts attach to DeFiHackLabs records and are no records of their own.
     */
    public static int datasetRecords(dev.perimeter.util.DataFiles files) {
        int n = 0;
        for (String f : java.util.List.of("incidents/defihacklabs_incidents.csv", "incidents/defihack_chronicle_incidents.csv",
                "incidents/sok_bridge_hacks.csv", "incidents/seed_incidents.csv", "incidents/defillama_hacks.csv",
                "incidents/defillama_hacks_2026q1.csv",
                "incidents/revoke_exploits.csv")) {
            n += dev.perimeter.util.Csv.read(files.read(f), f, java.util.List.of()).size();
        }
        // less the records the inclusion rule leaves out (incidents/excluded-records.csv: one dataset row each)
        if (files.exists("incidents/excluded-records.csv")) {
            n -= dev.perimeter.util.Csv.read(files.read("incidents/excluded-records.csv"), "excluded", java.util.List.of()).size();
        }
        return n;
    }
}
