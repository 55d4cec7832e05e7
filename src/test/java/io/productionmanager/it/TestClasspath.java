package io.productionmanager.it;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The test JVM's class path as a launcher jar (a manifest {@code Class-Path} and nothing else), so that
 * job commands ({@code java -cp {app_jar} ...}) and child JVMs run the classes under test without a
 * packaged jar: surefire runs in the {@code test} phase, before {@code package}.
 */
final class TestClasspath {

    private TestClasspath() {
    }

    /** The entries of {@code java.class.path} (surefire sets it to the test class path in its fork). */
    static List<Path> entries() {
        List<Path> out = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!e.isBlank()) {
                out.add(Path.of(e).toAbsolutePath().normalize());
            }
        }
        boolean hasClasses = out.stream().anyMatch(p -> Files.isDirectory(p.resolve("io/productionmanager/mock")));
        if (!hasClasses && out.stream().noneMatch(p -> p.toString().endsWith(".jar") && p.getFileName().toString().startsWith("production-manager"))) {
            throw new IllegalStateException("java.class.path holds neither target/classes nor the application jar: "
                    + out + "; run the tests with `mvn test`");
        }
        return out;
    }

    /** Writes {@code dir/pm-classpath.jar} whose manifest lists every class path entry; returns its path. */
    static Path launcherJar(Path dir) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        StringBuilder cp = new StringBuilder();
        for (Path p : entries()) {
            if (!Files.exists(p)) {
                continue;
            }
            // absolute file: URLs; directories end in "/" (toUri adds it for existing directories)
            cp.append(cp.isEmpty() ? "" : " ").append(p.toUri());
        }
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, cp.toString());
        Path jar = dir.resolve("pm-classpath.jar");
        Files.createDirectories(dir);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
            j.flush();
        }
        return jar;
    }

    /** The {@code java} launcher of the running JVM. */
    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}
