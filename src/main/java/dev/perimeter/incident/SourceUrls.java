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

    private static final Pattern SCHEME = Pattern.compile("^https?://");
    private static final Pattern HOST_PREFIX = Pattern.compile("^(www|mobile|m)\\.");
    private static final Pattern QUERY_OR_FRAGMENT = Pattern.compile("[?#].*$");
    private static final Pattern TRAILING_SLASHES = Pattern.compile("/+$");

    /** The comparable form of one link, or empty when the link does not name one post. */
    public static Optional<String> normalise(String url) {
        if (url == null) return Optional.empty();
        String u = url.trim();
        Matcher m = STATUS.matcher(u);
        if (m.find()) return Optional.of("tweet:" + m.group(1));
        String lower = u.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) return Optional.empty();
        String s = HOST_PREFIX.matcher(SCHEME.matcher(lower).replaceFirst("")).replaceFirst("");
        s = TRAILING_SLASHES.matcher(QUERY_OR_FRAGMENT.matcher(s).replaceFirst("")).replaceFirst("");
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
        return shared(of(a), of(b));
    }

    /** The posts of {@code a} (in its order) that {@code b} cites too. */
    static List<String> shared(Set<String> a, Set<String> b) {
        Set<String> x = new LinkedHashSet<>(a);
        x.retainAll(b);
        return List.copyOf(x);
    }
}
