package dev.perimeter.util;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a source is shown to people: a name they can read and, where there is one, a URL they can follow. The data names
 * sources in a few shapes — a URL; "a title — https://…"; a repository file read at a commit, as {@code owner/repo:path@commit}
 * (the datasets' own refs) or {@code owner/repo@commit:path} (the infrastructure rows); any of these behind a dataset prefix
 * ({@code defihacklabs:}, {@code revoke:} …) on incident contracts — and each becomes a {@link Link}. Pure.
 */
public final class SourceRefs {
    private SourceRefs() {}

    /** A source as shown: its text, and its URL or null when it is plain text (a note, a dataset name). */
    public record Link(String text, String url) {}

    /** Dataset prefixes that incident contract sources carry ("defihacklabs:SunWeb3Sec/…"). */
    private static final Set<String> PREFIXES = Set.of("defihacklabs", "chronicle", "sok", "seed", "defillama", "revoke", "review",
            "import", "github");
    private static final Pattern TITLED = Pattern.compile("(.+?)\\s+[—–-]\\s+(https?://\\S+)\\s*$");
    /** owner/repo:path@commit, then anything (" line 48", " (fixed per the list)", " (amount=loss_usd/1e6)"). */
    private static final Pattern REPO_PATH_AT = Pattern.compile("([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+):([^@\\s]+)@([0-9a-f]{7,40})(.*)");
    /** owner/repo@commit:path[#fragment], then anything. */
    private static final Pattern REPO_AT_PATH = Pattern.compile("([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)@([0-9a-f]{7,40}):([^\\s#]+)(#\\S*)?(.*)");

    public static Link of(String ref) {
        if (ref == null || ref.isBlank()) return new Link("", null);
        String s = ref.trim();
        if (s.startsWith("http://") || s.startsWith("https://")) return new Link(s, s.split("\\s+")[0]);
        Matcher t = TITLED.matcher(s);
        if (t.matches()) return new Link(t.group(1).trim(), t.group(2));
        int colon = s.indexOf(':');
        if (colon > 0 && PREFIXES.contains(s.substring(0, colon))) {
            Link inner = of(s.substring(colon + 1));
            if (inner.url() != null) return inner;
        }
        Matcher a = REPO_PATH_AT.matcher(s);
        if (a.matches()) return repoFile(a.group(1), a.group(2), a.group(3), "", a.group(4));
        Matcher b = REPO_AT_PATH.matcher(s);
        if (b.matches()) return repoFile(b.group(1), b.group(3), b.group(2), b.group(4) == null ? "" : b.group(4), b.group(5));
        return new Link(s, null);
    }

    private static Link repoFile(String repo, String path, String commit, String fragment, String rest) {
        String p = path.replaceAll("/{2,}", "/");
        String url = "https://github.com/" + repo + "/blob/" + commit + "/" + p + fragment;
        String text = repo + " — " + p + " at commit " + commit.substring(0, Math.min(8, commit.length())) + rest;
        return new Link(text.trim(), url);
    }

    /**
     * Does this text point at a file outside the project that nobody else can open (a path into a shared folder, a local
     * text file)? Product text never does; the tests check every shipped source with it.
     */
    public static boolean isLocalPath(String text) {
        if (text == null) return false;
        String t = text.toLowerCase(java.util.Locale.ROOT);
        return t.contains("shared/") || t.contains("seed/") || t.matches("(?s).*\\.txt\\b.*") || t.startsWith("/") || t.startsWith("./")
                || t.startsWith("file:");
    }
}
