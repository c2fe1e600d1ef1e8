package dev.perimeter;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The README is what a newcomer reads in five minutes: short, with a code map that names every package, key settings
 * that are real, and links to docs/. The full settings table lives in docs/operations.md and documents every setting
 * the code reads, with the code's default.
 */
class ReadmeTest {
    static final Path ROOT = Path.of(System.getProperty("perimeter.root", "."));
    static final Path PACKAGES = ROOT.resolve("src/main/java/dev/perimeter");
    static final int MAX_LINES = 150;

    static String read(String relative) throws IOException {
        return Files.readString(ROOT.resolve(relative));
    }

    /** The lines of a markdown file's section: from its "## title" heading to the next heading of level 2 or 1. */
    static String section(String markdown, String heading) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.startsWith("## ") || line.startsWith("# ")) in = line.equals(heading);
            else if (in) out.add(line);
        }
        assertFalse(out.isEmpty(), "no section '" + heading + "'");
        return String.join("\n", out);
    }

    @Test
    void everySettingIsDocumentedWithItsDefault() throws Exception {
        String table = section(read("docs/operations.md"), "## Configuration");
        for (AppConfig.Setting s : AppConfig.settings()) {
            assertTrue(table.contains("| `" + s.name() + "` |"), "docs/operations.md lacks " + s.name());
            if (!s.defaultValue().startsWith("(")) {
                assertTrue(table.contains("`" + s.defaultValue() + "`"), "docs/operations.md lacks the default of " + s.name() + ": " + s.defaultValue());
            }
        }
        assertTrue(read("README.md").contains("docs/operations.md#configuration"), "the README links the full settings table");
    }

    @Test
    void theReadmeSaysHowToRunAndTest() throws Exception {
        String readme = read("README.md");
        assertTrue(readme.contains("mvn -B verify"));
        assertTrue(readme.contains("java -jar target/perimeter.jar"));
        assertTrue(readme.contains("docker build"));
    }

    @Test
    void theReadmeIsShort() throws Exception {
        long lines = Files.readAllLines(ROOT.resolve("README.md")).size();
        assertTrue(lines <= MAX_LINES, "README.md has " + lines + " lines; at most " + MAX_LINES + ": move the detail to docs/");
    }

    /** Every package directory under src/main/java/dev/perimeter/, as "chain", "web", "chain/evm" (a sub-package). */
    static List<String> packageDirectories() throws IOException {
        try (Stream<Path> dirs = Files.walk(PACKAGES)) {
            return dirs.filter(Files::isDirectory).filter(d -> !d.equals(PACKAGES))
                    .map(d -> PACKAGES.relativize(d).toString().replace('\\', '/')).sorted().toList();
        }
    }

    @Test
    void theCodeMapNamesEveryPackage() throws Exception {
        String map = section(read("README.md"), "## Where things are");
        List<String> packages = packageDirectories();
        assertTrue(packages.size() >= 10, "found only " + packages);
        for (String p : packages) {
            assertTrue(map.contains("](src/main/java/dev/perimeter/" + p + "/)"),
                    "the README's code map (## Where things are) names no package " + p + "/: add a line for it");
        }
        // And nothing it names is gone: every package link points at a directory that exists.
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\]\\(src/main/java/dev/perimeter/([a-z0-9/]+)/\\)").matcher(map);
        int named = 0;
        while (m.find()) {
            named++;
            assertTrue(packages.contains(m.group(1)), "the code map names " + m.group(1) + "/, which is not a package any more");
        }
        assertEquals(packages.size(), named, "each package named once in the code map");
        // Where a request enters and where services are built.
        for (String f : List.of("App.java", "Wiring.java", "AppConfig.java", "web/Routes.java")) {
            assertTrue(map.contains("](src/main/java/dev/perimeter/" + f + ")"), "the code map links " + f);
        }
    }

    @Test
    void theKeySettingsAreRealWithTheCodesDefaults() throws Exception {
        Map<String, String> defaults = AppConfig.settings().stream()
                .collect(Collectors.toMap(AppConfig.Setting::name, AppConfig.Setting::defaultValue));
        int rows = 0;
        for (String line : section(read("README.md"), "## Key settings").split("\n")) {
            if (!line.startsWith("| `PERIMETER_")) continue;
            String[] cells = line.split("\\|");
            String name = cells[1].trim().replace("`", "");
            String def = cells[2].trim().replace("`", "");
            assertTrue(defaults.containsKey(name), "README names a setting AppConfig does not have: " + name);
            assertEquals(defaults.get(name), def, "README's default of " + name);
            rows++;
        }
        assertTrue(rows >= 5 && rows <= 12, "a few key settings, not the whole table: " + rows);
    }

    @Test
    void theReadmeLinksEveryDocsFile() throws Exception {
        String readme = read("README.md");
        List<String> docs;
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            docs = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".md")).sorted().toList();
        }
        assertTrue(docs.size() >= 5, docs.toString());
        for (String d : docs) assertTrue(readme.contains("](docs/" + d + ")"), "README.md does not link docs/" + d);
    }
}
