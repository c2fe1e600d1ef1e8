package dev.perimeter.incident;

import dev.perimeter.util.DataFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Token-stated losses priced at the attack date (issue 19), on loss lines copied from
 * data/incidents/defihacklabs_incidents.csv and the shipped closes of data/prices/daily-usd.csv; the expected sums were
 * computed by hand from those rows (e.g. 900 × 526.893204781338).
 */
class LossPricingTest {
    static final DataFiles DATA = DataFiles.folder(Path.of("data"));
    static DailyPrices prices;
    static Map<String, Incident> incidents;

    @BeforeAll
    static void load() {
        prices = DailyPrices.load(DATA, List.of());
        incidents = ShippedIncidents.load(DATA).incidents().stream().collect(Collectors.toMap(Incident::id, Function.identity()));
    }

    static TokenAmounts.Amount only(String text) {
        TokenAmounts.Read r = TokenAmounts.read(text);
        assertEquals(1, r.amounts().size(), text + " → " + r);
        return r.amounts().get(0);
    }

    @Test
    void theMainClauseIsTheLossAndARemarkIsNot() {
        assertEquals(new BigDecimal("1327"), only("1,327 WBNB").amount());
        assertEquals("WBNB", only("1,327 WBNB").symbol());
        assertEquals("ETH", only("~$23ETH").symbol(), "a dollar sign before a token amount makes no dollars");
        assertEquals(new BigDecimal("4700000"), only("4.7M USDT").amount());
        assertEquals(new BigDecimal("2000"), only("~2000 BNB (6 BNB in this tx)").amount(), "the parenthetical is a remark");
        assertEquals(new BigDecimal("0.5453"),
                only("~0.5453 WETH drained (28.25% of reward pool reserve); attacker net profit ~0.4285 ETH").amount());
        TokenAmounts.Amount wbtc = only("~ 95.5 K (1.14015390 WBTC)");
        assertEquals("WBTC", wbtc.symbol(), "a bare number and a lone scale letter are no token: the parenthetical is read");
        assertEquals(new BigDecimal("1.14015390"), wbtc.amount());
        TokenAmounts.Read four = TokenAmounts.read("2.60 ETH, 4,477.72 USDC, 3,609.95 USDT, 24,182.56 LIX");
        assertEquals(List.of("ETH", "USDC", "USDT", "LIX"), four.amounts().stream().map(TokenAmounts.Amount::symbol).toList());
        TokenAmounts.Read plus = TokenAmounts.read("~$17,743.91 USDC + ~0.0072 WETH (plus 9 illiquid launch memecoin positions)");
        assertEquals(2, plus.amounts().size());
        assertTrue(plus.partial(), "a 'plus …' remark adds assets the text does not count");
        assertTrue(TokenAmounts.read("~150k").amounts().isEmpty(), "a bare number names no token");
    }

    @Test
    void anAssetWithASeriesIsPricedAtItsCloseOfTheAttackDate() {
        LossPricing.Priced p = LossPricing.price("900 BNB", LocalDate.parse("2021-12-14"), false, prices);
        assertEquals(new BigDecimal("474203.88"), p.usd());
        assertEquals("historical_price:coinmetrics:2021-12-14", p.basis());
        assertTrue(p.note().contains("900 BNB × $526.893204781338 (BNB close 2021-12-14, coinmetrics/data:csv/bnb.csv@38ff1ab0"), p.note());
        // A wrapper is priced at what it wraps; a stablecoin part at par; the parts add up.
        LossPricing.Priced mixed = LossPricing.price("27.6 ETH & 3450 USDC", LocalDate.parse("2026-01-20"), false, prices);
        assertEquals(new BigDecimal("84533.76"), mixed.usd(), "27.6 × 2937.81746171829 + 3450");
        assertEquals("historical_price:coinmetrics:2026-01-20", mixed.basis());
        assertEquals(LossPricing.PAR, LossPricing.price("4.7M USDT", LocalDate.parse("2025-07-02"), false, prices).basis());
        assertEquals(new BigDecimal("4700000.00"), LossPricing.price("4.7M USDT", LocalDate.parse("2025-07-02"), false, prices).usd());
        // No nearby day stands in for a missing close.
        assertNull(LossPricing.price("900 BNB", LocalDate.parse("2021-12-13"), false, prices).usd());
    }

