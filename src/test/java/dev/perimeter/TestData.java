package dev.perimeter;

import java.nio.file.Files;
import java.nio.file.Path;

/** Test helpers for the shipped data files. */
public final class TestData {
    private TestData() {}

    /** A writable copy of the repository's data/ folder, for tests that edit or break a file. */
    public static Path copyBundledData() throws Exception {
        Path src = Path.of(System.getProperty("perimeter.root", ".")).resolve("data");
        Path dst = Files.createTempDirectory("perimeter-data");
        try (var walk = Files.walk(src)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
        return dst;
    }
}
