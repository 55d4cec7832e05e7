package io.productionmanager.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.productionmanager.testsupport.CliRun;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.productionmanager.app.TestWorkspace;
import io.productionmanager.production.Workspace;
import io.productionmanager.init.InitRequest;
import io.productionmanager.store.Job;
import io.productionmanager.store.JobState;
import io.productionmanager.store.JobStore;
import io.productionmanager.store.JobUpdate;

/** {@code status}: counts per state as text, details with --verbose, a stable JSON form, exit 2 for unknown productions. */
class StatusCommandTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private TestWorkspace project;
    private String tag;

    @BeforeEach
    void setUp() {
        project = TestWorkspace.inGitRepo(tmp);
        project.writeProduction("small", 3, 0.5, 1.0);
        project.writeProduction("later", 2, 0.5);
        project.commitAll("Add productions");
        try (Workspace ws = project.workspace(CLOCK)) {
            tag = project.initService(ws, CLOCK, s -> { }).init(InitRequest.of("small")).tag();
            JobStore store = ws.open("small").store();
            // r0000: both complete; r0001_z0.500 failed for good, r0001_z1.000 failed with a retry planned;
            // r0002_z0.500 running; r0002_z1.000 still pending
            List<JobUpdate> queued = new ArrayList<>();
            for (Job j : store.jobs(JobState.PENDING)) {
                if (!j.id().equals("r0002_z1.000")) {
                    queued.add(JobUpdate.of(j, JobState.QUEUED));
                }
            }
            store.apply(queued);
            List<JobUpdate> outcomes = new ArrayList<>();
            for (Job j : store.jobs(JobState.QUEUED)) {
                outcomes.add(switch (j.id()) {
                    case "r0001_z0.500" -> JobUpdate.of(j, JobState.FAILED).withExitCode(3)
                            .withFailureReason("EXIT_CODE 3 (permanent)");
                    case "r0001_z1.000" -> JobUpdate.of(j, JobState.FAILED).withFailureReason("TIMEOUT")
                            .withNextAttemptAt(Instant.parse("2026-01-01T00:10:00Z"));
                    case "r0002_z0.500" -> JobUpdate.of(j, JobState.RUNNING);
                    default -> JobUpdate.of(j, JobState.COMPLETED);
                });
            }
            store.apply(outcomes);
        }
    }

    @AfterEach
    void tearDown() {
        project.close();
    }

    private CliRun status(String... args) {
        List<String> all = new ArrayList<>(List.of("--config-dir", project.configDir.toString(), "status"));
        all.addAll(List.of(args));
        return CliRun.run(all.toArray(String[]::new));
    }

    @Test
    void text_shows_path_tag_and_counts_per_state() {
        CliRun run = status("small");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("production: small v1.0")
                .contains("path:       " + project.basePath().resolve("small"))
                .contains("tag:        " + tag)
                .contains("jobs:       6")
                .containsPattern("PENDING +1\\b")
                .containsPattern("RUNNING +1\\b")
                .containsPattern("COMPLETED +2\\b")
                .containsPattern("FAILED +2\\b")
                .contains("success rate: 50.0% (completed / (completed + failed + cancelled))")
                .doesNotContain("realizations:");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void verbose_adds_progress_per_realization_and_failed_jobs_with_reasons() {
        CliRun run = status("small", "--verbose");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("realizations: 1 of 3 complete")
                .containsPattern("r0001 +0/2")
                .containsPattern("r0002 +0/2")
                .contains("failed jobs (2):")
                .containsPattern("r0001_z0.500 +attempt 1 +EXIT_CODE 3 \\(permanent\\) +\\(not retried\\)")
                .containsPattern("r0001_z1.000 +attempt 1 +TIMEOUT +\\(retry at 2026-01-01T00:10:00Z\\)");
    }

    @Test
    void monitor_without_a_terminal_prints_the_common_bar_and_no_escape_codes() {
        CliRun run = CliRun.run("--config-dir", project.configDir.toString(), "monitor", "small", "--once");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains(ProgressLine.bar(2, 6)).doesNotContain("\r", "\033");
    }

    @Test
    void json_has_name_path_tag_total_and_every_state_count() throws Exception {
        CliRun run = status("small", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("name").asText()).isEqualTo("small");
        assertThat(json.get("path").asText()).isEqualTo(project.basePath().resolve("small").toString());
        assertThat(json.get("tag").asText()).isEqualTo(tag);
        assertThat(json.get("total").asLong()).isEqualTo(6);
        JsonNode counts = json.get("counts");
        assertThat(counts.get("PENDING").asLong()).isEqualTo(1);
        assertThat(counts.get("QUEUED").asLong()).isZero();
        assertThat(counts.get("RUNNING").asLong()).isEqualTo(1);
        assertThat(counts.get("COMPLETED").asLong()).isEqualTo(2);
        assertThat(counts.get("FAILED").asLong()).isEqualTo(2);
        assertThat(counts.get("CANCELLED").asLong()).isZero();
        assertThat(json.get("success_rate").asDouble()).isEqualTo(0.5);
    }

    @Test
    void json_with_verbose_lists_the_failed_jobs() throws Exception {
        CliRun run = status("small", "--json", "--verbose");

        JsonNode failed = new ObjectMapper().readTree(run.out()).get("failed");
        assertThat(failed).hasSize(2);
        assertThat(failed.findValuesAsText("reason")).containsExactlyInAnyOrder("EXIT_CODE 3 (permanent)", "TIMEOUT");
    }

    @Test
    void a_production_that_is_not_initialized_exits_2_and_says_how_to_initialize_it() {
        CliRun run = status("later");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("production 'later' is not initialized")
                .contains("run: production-manager init later");
    }

    @Test
    void a_production_the_watcher_could_not_start_also_shows_its_record() {
        Path state = tmp.resolve("state");
        io.productionmanager.config.ConfigFixtures.write(state.resolve("watch/later.txt"),
                "start failed: init of 'later' failed at step 'create the production directories'\n");

        CliRun run = CliRun.run("--config-dir", project.configDir.toString(), "--state-dir", state.toString(),
                "status", "later");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(run.err()).contains("watch: start failed: init of 'later' failed at step 'create the production directories'")
                .contains("production 'later' is not initialized");
    }

    @Test
    void a_production_that_does_not_exist_exits_2_and_names_it() {
        CliRun run = status("nosuch");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("no production named 'nosuch'").contains("available: later, small");
    }
}
