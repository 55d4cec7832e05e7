package io.productionmanager.app;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The application's version (from the jar manifest) and the jar it runs from. */
public final class AppInfo {

    private AppInfo() {
    }

    /** {@code Implementation-Version} of the jar, or {@code dev} when run from classes. */
    public static String version() {
        String v = AppInfo.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /**
     * The jar to put on the job command's class path for {@code {app_jar}}: the configured one, else
     * the jar this class was loaded from, else {@code target/production-manager.jar} when it exists.
     */
    public static Path jar(String configured) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        try {
            Path self = Path.of(AppInfo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(self) && self.toString().endsWith(".jar")) {
                return self.toAbsolutePath();
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through to the conventional location
        }
        Path built = Path.of("target", "production-manager.jar").toAbsolutePath();
        return Files.isRegularFile(built) ? built : null;
    }
}
