package dev.perimeter;

import dev.perimeter.exposure.FindingKind;
import dev.perimeter.exposure.Severity;
import dev.perimeter.web.Routes;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** README.md and docs/*.md stay true to the tree and the code: links resolve, tables list what the code has. */
class DocsTest {
    static final Path ROOT = ReadmeTest.ROOT;
    private static final Pattern LINK = Pattern.compile("\\[(?:[^\\[\\]]|\\[[^\\]]*\\])*\\]\\(([^)\\s]+)\\)");
    private static final Pattern SETTING = Pattern.compile("PERIMETER_[A-Z0-9_]+");

    /** README.md and every docs/*.md, relative to the root. */
    static List<Path> markdownFiles() throws IOException {
        List<Path> out = new ArrayList<>();
        out.add(ROOT.resolve("README.md"));
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(out::add);
        }
        return out;
    }

    /** The markdown without fenced code blocks (a link-like text in a code sample is no link). */
    static String withoutCodeBlocks(String markdown) {
        StringBuilder sb = new StringBuilder();
        boolean fenced = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.trim().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (!fenced) sb.append(line).append('\n');
        }
        return sb.toString();
    }

    /** The anchors GitHub makes for a markdown file's headings: lowercase, punctuation dropped, spaces as hyphens, repeats numbered. */
    static Set<String> anchors(String markdown) {
        Set<String> out = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : withoutCodeBlocks(markdown).split("\n")) {
            Matcher m = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$").matcher(line);
            if (!m.matches()) continue;
            StringBuilder slug = new StringBuilder();
            for (char c : m.group(1).toLowerCase(java.util.Locale.ROOT).toCharArray()) {
                if (Character.isLetterOrDigit(c) || c == '-' || c == '_') slug.append(c);
                else if (c == ' ') slug.append('-');
            }
            String s = slug.toString();
            int n = seen.merge(s, 1, Integer::sum);
            out.add(n == 1 ? s : s + "-" + (n - 1));
        }
        return out;
    }

    /** Every relative link of one markdown file that does not resolve: a missing file or directory, or an unknown heading. */
    static List<String> brokenLinks(Path file, String markdown) throws IOException {
        List<String> broken = new ArrayList<>();
        Matcher m = LINK.matcher(withoutCodeBlocks(markdown));
        while (m.find()) {
            String target = m.group(1);
            if (target.matches("(?i)[a-z][a-z0-9+.-]*:.*")) continue; // http:, https:, mailto:
            int hash = target.indexOf('#');
            String path = hash < 0 ? target : target.substring(0, hash);
            String anchor = hash < 0 ? null : target.substring(hash + 1);
            Path resolved = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
            if (!resolved.startsWith(ROOT.toAbsolutePath().normalize())) {
                broken.add(target + " (outside the repository)");
            } else if (!Files.exists(resolved)) {
                broken.add(target + " (no such file)");
            } else if (anchor != null) {
                if (!resolved.toString().endsWith(".md")) broken.add(target + " (an anchor into a file that is not markdown)");
                else if (!anchors(path.isEmpty() ? markdown : Files.readString(resolved)).contains(anchor)) broken.add(target + " (no such heading)");
            }
        }
        return broken;
    }

    @Test
    void theLinkCheckerFindsBrokenLinks() throws Exception {
        Path readme = ROOT.resolve("README.md");
        String sample = "# Title\n## A `code` heading: here\n[ok](docs/api.md) [dir](data/) [self](#a-code-heading-here) [web](https://x.org/y)\n"
                + "[gone](docs/nothing.md) [bad anchor](docs/api.md#no-such-heading) [bad self](#nowhere)\n```\n[in code](nothing.md)\n```\n";
        assertEquals(List.of("docs/nothing.md (no such file)", "docs/api.md#no-such-heading (no such heading)", "#nowhere (no such heading)"),
                brokenLinks(readme.toAbsolutePath(), sample));
        assertEquals(Set.of("title", "a-code-heading-here"), anchors(sample));
    }

    @Test
    void everyRelativeLinkInTheReadmeAndDocsResolves() throws Exception {
        int links = 0;
        List<String> broken = new ArrayList<>();
        for (Path f : markdownFiles()) {
            String md = Files.readString(f);
            Matcher m = LINK.matcher(withoutCodeBlocks(md));
            while (m.find()) links++;
            for (String b : brokenLinks(f.toAbsolutePath(), md)) broken.add(ROOT.relativize(f) + ": " + b);
        }
        assertTrue(links > 50, "found only " + links + " links");
        assertEquals(List.of(), broken);
    }

    @Test
    void everySettingTheDocsNameExists() throws Exception {
        Set<String> names = new LinkedHashSet<>();
        AppConfig.settings().forEach(s -> names.add(s.name()));
        // Read by the tests only (the PostgreSQL run of the repository tests), not by the app.
        String testDatabases = Files.readString(ROOT.resolve("src/test/java/dev/perimeter/db/TestDatabases.java"));
        for (Path f : markdownFiles()) {
            Matcher m = SETTING.matcher(Files.readString(f));
            while (m.find()) {
                String n = m.group();
                boolean known = n.endsWith("_") ? names.stream().anyMatch(s -> s.startsWith(n)) // a prefix: PERIMETER_RPC_<CHAIN>
                        : names.contains(n) || n.startsWith("PERIMETER_TEST_") && testDatabases.contains("\"" + n + "\"");
                assertTrue(known, ROOT.relativize(f) + " names " + n + ", which no code reads");
            }
        }
    }

    @Test
    void theRouteTableListsEveryRouteOfTheCode() throws Exception {
        List<String> documented = new ArrayList<>();
        for (String line : ReadmeTest.section(Files.readString(ROOT.resolve("docs/api.md")), "## Routes").split("\n")) {
            if (!line.startsWith("| ") || line.startsWith("| method") || line.startsWith("|---")) continue;
            String[] cells = line.split("\\|");
            documented.add(cells[1].trim() + " " + cells[2].trim().replace("`", "") + " [" + cells[3].trim().replace("`", "") + "]");
        }
        List<String> code = Routes.table(null).stream()
                .map(r -> r.method().name() + " " + r.path() + " [" + String.join(", ", r.inputs()) + "]").toList();
        assertEquals(code, documented, "docs/api.md's route table must list Routes.table, in order, with each route's inputs");
    }

    @Test
    void theExposureRulesNameEveryFindingKindAndSeverity() throws Exception {
        String rules = Files.readString(ROOT.resolve("docs/exposure-rules.md"));
        String kinds = ReadmeTest.section(rules, "## Finding kinds and severities");
        for (FindingKind k : FindingKind.values()) {
            assertTrue(kinds.contains("| `" + k.code() + "` |"), "docs/exposure-rules.md has no row for the finding kind " + k.code());
        }
        for (Severity s : Severity.values()) assertTrue(kinds.contains("`" + s.code() + "`"), "severity " + s.code());
    }
}
