package io.productionmanager.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.productionmanager.production.Production;
import io.productionmanager.store.Event;
import io.productionmanager.store.Job;
import io.productionmanager.store.JobState;
import io.productionmanager.testsupport.Hdf5Fixtures;

/**
 * The job contract is the production file's: output names, what a valid output is, and the science
 * parameters a job gets, with payloads that are not the toy generator (bash scripts in
 * {@code src/test/resources/payloads}). Run once per executor by the subclasses.
 */
abstract class JobContractCases extends PipelineTestCase {

    /** {@code local} or {@code slurm}. */
    abstract String executor();

    /** Called before the pipeline starts (the SLURM subclass skips without a SLURM). */
    void requireExecutor() {
    }

    @Override
    void beforePipeline() throws Exception {
        requireExecutor();
    }

    @Test
    void an_hdf5_file_holding_only_x_completes_under_the_default_validation() throws Exception {
        Path fixture = Hdf5Fixtures.onlyX(root.resolve("fixtures/only_x.h5"));
        ProductionYaml prod = production("only_x").command("bash " + payload("copy_hdf5.sh") + " " + fixture + " {output}");

        String name = run(prod);
        pipeline.pollUntil(Duration.ofSeconds(120), () -> pipeline.all(name, JobState.COMPLETED));

        Production p = pipeline.open(name);
        assertThat(p.config().outputs().validation().requiredDatasets()).isEmpty();
        for (Job j : p.store().jobs()) {
            assertThat(j.attempt()).as(j.id()).isEqualTo(1);
            assertThat(j.outputPath()).as("the default file name").matches("catalogs/r000[01]/mock_z[01]\\.[05]00\\.hdf5");
            assertThat(Files.mismatch(p.output(j.outputPath()), fixture)).as("the payload's own file").isEqualTo(-1L);
        }
    }

    @Test
    void a_required_dataset_the_output_lacks_is_invalid_output_naming_it_retried_then_failed() throws Exception {
        Path fixture = Hdf5Fixtures.onlyX(root.resolve("fixtures/only_x.h5"));
        ProductionYaml prod = production("needs_y").maxRetries(1)
                .command("bash " + payload("copy_hdf5.sh") + " " + fixture + " {output}")
                .outputs("  validation:\n    required_datasets: [y]\n");

        String name = run(prod);
        pipeline.pollUntil(Duration.ofSeconds(120), () -> pipeline.jobs(name).stream()
                .allMatch(j -> j.state() == JobState.FAILED && j.nextAttemptAt() == null));

        Production p = pipeline.open(name);
        for (Job j : p.store().jobs()) {
            assertThat(j.attempt()).as("%s: the first attempt and one retry", j.id()).isEqualTo(2);
            assertThat(j.exitCode()).isZero();
            assertThat(j.failureReason()).startsWith("INVALID_OUTPUT: MISSING_DATASET")
                    .contains("required dataset 'y' is missing");
            List<Event> failures = failures(p, j);
            assertThat(failures).hasSize(2);
            assertThat(failures.get(0).reason()).contains("'y' is missing").contains("retry 1 of 1");
            assertThat(failures.get(1).reason()).contains("'y' is missing").contains("retries exhausted");
        }
    }

