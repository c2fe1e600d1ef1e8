package dev.perimeter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Temporary files and folders of the tests, deleted with everything in them when the test JVM exits (File.deleteOnExit
 * leaves a folder that is not empty, so every H2 database, CLI output and browser profile used to stay in /tmp).
 */
public final class TestFiles {
    private static final Set<Path> CREATED = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> CREATED.forEach(TestFiles::deleteTree), "test-files-cleanup"));
    }

    private TestFiles() {}

    /** A new folder under the system's temporary folder, removed at exit. */
    public static Path tempDir(String prefix) {
        try {
            return remember(Files.createTempDirectory(prefix));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new file under the system's temporary folder, removed at exit. */
    public static Path tempFile(String prefix, String suffix) {
        try {
            return remember(Files.createTempFile(prefix, suffix));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path remember(Path p) {
        CREATED.add(p);
        return p;
    }

    /** Deletes a file or a folder with its contents; what cannot be deleted is left (best effort at exit). */
    public static void deleteTree(Path root) {
        if (!Files.exists(root)) return;
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // left behind: another process may still write there
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // best effort
        }
    }
}
