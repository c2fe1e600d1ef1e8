package dev.perimeter.incident;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The posts a record cites, in a form two datasets' links to one post compare equal in: an X/Twitter status is
 * {@code tweet:<id>} whatever the host (twitter.com, x.com, mobile.twitter.com) or account spelling; any other page is its
 * host and path, lowercase, without scheme, {@code www.}, query, fragment or trailing slash. Used by the merge rule
 * {@code same-source-url} (issue 19: the same alert or post-mortem cited by two datasets is one event).
 *
 * <p>Left out, because they do not name one post about one event: block-explorer pages (transactions, addresses, tokens,
 * blocks — the attack-tx and contract rules read those), a site's home page, and anything that is not an http(s) link.
 */
public final class SourceUrls {
    private SourceUrls() {}

    private static final Pattern STATUS = Pattern.compile(
            "^https?://(?:www\\.|mobile\\.)?(?:twitter\\.com|x\\.com)/[^/?#]+/status(?:es)?/(\\d+)", Pattern.CASE_INSENSITIVE);
    /** Explorer pages: a path segment tx, address, token or block on a host that is an explorer. */
    private static final Pattern EXPLORER_PATH = Pattern.compile("/(tx|address|token|block|txs)/", Pattern.CASE_INSENSITIVE);
    private static final Pattern EXPLORER_HOST = Pattern.compile("(scan|explorer|blockscout|etherscan|phalcon|tenderly)",
            Pattern.CASE_INSENSITIVE);

    /** The comparable form of one link, or empty when the link does not name one post. */
    public static Optional<String> normalise(String url) {
        if (url == null) return Optional.empty();
        String u = url.trim();
        Matcher m = STATUS.matcher(u);
        if (m.find()) return Optional.of("tweet:" + m.group(1));
        String lower = u.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) return Optional.empty();
        String s = lower.replaceFirst("^https?://", "").replaceFirst("^(www|mobile|m)\\.", "");
        s = s.replaceFirst("[?#].*$", "").replaceFirst("/+$", "");
        int slash = s.indexOf('/');
        if (slash < 0) return Optional.empty(); // a home page
        String host = s.substring(0, slash);
        String path = s.substring(slash) + "/";
        boolean explorer = EXPLORER_HOST.matcher(host).find() || path.contains("/explorer/");
        if (explorer && EXPLORER_PATH.matcher(path).find()) return Optional.empty();
        return Optional.of(s);
    }

    /** Every post a record cites, normalised, in order, once each. */
    public static Set<String> of(SourceRecord r) {
        Set<String> out = new LinkedHashSet<>();
        for (String u : r.urls()) normalise(u).ifPresent(out::add);
        return out;
    }

    /** How a normalised link reads in a report: tweets keep their id, pages their host and path. */
    static String display(String normalised) {
        return normalised.startsWith("tweet:") ? "X post " + normalised.substring("tweet:".length()) : normalised;
    }

    static List<String> shared(SourceRecord a, SourceRecord b) {
        Set<String> x = of(a);
        x.retainAll(of(b));
        return List.copyOf(x);
    }
}
