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

    /**
     * The largest loss a feed or import row may claim without a review: $1.5B, the reviewed loss of Bybit (2025-02-21), the
     * largest hack of the shipped data but one — LuBian's $3.5B (2020-12-28), a mining pool's bitcoin theft, is above it and
     * confirmed by its own review (FeedImportTest checks both against the shipped data). A row claiming more is a bigger hack
     * than any recorded, or a typo (an amount in cents, a token amount read as dollars): it waits for a review.
     */
    public static final java.math.BigDecimal MAX_PLAUSIBLE_LOSS_USD = new java.math.BigDecimal("1500000000");

    /**
     * Feed or import rows split into those to apply and those held back, each held row with its position (dataset, date, name,
     * its place in the input) and the loss it claims.
     */
    public record HeldBack(List<ExternalRecords.Row> kept, List<String> held) {}

    /**
     * Holds back every row whose USD loss is above {@link #MAX_PLAUSIBLE_LOSS_USD} unless a verified review (reviews.csv)
     * names its record; the others are kept, in order.
     */
    public static HeldBack holdBackImplausible(List<ExternalRecords.Row> rows, dev.perimeter.incident.Reviews reviews) {
        List<ExternalRecords.Row> kept = new java.util.ArrayList<>();
        List<String> held = new java.util.ArrayList<>();
        java.util.Map<String, Integer> position = new java.util.HashMap<>();
        for (ExternalRecords.Row r : rows) {
            int n = position.merge(r.dataset(), 1, Integer::sum);
            dev.perimeter.incident.SourceRecord s = ExternalRecords.record(r, n + 1);
            boolean confirmed = reviews.forRecord(s.baseKey()).filter(dev.perimeter.incident.Reviews.Review::verified).isPresent();
            if (s.lossUsd() != null && s.lossUsd().compareTo(MAX_PLAUSIBLE_LOSS_USD) > 0 && !confirmed) {
                held.add(r.dataset() + " item " + n + " (" + s.date() + " " + s.name() + ", from " + r.origin() + "): claims "
                        + dev.perimeter.util.Usd.approx(s.lossUsd()) + ", above the largest recorded hack ("
                        + dev.perimeter.util.Usd.approx(MAX_PLAUSIBLE_LOSS_USD) + "); held back until a review in reviews.csv confirms it");
            } else {
                kept.add(r);
            }
        }
        return new HeldBack(List.copyOf(kept), List.copyOf(held));
    }

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

    /** What an import applied, and the rows it held back. */
    public record Imported(IncidentService.Applied applied, List<String> held) {}

    /**
     * Applies validated rows, but those claiming an implausible loss no review confirms (listed, not applied); nothing is
     * written when there are problems (the caller lists them).
     */
    public static Imported importRows(IncidentService incidents, Parsed<ExternalRecords.Row> rows) {
        if (!rows.ok()) throw new IllegalArgumentException("rows with problems are never applied");
        HeldBack hb = holdBackImplausible(rows.rows(), incidents.reviews());
        IncidentService.Applied applied = hb.kept().isEmpty() ? new IncidentService.Applied(List.of(), List.of(), List.of(), List.of())
                : incidents.applyRows(hb.kept());
        return new Imported(applied, hb.held());
    }

    /** {@link #importRows}, what it applied (held rows are left out). */
    public static IncidentService.Applied apply(IncidentService incidents, Parsed<ExternalRecords.Row> rows) {
        return importRows(incidents, rows).applied();
    }
}
