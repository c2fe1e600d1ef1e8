package dev.perimeter.incident;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the token amounts a loss text states ("900 BNB", "205K USDT + 36 BNB", "~$23ETH"), so they can be priced at the
 * attack date ({@link LossPricing}). Pure. Rules (issue 19):
 * <ul>
 *   <li>The loss is what the main clause states: the text before the first "(" or ";". Every token amount in it is a
 *       part of the loss ("2.60 ETH, 4,477.72 USDC, 3,609.95 USDT, 24,182.56 LIX" has four). A parenthetical or a clause
 *       after ";" is a remark ("~2000 BNB (6 BNB in this tx)", "~0.5453 WETH drained (…); attacker net profit ~0.4285 ETH").</li>
 *   <li>When the main clause states no token amount, the first parenthetical that does is read ("~ 95.5 K (1.14 WBTC)").</li>
 *   <li>A parenthetical that opens with "plus" adds assets the text does not count ("… + ~0.0072 WETH (plus 9 illiquid
 *       launch memecoin positions)"): the amounts read are then only part of the loss ({@link Read#partial}).</li>
 *   <li>A number with a scale word keeps it ("4.7M USDT", "218.07M SQT", "~2.16 M BUSD"); a dollar sign before a number
 *       followed by a token name does not make it dollars ("~$ 827 USDC" is 827 USDC).</li>
 * </ul>
 */
public final class TokenAmounts {
    /** One part of a loss: an amount of a token as written ("1,327 WBNB" → 1327, "WBNB"). */
    public record Amount(BigDecimal amount, String symbol, String text) {}

    /**
     * @param amounts the parts of the loss, in text order (empty when the text states no token amount)
     * @param partial the text says there is more than the amounts read (a "plus …" remark)
     */
    public record Read(List<Amount> amounts, boolean partial) {}

    private static final String NUMBER = "(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?|\\.\\d+)";
    private static final String SCALE = "(?:\\s?(thousand|million|billion|k|m|b|bn|mn)(?![A-Za-z]))?";
    /** A number (an optional ~ or $ before it), a scale, then the token: "~$23ETH", "5 $BNB", "11k BSC-USD", "0.93 cbBTC". */
    private static final Pattern AMOUNT = Pattern.compile("(?<![A-Za-z0-9.,])[~≈～]?\\s?\\$?\\s?[~≈～]?\\s?" + NUMBER + SCALE
            + "\\s?\\$?\\s?([A-Za-z][A-Za-z0-9.]*(?:-[A-Za-z]+)?)", Pattern.CASE_INSENSITIVE);
    /** Words after a number that name no token. */
    private static final java.util.Set<String> NOT_TOKENS = java.util.Set.of("usd", "us", "dollar", "dollars", "and", "or", "of",
            "in", "on", "at", "to", "from", "for", "by", "with", "the", "a", "an", "plus", "worth", "lost", "stolen", "drained",
            "tx", "txs", "transactions", "days", "users", "victims", "wallets", "addresses", "contracts", "pools", "tokens",
            "multiple", "various", "times", "x", "percent", "pct", "net", "gross", "total", "cumulative", "approx",
            // a scale word the number did not take ("~ 95.5 K (1.14 WBTC)") is no token
            "k", "m", "b", "bn", "mn", "thousand", "million", "billion");

    private TokenAmounts() {}

    public static Read read(String text) {
        if (text == null || text.isBlank()) return new Read(List.of(), false);
        String t = text.replaceAll("https?://\\S+", " ").replaceAll("0x[0-9a-fA-F]{6,}", " ").trim();
        boolean partial = Pattern.compile("\\(\\s*(plus|\\+)\\b", Pattern.CASE_INSENSITIVE).matcher(t).find();
        int cut = firstOf(t, '(', ';');
        List<Amount> main = amounts(cut < 0 ? t : t.substring(0, cut));
        if (!main.isEmpty()) return new Read(main, partial);
        Matcher paren = Pattern.compile("\\(([^()]*)\\)").matcher(t);
        while (paren.find()) {
            List<Amount> inner = amounts(paren.group(1));
            if (!inner.isEmpty()) return new Read(inner, partial);
        }
        return new Read(List.of(), partial);
    }

    private static int firstOf(String t, char... cs) {
        int best = -1;
        for (char c : cs) {
            int i = t.indexOf(c);
            if (i >= 0 && (best < 0 || i < best)) best = i;
        }
        return best;
    }

    private static List<Amount> amounts(String clause) {
        List<Amount> out = new ArrayList<>();
        Matcher m = AMOUNT.matcher(clause);
        while (m.find()) {
            String symbol = m.group(3);
            if (NOT_TOKENS.contains(symbol.toLowerCase(Locale.ROOT))) continue;
            BigDecimal n = LossParser.scaledExact(m.group(1), m.group(2));
            if (n == null) continue;
            out.add(new Amount(n, symbol, m.group().trim()));
        }
        return List.copyOf(out);
    }
}
