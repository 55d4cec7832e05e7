package io.productionmanager.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.productionmanager.catalog.CatalogReader;

/**
 * The command line in real processes started from other working folders: a production is found through the
 * workspace catalog wherever a command runs, a name is initialized once, a flag beats the environment, and
 * productions initialized before the catalog existed are registered on first use.
 */
class CatalogAcrossProcessesTest {

    @TempDir
    Path tmp;

    private Path project;
    private Path config;
    private Path launcher;
    private final List<Process> started = new ArrayList<>();

    record Run(int exitCode, String out, String err) {
    }

    @BeforeEach
    void project() throws IOException {
        project = Files.createDirectories(tmp.resolve("proj")).toRealPath();
        config = project.resolve("config");
        Path source = Path.of(System.getProperty("pm.project.dir", ".")).toAbsolutePath().normalize().resolve("config");
        for (String sub : List.of("defaults", "schemas", "templates")) {
            Pipeline.copyTree(source.resolve(sub), config.resolve(sub));
        }
        // outputs.base_path left at its default, the relative ./productions
        write("rel", """
                production: {name: rel}
                science: {redshifts: [0.5, 1.0], realizations: {count: 2}}
                execution: {executor: local, command: "true", auto_submit: false}
                """);
        launcher = TestClasspath.launcherJar(tmp.resolve("launcher"));
    }

