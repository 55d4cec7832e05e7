package io.productionmanager.config;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The running application build as the start-up caches know it: the jar's path, size and modification time (a new
 * build is a new identity, so nothing a cache holds outlives the code that wrote it) and the user's cache folder
 * ({@code $XDG_CACHE_HOME/production-manager}, else {@code ~/.cache/production-manager}).
 *
 * @param cacheDir the application's cache folder
 * @param identity what identifies the build
 */
record InstalledBuild(Path cacheDir, String identity) {

    /** The running build, or null when it has no jar (classes in a folder, as in development and tests) or no cache folder. */
    static InstalledBuild find() {
        try {
            Path jar = Path.of(InstalledBuild.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            BasicFileAttributes a = Files.readAttributes(jar, BasicFileAttributes.class);
            if (!a.isRegularFile()) {
                return null;
            }
            String cacheHome = System.getenv("XDG_CACHE_HOME");
            Path cache = cacheHome != null && !cacheHome.isBlank() ? Path.of(cacheHome)
                    : Path.of(System.getProperty("user.home"), ".cache");
            return new InstalledBuild(cache.resolve("production-manager"),
                    jar.toAbsolutePath() + "\n" + a.size() + "\n" + a.lastModifiedTime().toMillis());
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The file in {@code dir} that a start-up cache keeps an entry under: named by a 64-bit FNV-1a hash of the parts
     * (each followed by a separator byte), so a shared name only means one of two entries is kept.
     */
    static Path entryFile(Path dir, byte[]... parts) {
        long h = 0xcbf29ce484222325L;
        for (byte[] part : parts) {
            for (byte x : part) {
                h ^= x & 0xff;
                h *= 0x100000001b3L;
            }
            h ^= 0xff;
            h *= 0x100000001b3L;
        }
        return dir.resolve(String.format("%016x", h));
    }
}