    @Test
    void any_format_with_a_file_name_of_its_own_completes_with_text_outputs() throws Exception {
        ProductionYaml prod = production("text").command("bash " + payload("write_text.sh") + " {output}")
                .outputs("  filename: \"cat_{redshift}.txt\"\n  validation:\n    format: any\n    min_bytes: 10\n");

        String name = run(prod);
        pipeline.pollUntil(Duration.ofSeconds(120), () -> pipeline.all(name, JobState.COMPLETED));

        Production p = pipeline.open(name);
        for (Job j : p.store().jobs()) {
            Path out = p.output(j.outputPath());
            assertThat(out.getFileName().toString()).matches("cat_[01]\\.[05]00\\.txt");
            assertThat(out.getParent().getFileName().toString()).isEqualTo(String.format("r%04d", j.realization()));
            assertThat(Files.readString(out)).contains("# job " + j.id());
        }
        try (Stream<Path> files = Files.walk(p.dir().resolve("catalogs"))) {
            assertThat(files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()))
                    .hasSize(4).allMatch(f -> f.startsWith("cat_") && f.endsWith(".txt"));
        }
    }

    @Test
    void a_check_command_failing_for_one_realization_fails_only_its_jobs_with_its_stderr() throws Exception {
        Path fixture = Hdf5Fixtures.onlyX(root.resolve("fixtures/only_x.h5"));
        ProductionYaml prod = production("checked").realizations(3).maxRetries(0)
                .command("bash " + payload("copy_hdf5.sh") + " " + fixture + " {output}")
                .outputs("  validation:\n    check_command: \"bash " + payload("check_realization.sh")
                        + " 1 {realization} {output}\"\n");

        String name = run(prod);
        pipeline.pollUntil(Duration.ofSeconds(120), () -> pipeline.jobs(name).stream()
                .allMatch(j -> j.state() == JobState.COMPLETED || j.state() == JobState.FAILED && j.nextAttemptAt() == null));

        Production p = pipeline.open(name);
        for (Job j : p.store().jobs()) {
            if (j.realization() == 1) {
                assertThat(j.state()).as(j.id()).isEqualTo(JobState.FAILED);
                assertThat(j.exitCode()).as("the job itself succeeded").isZero();
                assertThat(j.failureReason()).as(j.id())
                        .startsWith("INVALID_OUTPUT: CHECK_FAILED (check_command exit 4: ")
                        .contains("check: realization 1 has a bad catalog")
                        .contains("check: looking at " + p.output(j.outputPath()));
            } else {
                assertThat(j.state()).as(j.id() + ": " + j.failureReason()).isEqualTo(JobState.COMPLETED);
            }
        }
        assertThat(p.store().jobs()).filteredOn(j -> j.state() == JobState.FAILED).hasSize(2);
    }

    @Test
    void the_science_parameters_of_the_production_file_reach_the_job() throws Exception {
        ProductionYaml prod = production("science")
                .science("  cosmology: \"Planck 2018 (TT,TE,EE)\"\n  catalog_params:\n    magnitude_limit: 24.5\n"
                        + "    survey: \"it's $(not) `code`\"\n")
                .command("bash " + payload("write_science.sh") + " {output} {param.magnitude_limit} {cosmology}")
                .outputs("  compression: lzf\n  filename: \"science_{job_id}.txt\"\n  validation:\n    format: any\n");

        String name = run(prod);
        pipeline.pollUntil(Duration.ofSeconds(120), () -> pipeline.all(name, JobState.COMPLETED));

        Production p = pipeline.open(name);
        for (Job j : p.store().jobs()) {
            assertThat(j.outputPath()).endsWith("/science_" + j.id() + ".txt");
            assertThat(Files.readAllLines(p.output(j.outputPath()))).containsExactly(
                    "env PM_COSMOLOGY=Planck 2018 (TT,TE,EE)",
                    "env PM_CATALOG_PARAMS={\"magnitude_limit\":24.5,\"survey\":\"it's $(not) `code`\"}",
                    "env PM_COMPRESSION=lzf",
                    "arg magnitude_limit=24.5",
                    "arg cosmology=Planck 2018 (TT,TE,EE)");
        }
    }

    /** A 2 × 2 production for this executor, with tiny retry delays. */
    ProductionYaml production(String prefix) {
        return ProductionYaml.named(prefix).executor(executor()).redshifts(0.5, 1.0).realizations(2).batchSize(10);
    }

    private String run(ProductionYaml prod) {
        pipeline.write(prod);
        pipeline.init(prod.name());
        assertThat(pipeline.submit(prod.name()).hasErrors()).isFalse();
        return prod.name();
    }

    static Path payload(String name) throws URISyntaxException {
        return Path.of(JobContractCases.class.getResource("/payloads/" + name).toURI());
    }

    private static List<Event> failures(Production p, Job j) {
        return p.store().events(j.id()).stream().filter(e -> "FAILED".equals(e.toState())).toList();
    }
}
