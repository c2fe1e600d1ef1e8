package dev.perimeter.update;

import dev.perimeter.TestData;
import dev.perimeter.incident.DatasetReaders;
import dev.perimeter.incident.Reviews;
import dev.perimeter.util.Csv;
import dev.perimeter.util.DataFiles;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The stored feed snapshots (src/test/resources/feeds, real rows only) and a copy of data/ that lacks some of those rows,
 * so a feed or an import can bring them "new": DefiLlama's rows of 2025-H2 that no review names, and Revoke.cash's
 * Ledger Connect Kit exploit.
 */
public final class FeedFixtures {
    public static final Path FEEDS = Path.of(System.getProperty("perimeter.root", ".")).resolve("src/test/resources/feeds");
    /** DefiLlama's rows of 2025-07-01..2025-12-31, in the endpoint's shape. */
    public static final Path LLAMA_H2 = FEEDS.resolve("defillama-2025-h2.json");
    static final String LEDGER = "ledger-connect-kit";

    private FeedFixtures() {}

    /**
     * @param dir            the copy of data/
     * @param removedLlama   dataset|date|name of the DefiLlama rows left out of the copy
     * @param keptLlamaH2    2025-H2 rows still in the copy (named by a review)
     */
    public record Reduced(Path dir, List<String> removedLlama, int keptLlamaH2) {}

    public static Reduced reducedData() throws Exception {
        Path dir = TestData.copyBundledData();
        DataFiles files = DataFiles.folder(dir);
        Set<String> reviewed = new HashSet<>();
        for (Reviews.Review r : Reviews.parse(files.read(Reviews.FILE), Reviews.FILE).all()) reviewed.addAll(r.records());
        Path llama = dir.resolve(DatasetReaders.DEFILLAMA_FILE);
        List<Csv.Row> rows = Csv.read(Files.readAllBytes(llama), "f", List.of("date", "name"));
        Set<Integer> drop = new HashSet<>();
        List<String> removed = new ArrayList<>();
        int kept = 0;
        for (Csv.Row r : rows) {
            if (r.get("date").compareTo("2025-07-01") < 0 || r.get("date").compareTo("2025-12-31") > 0) continue;
            String key = "defillama|" + r.get("date") + "|" + r.get("name");
            if (reviewed.contains(key)) {
                kept++;
            } else {
                drop.add(r.line());
                removed.add(key);
            }
        }
        List<String> lines = Files.readAllLines(llama, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) if (!drop.contains(i + 1)) out.add(lines.get(i));
        Files.write(llama, out, StandardCharsets.UTF_8);
        for (String f : List.of(DatasetReaders.REVOKE_ADDRESSES_FILE, DatasetReaders.REVOKE_EXPLOITS_FILE)) {
            Path p = dir.resolve(f);
            Files.write(p, Files.readAllLines(p, StandardCharsets.UTF_8).stream().filter(l -> !l.startsWith(LEDGER + ",")).toList(),
                    StandardCharsets.UTF_8);
        }
        return new Reduced(dir, List.copyOf(removed), kept);
    }
}
