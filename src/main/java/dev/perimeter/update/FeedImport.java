package dev.perimeter.update;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perimeter.incident.ExternalRecords;
import dev.perimeter.incident.IncidentService;
import dev.perimeter.sources.DefiLlamaFormat;
import dev.perimeter.sources.Parsed;
import dev.perimeter.sources.Problem;
import dev.perimeter.sources.RevokeFormat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code import-incidents --format defillama FILE.json} and {@code --format revoke PATH}: the whole input validated first
 * (every problem with its position), then applied in one transaction through the same merge and review rules as the
 * shipped data; idempotent (the same rows again change nothing).
 */
public final class FeedImport {
    public enum Format {
        CSV("csv"), DEFILLAMA("defillama"), REVOKE("revoke");

        public final String code;

        Format(String code) {
            this.code = code;
        }

        public static Optional<Format> parse(String s) {
            if (s == null) return Optional.empty();
            String t = s.trim().toLowerCase(Locale.ROOT);
            for (Format f : values()) if (f.code.equals(t)) return Optional.of(f);
            return Optional.empty();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private FeedImport() {}

    /** The rows of a DefiLlama hacks JSON array; {@code origin} names where it came from (a URL or "file NAME"). */
    public static Parsed<ExternalRecords.Row> defiLlama(byte[] content, String origin) {
        Parsed<DefiLlamaFormat.Hack> p = DefiLlamaFormat.parse(content, JSON);
        if (!p.ok()) return new Parsed<>(List.of(), p.problems());
        if (p.rows().isEmpty()) return new Parsed<>(List.of(), List.of(new Problem("file", "the list holds no hack")));
        return new Parsed<>(ExternalRecords.defiLlamaRows(p.rows(), h -> origin), List.of());
    }

    /** The rows of Revoke.cash exploits; {@code origin} maps an exploit's slug to where its file came from. */
    public static Parsed<ExternalRecords.Row> revoke(Parsed<RevokeFormat.Exploit> p, java.util.function.Function<String, String> origin) {
        if (!p.ok()) return new Parsed<>(List.of(), p.problems());
        if (p.rows().isEmpty()) return new Parsed<>(List.of(), List.of(new Problem("input", "no exploit")));
        return new Parsed<>(ExternalRecords.revokeRows(p.rows(), x -> origin.apply(x.slug())), List.of());
    }

    /** Reads and validates the input of {@code import-incidents --format defillama|revoke}. */
    public static Parsed<ExternalRecords.Row> read(Format format, Path path) {
        try {
            return switch (format) {
                case DEFILLAMA -> defiLlama(Files.readAllBytes(path), "file " + path.getFileName());
                case REVOKE -> revoke(RevokeFormat.parsePath(path, JSON), slug -> Files.isDirectory(path)
                        ? "file " + path.getFileName() + "/exploits/" + slug + ".json" : "file " + path.getFileName());
                case CSV -> throw new IllegalArgumentException("CSV v1 is imported by IncidentService.importCsv");
            };
        } catch (java.io.IOException e) {
            return new Parsed<>(List.of(), List.of(new Problem(path.toString(), "cannot be read: " + e.getMessage())));
        }
    }

    /** Applies validated rows; nothing is written when there are problems (the caller lists them). */
    public static IncidentService.Applied apply(IncidentService incidents, Parsed<ExternalRecords.Row> rows) {
        if (!rows.ok()) throw new IllegalArgumentException("rows with problems are never applied");
        return incidents.applyRows(rows.rows());
    }
}
