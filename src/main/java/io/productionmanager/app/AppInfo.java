package io.productionmanager.app;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

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
     * The jar to put on the job command's class path for {@code {app_jar}}: the configured one, else the jar
     * this class was loaded from, else (running from compiled classes, e.g. under {@code mvn test}) a small
     * class-path jar whose manifest lists this process's class path, so {@code java -cp <it>} loads the same
     * classes; null when none can be made.
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
            // no code source: fall through to the class path
        }
        try {
            return classPathJar(System.getProperty("java.class.path", ""),
                    Path.of(System.getProperty("java.io.tmpdir")));
        } catch (UncheckedIOException e) {
            return null;
        }
    }

    /**
     * A manifest-only jar in {@code dir} whose {@code Class-Path} holds every entry of {@code classPath}; its name
     * carries a hash of the class path, so it is written once and shared by the processes that use the same one.
     */
    static Path classPathJar(String classPath, Path dir) {
        List<String> urls = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                // a URI ends in '/' for a folder, which the class loader needs to treat it as one
                urls.add(Path.of(entry).toAbsolutePath().normalize().toUri().toString());
            }
        }
        if (urls.isEmpty()) {
            return null;
        }
        String joined = String.join(" ", urls);
        Path jar = dir.resolve("production-manager-classpath-" + sha256(joined).substring(0, 16) + ".jar");
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, joined);
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "production-manager-classpath", ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream j = new JarOutputStream(out, manifest)) {
                j.flush();
            }
            // another process may have written the same jar meanwhile: same content, either one wins
            Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            // every Java platform provides SHA-256
            throw new IllegalStateException(e);
        }
    }
}
