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
}
