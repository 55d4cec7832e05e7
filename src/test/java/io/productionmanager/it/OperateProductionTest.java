package io.productionmanager.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.productionmanager.testsupport.CliRun;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.productionmanager.production.Production;
import io.productionmanager.app.TestWorkspace;
import io.productionmanager.mock.CatalogWriter;
import io.productionmanager.mock.MockCatalog;
import io.productionmanager.store.Attempt;
import io.productionmanager.store.Event;
import io.productionmanager.store.Job;
import io.productionmanager.store.JobState;

/**
 * Operating a production that ran a payload which is not ours (a few lines of bash, one realization failing
 * once): {@code logs} of any attempt, {@code rerun} of a COMPLETED job, {@code cleanup} with and without
 * {@code --dry-run}; on the local executor, through the real routes and the command line.
 */
class OperateProductionTest {

    @TempDir
    Path root;

    private Pipeline pipeline;
    private String name;

    @BeforeEach
    void start() throws Exception {
        pipeline = Pipeline.start(root);
        Path payload = root.resolve("noisy.sh");
        try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream("/payloads/noisy.sh"))) {
            Files.copy(in, payload, StandardCopyOption.REPLACE_EXISTING);
        }
        Path catalog = root.resolve("valid.hdf5");
        CatalogWriter.write(MockCatalog.draw(0, 0.5, 1, 10), catalog);
        name = "ops_" + Long.toHexString(System.nanoTime());
        Files.writeString(pipeline.configDir().resolve("productions").resolve(name + ".yaml"), """
                production:
                  name: "%s"
                  version: "v1.0"
                science:
                  redshifts: [0.5, 1.0]
                  realizations: {start: 0, count: 3}
                execution:
                  executor: local
                  batch_size: 4
                  timeout_hours: 0.25
                  command: "bash %s {realization} {output} %s"
                  retry_policy: {max_retries: 2, initial_delay_minutes: 0.001, backoff_multiplier: 1.0}
                outputs:
                  base_path: "%s"
                  cleanup_policy: {keep_logs_days: 0, keep_intermediate: false, archive_completed: true}
                """.formatted(name, payload, catalog, pipeline.baseDir()));
        pipeline.init(name);
        assertThat(pipeline.submit(name).hasErrors()).isFalse();
        pipeline.pollUntil(Duration.ofSeconds(120), () -> pipeline.all(name, JobState.COMPLETED));
    }

    @AfterEach
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    private CliRun cli(String... args) {
        List<String> all = new ArrayList<>(List.of("--config-dir", pipeline.configDir().toString(),
                "--state-dir", pipeline.stateDir().toString()));
        all.addAll(List.of(args));
        return CliRun.run(all.toArray(String[]::new));
    }

    @Test
    void logs_shows_the_failed_first_attempt_and_the_latest_one_with_a_header() {
        Production p = pipeline.open(name);
        Job retried = p.store().find("r0001_z0.500").orElseThrow();
        assertThat(retried.attempt()).isEqualTo(2);
        List<Attempt> history = p.store().attempts(retried.id());
        assertThat(history).extracting(Attempt::attempt, Attempt::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, JobState.FAILED),
                        org.assertj.core.groups.Tuple.tuple(2, JobState.COMPLETED));
        assertThat(history.get(0).batchId()).isNotEqualTo(history.get(1).batchId());

        CliRun first = cli("logs", name, "r0001_z0.500", "--attempt", "1");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("# job r0001_z0.500  attempt 1 (run 1 of 2)  FAILED  reason: exit 3")
                .containsPattern("# batch batch_\\d{4}  array task \\d+  scheduler id \\d+_\\d+  started ")
                .contains("r1: simulated failure").contains("stderr of r1 attempt 1");

        CliRun latest = cli("logs", name, "r0001_z0.500", "--stdout", "--tail", "1");
        assertThat(latest.exitCode()).as(latest.err()).isZero();
        assertThat(latest.out()).contains("attempt 2 (run 2 of 2)  COMPLETED").contains("# stdout ")
                .contains("stdout of r1 attempt 2").doesNotContain("attempt 1\n");
    }

    @Test
    void logs_refuses_unknown_jobs_and_attempts_with_exit_2() {
        CliRun unknown = cli("logs", name, "r0099_z0.500");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("No job 'r0099_z0.500'");
        CliRun attempt = cli("logs", name, "r0000_z0.500", "--attempt", "5");
        assertThat(attempt.exitCode()).isEqualTo(2);
        assertThat(attempt.err()).contains("has no attempt 5").contains("attempts 1");
        assertThat(cli("logs", name, "r0000_z0.500", "--tail", "0").exitCode()).isEqualTo(2);
    }

    @Test
    void rerun_moves_the_output_aside_and_runs_a_completed_job_again() {
        Production p = pipeline.open(name);
        Job before = p.store().find("r0002_z1.000").orElseThrow();
        Path output = p.output(before.outputPath());
        assertThat(output).exists();

        CliRun pending = cli("rerun", name, "--job", "r0002_z1.000");
        assertThat(pending.exitCode()).as(pending.err()).isZero();
        assertThat(pending.out()).contains("1 jobs back to PENDING in 1 new batches; 1 earlier outputs moved");

        Job after = p.store().find("r0002_z1.000").orElseThrow();
        assertThat(after.state()).isEqualTo(JobState.PENDING);
        assertThat(after.attempt()).isEqualTo(2);
        assertThat(output).doesNotExist();
        assertThat(p.dir().resolve("archive/rerun/attempt_1").resolve(p.dir().relativize(output))).exists();
        assertThat(p.store().events("r0002_z1.000")).extracting(Event::reason)
                .anyMatch(r -> r != null && r.startsWith("rerun requested by ") && r.contains("(rerun command)"));

        CliRun again = cli("rerun", name, "--job", "r0002_z1.000");
        assertThat(again.exitCode()).as("a PENDING job cannot be rerun").isEqualTo(2);
        assertThat(again.err()).contains("job r0002_z1.000 is PENDING");
        assertThat(cli("rerun", name).exitCode()).as("nothing named").isEqualTo(2);
        assertThat(cli("rerun", name, "--job", "r0042_z0.500").exitCode()).isEqualTo(2);

        assertThat(pipeline.submit(name).hasErrors()).isFalse();
        pipeline.pollUntil(Duration.ofSeconds(60), () -> pipeline.all(name, JobState.COMPLETED));
        assertThat(output).exists();
        assertThat(p.store().find("r0002_z1.000").orElseThrow().attempt()).isEqualTo(2);
    }

    @Test
    void cleanup_dry_run_changes_nothing_and_cleanup_archives_before_it_removes() throws IOException {
        Production p = pipeline.open(name);
        var before = TestWorkspace.snapshot(p.dir());

        CliRun dry = cli("cleanup", name, "--dry-run");
        assertThat(dry.exitCode()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("keep_logs_days=0").contains("logs expired").contains("dry run: nothing was changed");
        assertThat(TestWorkspace.snapshot(p.dir())).isEqualTo(before);

        List<Path> catalogs = files(p.dir().resolve("catalogs"));
        CliRun real = cli("cleanup", name);
        assertThat(real.exitCode()).as(real.err()).isZero();
        assertThat(real.out()).contains("archived to ").contains("removed ");
        assertThat(files(p.dir().resolve("catalogs"))).as("catalogs untouched").isEqualTo(catalogs);
        assertThat(p.dir().resolve("metadata/production.db")).exists();
        assertThat(files(p.dir().resolve("logs"))).as("every log of a finished batch removed").isEmpty();
        List<Path> archives = files(p.dir().resolve("archive")).stream()
                .filter(f -> f.getFileName().toString().matches("logs_\\d{8}_\\d{6}\\.tar\\.gz")).toList();
        assertThat(archives).hasSize(1);
        List<String> entries = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(
                Files.newInputStream(archives.get(0))))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                entries.add(e.getName());
            }
        }
        assertThat(entries).anyMatch(e -> e.startsWith("logs/") && e.endsWith(".err"))
                .anyMatch(e -> e.endsWith(".sh")).noneMatch(e -> e.startsWith("catalogs/"));

        CliRun gone = cli("logs", name, "r0001_z0.500");
        assertThat(gone.exitCode()).isZero();
        assertThat(gone.out()).contains("(no such file");
        assertThat(cli("cleanup", name).out()).contains("nothing to clean up");
    }

    private static List<Path> files(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