    @AfterEach
    void nothing_left_running() {
        for (Process p : started) {
            assertThat(p.isAlive()).as("process %d ended", p.pid()).isFalse();
        }
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            assertThat(all.filter(h -> h.info().commandLine().orElse("").contains(tmp.toString())).map(ProcessHandle::pid))
                    .as("no process started from this test's folders is left").isEmpty();
        }
    }

    @Test
    void a_production_is_found_from_any_folder_and_initialized_once() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path b = Files.createDirectories(tmp.resolve("b"));

        Run init = run(a, Map.of(), "--config-dir", config.toString(), "init", "rel", "--no-git");
        assertThat(init.exitCode()).as(init.err()).isZero();
        Path dir = project.resolve("productions/rel");
        assertThat(init.out()).contains("in " + dir);
        assertThat(a.resolve("productions")).as("a relative base_path is not the working folder's").doesNotExist();

        Run status = run(b, Map.of(), "--config-dir", config.toString(), "status", "rel");
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).contains("path:       " + dir).contains("intent:     stage only");

        Run again = run(b, Map.of(), "--config-dir", config.toString(), "init", "rel", "--no-git");
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("production 'rel' is already initialized at " + dir);
        try (Stream<Path> files = Files.list(b)) {
            assertThat(files).as("nothing created in the other folder").isEmpty();
        }
        assertThat(new CatalogReader(project.resolve(".pm/catalog.db")).entries()).singleElement()
                .satisfies(e -> assertThat(e.dir()).isEqualTo(dir));

        // the production file edited into nonsense, then removed: the production is still found by name
        write("rel", "production: {name: [not, valid]}\n");
        assertThat(run(b, Map.of(), "--config-dir", config.toString(), "status", "rel").exitCode()).isZero();
        Files.delete(config.resolve("productions/rel.yaml"));
        Run afterRemoval = run(b, Map.of(), "--config-dir", config.toString(), "stage", "rel");
        assertThat(afterRemoval.exitCode()).as(afterRemoval.err()).isZero();
        assertThat(dir.resolve("logs/batch_0000/batch_0000.sh")).isRegularFile();

        // with only the catalog named (environment), from a folder without any configuration
        Run byCatalog = run(b, Map.of("PM_CATALOG", project.resolve(".pm/catalog.db").toString()), "list");
        assertThat(byCatalog.exitCode()).as(byCatalog.err()).isZero();
        assertThat(byCatalog.out()).contains("rel                  -> " + dir + "  [local, intent: stage only, 4 jobs: 4 PENDING]");
    }

    @Test
    void the_machine_flag_beats_the_environment_and_a_different_machine_is_refused() throws Exception {
        write("site", """
                production: {name: site}
                science: {redshifts: [0.5], realizations: {count: 2}}
                execution: {command: "true"}
                """);
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));

        Run init = run(elsewhere, Map.of("PM_MACHINE", "local"), "--config-dir", config.toString(), "--machine", "nersc",
                "init", "site", "--no-git");
        assertThat(init.exitCode()).as(init.err()).isZero();
        String resolved = Files.readString(project.resolve("productions/site/metadata/production_config.yaml"));
        assertThat(resolved).contains("machine: nersc").contains("account: m4943").doesNotContain("partition: debug");
        assertThat(new CatalogReader(project.resolve(".pm/catalog.db")).find("site")).hasValueSatisfying(e ->
                assertThat(e.machine()).isEqualTo("nersc"));

        Run fromEnv = run(elsewhere, Map.of("PM_MACHINE", "local"), "--config-dir", config.toString(), "status", "site");
        assertThat(fromEnv.exitCode()).isEqualTo(2);
        assertThat(fromEnv.err()).contains("initialized for machine 'nersc', not 'local'");

        Run flagAfter = run(elsewhere, Map.of("PM_MACHINE", "local"), "--config-dir", config.toString(), "status", "site",
                "--machine", "nersc");
        assertThat(flagAfter.exitCode()).as(flagAfter.err()).isZero();
        Run none = run(elsewhere, Map.of(), "--config-dir", config.toString(), "status", "site");
        assertThat(none.exitCode()).as("no machine asked for: the recorded one").isZero();

        Run validate = run(elsewhere, Map.of("PM_MACHINE", "nersc"), "--config-dir", config.toString(), "validate", "rel");
        assertThat(validate.out()).as("the environment beats the default").contains("machine nersc");
    }

    @Test
    void a_production_initialized_before_the_catalog_is_registered_on_first_use() throws Exception {
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        assertThat(run(elsewhere, Map.of(), "--config-dir", config.toString(), "init", "rel", "--no-git").exitCode()).isZero();
        // what an older version left: a job store without the catalog's marker, and no catalog
        Path db = project.resolve("productions/rel/metadata/production.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM meta WHERE key = 'registered_in'");
        }
        for (String f : List.of("catalog.db", "catalog.db-wal", "catalog.db-shm")) {
            Files.deleteIfExists(project.resolve(".pm").resolve(f));
        }

        Run listed = run(elsewhere, Map.of(), "--config-dir", config.toString(), "list");
        assertThat(listed.out()).contains("rel                  -> config/productions/rel.yaml  [initialized at "
                + project.resolve("productions/rel") + ", not registered yet");
        Run status = run(elsewhere, Map.of(), "--config-dir", config.toString(), "status", "rel");
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).contains("intent:     not registered");

        Run stage = run(elsewhere, Map.of(), "--config-dir", config.toString(), "stage", "rel");
        assertThat(stage.exitCode()).as(stage.err()).isZero();
        assertThat(new CatalogReader(project.resolve(".pm/catalog.db")).find("rel")).hasValueSatisfying(e -> {
            assertThat(e.dir()).isEqualTo(project.resolve("productions/rel"));
            assertThat(e.intent()).as("never submitted: stage only").isEqualTo("stage only");
        });
        assertThat(run(elsewhere, Map.of(), "--config-dir", config.toString(), "list").out())
                .contains("rel                  -> " + project.resolve("productions/rel") + "  [local, intent: stage only");
    }

    private Run run(Path cwd, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(TestClasspath.java().toString(), "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-cp", launcher.toString(), "io.productionmanager.cli.Main"));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("PM_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        started.add(p);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("did not end within 120 s: " + cmd);
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private void write(String name, String yaml) throws IOException {
        Files.createDirectories(config.resolve("productions"));
        Files.writeString(config.resolve("productions").resolve(name + ".yaml"), yaml);
    }
}
