package io.productionmanager.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.productionmanager.config.ConfigFixtures;

/**
 * bin/production-manager makes its class-data archive on the first short command and uses it afterwards, and
 * a broken archive only costs speed: the command still runs and prints the same. The launcher runs as its own
 * process from another working folder, on a jar of the compiled classes that names the dependencies on its
 * class path (what {@code mvn test} has; the packaged jar holds the same classes).
 */
class LauncherArchiveTest {

    @TempDir
    Path tmp;

    /** A checkout of its own: the launcher and the application jar. */
    private Path home() throws IOException, java.net.URISyntaxException {
        Path home = tmp.resolve("pm");
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("target"));
        Files.copy(ConfigFixtures.projectDir().resolve("bin/production-manager"), home.resolve("bin/production-manager"));
        applicationJar(home.resolve("target/production-manager.jar"));
        return home;
    }

    @Test
    void a_dump_that_fails_is_not_tried_again_until_the_jar_changes() throws Exception {
        Path home = home();
        Path config = ConfigFixtures.copyOfProjectConfig(tmp.resolve("work"));
        Path archive = tmp.resolve("cache/pm.jsa");
        // a java that runs commands but cannot dump an archive, and logs every call
        Path fakeBin = tmp.resolve("fake-bin");
        Files.createDirectories(fakeBin);
        Path calls = tmp.resolve("java-calls.txt");
        Path javaCommand = fakeBin.resolve("java");
        Files.writeString(javaCommand, "#!/usr/bin/env bash\n"
                + "echo \"$*\" >> '" + calls + "'\n"
                + "for a in \"$@\"; do [[ \"$a\" == -Xshare:dump ]] && { echo 'no sharing here' >&2; exit 1; }; done\n"
                + "exec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' \"$@\"\n");
        assertThat(javaCommand.toFile().setExecutable(true)).isTrue();
        String path = "PATH=" + fakeBin + java.io.File.pathSeparator + System.getenv("PATH");

        Run plain = launch(home, config, archive, "PM_CDS=0");
        Run first = launch(home, config, archive, path);
        assertThat(first.code).isZero();
        assertThat(first.out).as("the dump's failure is not the command's").isEqualTo(plain.out);
        assertThat(archive).doesNotExist();
        assertThat(Path.of(archive + ".failed")).isRegularFile();
        assertThat(dumps(calls)).isEqualTo(1);

        Run second = launch(home, config, archive, path);
        assertThat(second.out).isEqualTo(plain.out);
        assertThat(dumps(calls)).as("not tried again for the same jar").isEqualTo(1);

        Files.setLastModifiedTime(home.resolve("target/production-manager.jar"), FileTime.from(Instant.now().plusSeconds(120)));
        Run rebuilt = launch(home, config, archive, path);
        assertThat(rebuilt.out).isEqualTo(plain.out);
        assertThat(dumps(calls)).as("a new jar is tried again").isEqualTo(2);
        try (Stream<Path> left = Files.list(archive.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no temporary files left")
                    .containsExactly("pm.jsa.failed");
        }
    }

    private static long dumps(Path calls) throws IOException {
        return Files.readAllLines(calls).stream().filter(l -> l.contains("-Xshare:dump")).count();
    }

    @Test
    void the_archive_is_made_once_used_after_and_a_broken_one_is_ignored() throws Exception {
        Path home = home();
        Path config = ConfigFixtures.copyOfProjectConfig(tmp.resolve("work"));
        Path archive = tmp.resolve("cache/pm.jsa");

        Run first = launch(home, config, archive);
        assertThat(first.code).as(first.out).isZero();
        assertThat(archive).as("made by the first command").isRegularFile();
        Path readOnly = tmp.resolve("cache/pm-read-only.jsa");
        assertThat(readOnly).as("and the read-only commands' own, smaller one").isRegularFile();
        assertThat(Files.size(readOnly)).isLessThan(Files.size(archive));
        assertThat(first.out).doesNotContain("[cds]").doesNotContain("warning");

        Run second = launch(home, config, archive);
        assertThat(second.code).isZero();
        assertThat(second.out).isEqualTo(first.out);

        // list maps the read-only archive, which holds the application's classes and picocli's (too old for a
        // dynamic archive)
        Path loaded = tmp.resolve("loaded.txt");
        Run logged = launch(home, config, archive,
                "PM_JAVA_OPTS=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xlog:class+load=info:file=" + loaded
                        + " -Xlog:cds=info:file=" + tmp.resolve("cds.txt"));
        assertThat(logged.out).isEqualTo(first.out);
        assertThat(Files.readString(tmp.resolve("cds.txt"))).contains(readOnly.toString());
        assertThat(Files.readString(loaded))
                .contains("io.productionmanager.cli.Main source: shared objects file")
                .contains("io.productionmanager.cli.QuickCommands source: shared objects file")
                .contains("io.productionmanager.store.SqliteNative$SetUp source: shared objects file")
                .contains("io.productionmanager.config.ParsedYamlCache source: shared objects file")
                .as("list in its everyday form builds no picocli model").doesNotContain("picocli.CommandLine source");
        // a command parsed by picocli finds it in the archive too
        Path loadedHelp = tmp.resolve("loaded-help.txt");
        Run help = launch(home, config, archive, List.of("list", "--help"),
                "PM_JAVA_OPTS=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xlog:class+load=info:file=" + loadedHelp);
        assertThat(help.code).isZero();
        assertThat(help.out).contains("Usage:");
        assertThat(Files.readString(loadedHelp)).contains("picocli.CommandLine source: shared objects file");

        // a damaged archive, newer than the jar: the JVM refuses it quietly and the command runs as before
        for (Path damaged : List.of(readOnly, archive)) {
            Files.writeString(damaged, "not an archive", StandardCharsets.UTF_8);
            Files.setLastModifiedTime(damaged, FileTime.from(Instant.now().plusSeconds(60)));
            Run broken = launch(home, config, archive);
            assertThat(broken.code).isZero();
            assertThat(broken.out).isEqualTo(first.out);
        }

        // turned off: no archive is read or written
        Files.delete(archive);
        Files.delete(readOnly);
        Run off = launch(home, config, archive, "PM_CDS=0");
        assertThat(off.code).isZero();
        assertThat(off.out).isEqualTo(first.out);
        assertThat(archive).doesNotExist();
        assertThat(readOnly).doesNotExist();
    }

    private record Run(int code, String out) {
    }

    /**
     * The jars of this test's class path, also those a manifest-only jar (surefire's booter) names; not the
     * folders of compiled classes.
     */
    private static java.util.Set<Path> dependencyJars() throws IOException {
        java.util.Set<Path> jars = new java.util.LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry).toAbsolutePath();
            if (!entry.endsWith(".jar") || !Files.isRegularFile(p)) {
                continue;
            }
            try (java.util.jar.JarFile jf = new java.util.jar.JarFile(p.toFile())) {
                Manifest m = jf.getManifest();
                String named = m == null ? null : m.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
                if (named == null || named.isBlank()) {
                    jars.add(p);
                } else {
                    // a manifest-only jar: its entries instead (it also names folders, which would end sharing)
                    for (String url : named.trim().split("\\s+")) {
                        Path dep = Path.of(p.toUri().resolve(url));
                        if (dep.toString().endsWith(".jar") && Files.isRegularFile(dep)) {
                            jars.add(dep);
                        }
                    }
                }
            }
        }
        return jars;
    }

    /**
     * The compiled classes ({@code target/classes}) in {@code jar}, whose manifest names the main class and the
     * dependency jars of this test's class path: class-data sharing needs jars, not folders.
     */
    private static void applicationJar(Path jar) throws IOException, java.net.URISyntaxException {
        Path classes = ConfigFixtures.projectDir().resolve("target/classes");
        assumeTrue(Files.isRegularFile(classes.resolve("io/productionmanager/cli/Main.class")), "needs compiled classes");
        StringBuilder classPath = new StringBuilder();
        for (Path p : dependencyJars()) {
            // relative to the jar's folder: the JVM's class-data sharing resolves every entry that way
            String relative = jar.toAbsolutePath().getParent().relativize(p).toString().replace(java.io.File.separatorChar, '/');
            classPath.append(classPath.length() == 0 ? "" : " ").append(new java.net.URI(null, null, relative, null).getRawPath());
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "io.productionmanager.cli.Main");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath.toString());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
    }

    private Run launch(Path home, Path config, Path archive, String... env) throws IOException, InterruptedException {
        return launch(home, config, archive, List.of("list"), env);
    }

    private Run launch(Path home, Path config, Path archive, List<String> args, String... env)
            throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("bash", home.resolve("bin/production-manager").toString(),
                "--config-dir", config.toString()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.directory(tmp.toFile());
        pb.environment().put("PM_CDS_ARCHIVE", archive.toString());
        pb.environment().remove("PM_JAVA_OPTS");
        for (String e : env) {
            int eq = e.indexOf('=');
            pb.environment().put(e.substring(0, eq), e.substring(eq + 1));
        }
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }
}
