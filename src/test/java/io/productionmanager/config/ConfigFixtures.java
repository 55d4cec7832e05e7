package io.productionmanager.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Builds throw-away config directories for tests, from the project's own config/ where asked. */
public final class ConfigFixtures {

    private ConfigFixtures() {
    }

    /** The project's root directory (set by surefire; the working directory otherwise). */
    public static Path projectDir() {
        return Path.of(System.getProperty("pm.project.dir", ".")).toAbsolutePath().normalize();
    }

    /** {@code root/config} holding copies of the project's schemas, machine defaults and productions. */
    public static Path copyOfProjectConfig(Path root) {
        Path config = root.resolve("config");
        for (String sub : new String[] {"schemas", "defaults", "productions", "examples"}) {
            copyDir(projectDir().resolve("config").resolve(sub), config.resolve(sub));
        }
        return config;
    }

    public static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyDir(Path from, Path to) {
        try (Stream<Path> files = Files.list(from)) {
            Files.createDirectories(to);
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
