package dev.perimeter.update;

import dev.perimeter.incident.ExternalRecords;
import dev.perimeter.incident.Incident;
import dev.perimeter.incident.Reviews;
import dev.perimeter.incident.ShippedIncidents;
import dev.perimeter.incident.SourceRecord;
import dev.perimeter.util.DataFiles;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** A feed or import row claiming more than the largest recorded hack waits for a review (issue 19), on the shipped rows. */
class ImplausibleLossTest {
    static final DataFiles DATA = DataFiles.folder(Path.of("data"));

    @Test
    void theThresholdIsBybitsReviewedLossAndEveryShippedRecordAboveItIsConfirmedByAReview() {
        List<Incident> incidents = ShippedIncidents.load(DATA).incidents();
        Incident bybit = incidents.stream().filter(i -> i.id().equals("2025-02-21-bybit")).findFirst().orElseThrow();
        assertTrue(bybit.reviewed());
        assertEquals(0, bybit.lossUsd().compareTo(FeedImport.MAX_PLAUSIBLE_LOSS_USD), "the constant is Bybit's reviewed loss");
        Reviews reviews = ShippedIncidents.merger(DATA).reviews();
        int above = 0;
        for (SourceRecord s : ShippedIncidents.records(DATA)) {
            if (s.lossUsd() == null || s.lossUsd().compareTo(FeedImport.MAX_PLAUSIBLE_LOSS_USD) <= 0) continue;
            above++;
            assertTrue(reviews.forRecord(s.key()).filter(Reviews.Review::verified).isPresent(), s.key() + " is above the threshold without a review");
        }
        assertEquals(1, above, "LuBian's $3.5B is the one shipped record above it");
    }

    @Test
    void aRowAboveTheThresholdIsHeldBackWithItsPositionUnlessAReviewConfirmsIt() {
        List<ExternalRecords.Row> shipped = ShippedIncidents.shippedDefiLlama(DATA);
        ExternalRecords.Row lubian = shipped.stream().filter(r -> r.id().equals("2020-12-28|name:lubian")).findFirst().orElseThrow();
        ExternalRecords.Row trinity = shipped.stream().filter(r -> r.id().equals("2020-02-12|name:trinity")).findFirst().orElseThrow();
        // Trinity Wallet's row as a feed might serve it with a typo: $2.35B instead of $2.35M.
        ExternalRecords.Row typo = new ExternalRecords.Row(trinity.dataset(), trinity.id(),
                trinity.content().replace("\"amountUsd\":\"2350000\"", "\"amountUsd\":\"2350000000\""), "https://api.llama.fi/hacks");
        assertNotEquals(trinity.content(), typo.content());
        Reviews reviews = ShippedIncidents.merger(DATA).reviews();
        FeedImport.HeldBack hb = FeedImport.holdBackImplausible(List.of(trinity, typo, lubian), reviews);
        assertEquals(List.of(trinity, lubian), hb.kept(), "the plausible row and the reviewed $3.5B one apply");
        assertEquals(1, hb.held().size());
        assertTrue(hb.held().get(0).startsWith("defillama item 2 (2020-02-12 Trinity Wallet, from https://api.llama.fi/hacks): claims ~$2.35B"),
                hb.held().get(0));
        assertTrue(hb.held().get(0).contains("above the largest recorded hack"), hb.held().get(0));
        assertEquals(new BigDecimal("1500000000"), FeedImport.MAX_PLAUSIBLE_LOSS_USD);
    }
}
