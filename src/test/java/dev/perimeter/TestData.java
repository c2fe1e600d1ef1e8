package dev.perimeter;

import java.nio.file.Files;
import java.nio.file.Path;

/** Test helpers for the shipped data files. */
public final class TestData {
    private TestData() {}

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
                "incidents/revoke_exploits.csv")) {
            n += dev.perimeter.util.Csv.read(files.read(f), f, java.util.List.of()).size();
        }
        return n;
    }
}
