package dev.perimeter.util;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Reads the shipped data files, from a folder (PERIMETER_DATA_DIR) or from the copy bundled in the jar. */
public final class DataFiles {
    private final Path dir;

    private DataFiles(Path dir) {
        this.dir = dir;
    }

    public static DataFiles bundled() {
        return new DataFiles(null);
    }

    public static DataFiles folder(Path dir) {
        return new DataFiles(dir);
    }

    public String describe() {
        return dir == null ? "bundled data/" : dir.toString();
    }

    public boolean exists(String relPath) {
        if (dir != null) return Files.isRegularFile(dir.resolve(relPath));
        return DataFiles.class.getResource("/data/" + relPath) != null;
    }

    public byte[] read(String relPath) {
        try {
            if (dir != null) return Files.readAllBytes(dir.resolve(relPath));
            try (InputStream in = DataFiles.class.getResourceAsStream("/data/" + relPath)) {
                if (in == null) throw new IOException("missing bundled data file data/" + relPath);
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read data file " + relPath + ": " + e.getMessage(), e);
        }
    }

    /** SHA-256 over the named files (names included), so a change in any of them changes the checksum. */
    public String checksum(List<String> relPaths) {
        return checksum(relPaths, "");
    }

    /** The same, with a version string mixed in first (so a change in how files are read changes the checksum too). */
    public String checksum(List<String> relPaths, String version) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            if (!version.isEmpty()) {
                md.update(version.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            for (String p : relPaths) {
                md.update(p.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                md.update((byte) 0);
                if (exists(p)) md.update(read(p));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