    @Test
    void aPartThatCannotBePricedLeavesTheWholeLossUnknownWithTheReason() {
        LossPricing.Priced mixed = LossPricing.price("205K USDT + 36 BNB", LocalDate.parse("2026-04-28"), false, prices);
        assertNull(mixed.usd(), "never a partial sum: the USDT part alone is not the loss");
        assertTrue(mixed.basis().startsWith(LossPricing.NO_PRICE + " (BNB close of 2026-04-28"), mixed.basis());
        assertTrue(LossPricing.price("218.07M SQT", LocalDate.parse("2026-04-12"), false, prices).basis().startsWith(LossPricing.UNPRICED_TOKEN));
        assertTrue(LossPricing.price("2.60 ETH, 4,477.72 USDC, 3,609.95 USDT, 24,182.56 LIX", LocalDate.parse("2026-06-25"), false, prices)
                .basis().startsWith(LossPricing.NO_PRICE), "the first part that fails names the reason");
        assertTrue(LossPricing.price("~$17,743.91 USDC + ~0.0072 WETH (plus 9 illiquid launch memecoin positions)",
                LocalDate.parse("2024-02-02"), false, prices).basis().startsWith(LossPricing.PARTLY));
        assertTrue(LossPricing.price("~5.4M USDC", LocalDate.parse("2023-05-05"), true, prices).basis().startsWith(LossPricing.DEPEG),
                "a stablecoin in its own depeg is not at par");
        assertNull(LossPricing.price("Bad Guys by RPF(400 NFTs)", LocalDate.parse("2022-09-02"), false, prices).usd());
        assertNull(LossPricing.price("~104M", LocalDate.parse("2022-09-02"), false, prices), "no token amount: nothing to price");
    }

    @Test
    void theIncidentBuildPricesRealRowsAndKeepsTheTextAndTheComputationBeside() {
        Incident wiener = incidents.get("2022-04-24-wiener-doge"); // "78 BNB"
        assertEquals(new BigDecimal("31172.03"), wiener.lossUsd(), "78 × 399.641398560251");
        assertEquals("historical_price:coinmetrics:2022-04-24", wiener.lossBasis());
        assertEquals("78 BNB", wiener.lossRaw());
        assertTrue(wiener.lossNote().startsWith("Priced at the attack date: 78 BNB × $399.641398560251"), wiener.lossNote());
        Incident fpc = incidents.get("2025-07-02-fpc"); // "4.7M USDT"
        assertEquals(new BigDecimal("4700000.00"), fpc.lossUsd());
        assertEquals(LossPricing.PAR, fpc.lossBasis());
        // A priced figure is one more figure of the consistency check: the loss line and the PoC disagree over 10×.
        Incident tecra = incidents.get("2022-02-04-tecraspace"); // "~63k $USDT · PoC KeyInfo: 639,222 $USDT"
        assertNull(tecra.lossUsd());
        assertEquals("unknown:conflicting_sources", tecra.lossBasis());
        // A stated dollar figure leads over a priced one, and a reviewed loss over both.
        for (Incident i : incidents.values()) {
            if (i.reviewed()) assertFalse(LossPricing.converted(i.lossBasis()), i.id());
            if (LossPricing.converted(i.lossBasis().replaceFirst(" \\(.*", ""))) {
                assertTrue(i.sources().stream().noneMatch(s -> s.lossUsd() != null && !LossPricing.converted(s.lossBasis())),
                        i.id() + " has a stated figure, yet its loss is a priced one");
            }
        }
    }

    @Test
    void everyIncidentWithoutAUsdLossHasAReason() {
        for (Incident i : incidents.values()) {
            if (i.lossUsd() == null) assertTrue(i.lossBasis() != null && i.lossBasis().startsWith("unknown:"), i.id() + ": " + i.lossBasis());
        }
    }

    @Test
    void theShippedPriceFileNamesASourcePerRowAndAStoredCloseNeverReplacesAShippedOne() {
        List<DailyPrices.Price> shipped = DailyPrices.parsePrices(DATA.read(DailyPrices.FILE), DailyPrices.FILE);
        assertFalse(shipped.isEmpty());
        for (DailyPrices.Price p : shipped) {
            assertTrue(p.source().matches("(coinmetrics/data|p17o/daily-coingecko-prices):\\S+@[0-9a-f]{40}#.+"), p.toString());
        }
        DailyPrices.Price bnb = shipped.stream().filter(p -> p.asset().equals("BNB") && p.date().toString().equals("2021-12-14")).findFirst().orElseThrow();
        DailyPrices.Price other = new DailyPrices.Price(bnb.date(), "BNB", new BigDecimal("1"), "https://coins.llama.fi/prices/historical/1639526400/coingecko:binancecoin");
        DailyPrices both = DailyPrices.of(shipped, List.of(other), DailyPrices.parseAssets(DATA.read(DailyPrices.ASSETS), DailyPrices.ASSETS));
        assertEquals(bnb.close(), both.close("BNB", bnb.date()).orElseThrow().close());
        assertEquals("defillama", other.sourceName());
        byte[] twice = "date,asset,close,source\n2021-12-14,BNB,1,x\n2021-12-14,bnb,2,y\n".getBytes();
        var e = assertThrows(dev.perimeter.util.Csv.CsvException.class, () -> DailyPrices.parsePrices(twice, "f.csv"));
        assertTrue(e.getMessage().contains("line 3: a second close of BNB on 2021-12-14"), e.getMessage());
    }
}
