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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.productionmanager.config.ConfigFixtures;

/**
 * bin/production-manager makes its class-data archive on the first short command and uses it afterwards, and
 * a broken archive only costs speed: the command still runs and prints the same. The launcher runs as its own
 * process from another working folder, on a copy of the built jar (skipped when the jar was not built).
 */
class LauncherArchiveTest {

    @TempDir
    Path tmp;

    @Test
    void the_archive_is_made_once_used_after_and_a_broken_one_is_ignored() throws Exception {
        Path builtJar = ConfigFixtures.projectDir().resolve("target/production-manager.jar");
        assumeTrue(Files.isRegularFile(builtJar), "needs the packaged jar (mvn package)");
        Path home = tmp.resolve("pm");
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("target"));
        Files.copy(ConfigFixtures.projectDir().resolve("bin/production-manager"), home.resolve("bin/production-manager"));
        Files.copy(builtJar, home.resolve("target/production-manager.jar"));
        Path config = ConfigFixtures.copyOfProjectConfig(tmp.resolve("work"));
        Path archive = tmp.resolve("cache/pm.jsa");

        Run first = launch(home, config, archive);
        assertThat(first.code).as(first.out).isZero();
        assertThat(archive).as("made by the first command").isRegularFile();
        assertThat(first.out).doesNotContain("[cds]").doesNotContain("warning");

        Run second = launch(home, config, archive);
        assertThat(second.code).isZero();
        assertThat(second.out).isEqualTo(first.out);

        // a damaged archive, newer than the jar: the JVM refuses it quietly and the command runs as before
        Files.writeString(archive, "not an archive", StandardCharsets.UTF_8);
        Files.setLastModifiedTime(archive, FileTime.from(Instant.now().plusSeconds(60)));
        Run broken = launch(home, config, archive);
        assertThat(broken.code).isZero();
        assertThat(broken.out).isEqualTo(first.out);

        // turned off: no archive is read or written
        Files.delete(archive);
        Run off = launch(home, config, archive, "PM_CDS=0");
        assertThat(off.code).isZero();
        assertThat(off.out).isEqualTo(first.out);
        assertThat(archive).doesNotExist();
    }

    private record Run(int code, String out) {
    }

    private Run launch(Path home, Path config, Path archive, String... env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of("bash", home.resolve("bin/production-manager").toString(),
                "--config-dir", config.toString(), "list"));
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
