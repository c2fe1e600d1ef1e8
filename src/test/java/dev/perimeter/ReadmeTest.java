package dev.perimeter;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The README documents every setting the code reads, with the code's default. */
class ReadmeTest {
    @Test
    void everySettingIsDocumentedWithItsDefault() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("perimeter.root", ".")).resolve("README.md"));
        for (AppConfig.Setting s : AppConfig.settings()) {
            assertTrue(readme.contains("| `" + s.name() + "` |"), "README lacks " + s.name());
            if (!s.defaultValue().startsWith("(")) {
                assertTrue(readme.contains("`" + s.defaultValue() + "`"), "README lacks the default of " + s.name() + ": " + s.defaultValue());
            }
        }
        assertTrue(readme.contains("mvn -B verify"));
    }
}
