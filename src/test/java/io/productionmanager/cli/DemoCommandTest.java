package io.productionmanager.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.productionmanager.testsupport.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.productionmanager.production.Production;
import io.productionmanager.production.Workspace;
import io.productionmanager.qa.OutputValidator;
import io.productionmanager.qa.ValidationResult;
import io.productionmanager.store.Job;
import io.productionmanager.store.JobState;

/**
 * {@code demo} end to end in this process: a real production on the local executor whose jobs run the toy
 * generator in child JVMs (from the compiled classes, there is no jar under {@code mvn test}), with retries,
 * every output a valid HDF5 catalog, and the QA report written.
 */
class DemoCommandTest {

    @TempDir
    Path tmp;

    @Test
    void demo_runs_every_job_to_completion_with_valid_catalogs_and_a_report() {
        Path dir = tmp.resolve("demo");

        CliRun run = CliRun.run("demo", "--dir", dir.toString(), "--realizations", "4", "--redshifts", "0.5,1.0");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("init:   8 jobs, tag production/demo_v1.0_")
                .contains("done in").contains(": 8 of 8 jobs COMPLETED, 0 FAILED");
        // output that is not a terminal gets plain progress lines in the one bar style, never a carriage return
        assertThat(run.out()).doesNotContain("\r", "\033").containsPattern("(?m)^demo \\[[#-]{40}\\] +\\d+\\.\\d%  \\d+/8 completed");
        try (Workspace ws = new Workspace(dir.resolve("config"), "local", Clock.systemUTC())) {
            Production p = ws.open("demo");
            List<Job> jobs = p.store().jobs(JobState.values());
            assertThat(jobs).hasSize(8).allSatisfy(j -> assertThat(j.state()).isEqualTo(JobState.COMPLETED));
            // every 4th realization fails its first attempt on purpose: r0000 was retried
            assertThat(jobs).filteredOn(j -> j.realization() == 0).allSatisfy(j -> assertThat(j.attempt()).isEqualTo(2));
            OutputValidator validator = new OutputValidator(p.config().outputs().validation());
            assertThat(validator.requiredDatasets()).as("the toy's production declares its datasets")
                    .containsExactly("x", "y", "z", "magnitude");
            for (Job j : jobs) {
                ValidationResult r = validator.validate(p.output(j.outputPath()));
                assertThat(r.valid()).as(j.id() + ": " + r.message()).isTrue();
                assertThat(r.rows()).as(j.id()).isPositive();
            }
            assertThat(validator.requiredDatasets()).containsExactly("x", "y", "z", "magnitude");
            Path qa = p.dir().resolve("qa");
            assertThat(qa.resolve("index.html")).isNotEmptyFile();
            for (String png : List.of("jobs_per_state_over_time.png", "runtime_by_redshift.png", "failures_by_reason.png")) {
                Path file = qa.resolve("summary_plots").resolve(png);
                assertThat(file).isNotEmptyFile();
                assertThat(isPng(file)).as(png).isTrue();
            }
        }
    }

    @Test
    void an_existing_folder_is_refused() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("taken"));

        CliRun run = CliRun.run("demo", "--dir", dir.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(run.err()).contains(dir + " already exists");
        assertThat(dir).isEmptyDirectory();
    }

    private static boolean isPng(Path file) {
        try {
            byte[] head = Files.readAllBytes(file);
            return head.length > 8 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G';
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
