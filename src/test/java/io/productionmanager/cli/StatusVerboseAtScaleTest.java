package io.productionmanager.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.productionmanager.testsupport.CliRun;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.productionmanager.app.TestWorkspace;
import io.productionmanager.production.Workspace;
import io.productionmanager.init.InitRequest;
import io.productionmanager.store.Job;
import io.productionmanager.store.JobState;
import io.productionmanager.store.JobStore;
import io.productionmanager.store.JobUpdate;

/**
 * {@code status --verbose} at 40,000 jobs (2,000 realizations x 20 redshifts, 100 of them incomplete, 100 failed
 * jobs) stays short: a summary plus the first incomplete realizations and failed jobs; {@code --all} lists them all.
 */
class StatusVerboseAtScaleTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final int REALIZATIONS = 2_000;

    @TempDir
    static Path tmp;

    private static TestWorkspace project;

    @BeforeAll
    static void fortyThousandJobs() {
        project = TestWorkspace.inGitRepo(tmp);
        double[] redshifts = new double[20];
        for (int i = 0; i < redshifts.length; i++) {
            redshifts[i] = 0.1 * (i + 1);
        }
        project.writeProduction("big", REALIZATIONS, redshifts);
        project.commitAll("Add the production");
        try (Workspace ws = project.workspace(CLOCK)) {
            project.initService(ws, CLOCK, s -> { }).init(InitRequest.of("big"));
            JobStore store = ws.open("big").store();
            // every 20th realization is incomplete: its first redshift failed, its second runs, its third waits
            List<JobUpdate> queued = new ArrayList<>();
            for (Job j : store.jobs(JobState.PENDING)) {
                if (!(j.realization() % 20 == 0 && j.id().endsWith("_z0.300"))) {
                    queued.add(JobUpdate.of(j, JobState.QUEUED));
                }
            }
            store.apply(queued);
            List<JobUpdate> outcomes = new ArrayList<>();
            for (Job j : store.jobs(JobState.QUEUED)) {
                boolean marked = j.realization() % 20 == 0;
                if (marked && j.id().endsWith("_z0.100")) {
                    outcomes.add(JobUpdate.of(j, JobState.FAILED).withExitCode(1).withFailureReason("exit 1"));
                } else if (marked && j.id().endsWith("_z0.200")) {
                    outcomes.add(JobUpdate.of(j, JobState.RUNNING));
                } else {
                    outcomes.add(JobUpdate.of(j, JobState.COMPLETED));
                }
            }
            store.apply(outcomes);
            assertThat(store.total()).isEqualTo(40_000);
        }
    }

    @AfterAll
    static void close() {
        project.close();
    }

    private static CliRun status(String... args) {
        List<String> all = new ArrayList<>(List.of("--config-dir", project.configDir.toString(), "status", "big"));
        all.addAll(List.of(args));
        return CliRun.run(all.toArray(String[]::new));
    }

    @Test
    void verbose_at_40000_jobs_prints_a_summary_and_at_most_50_lines() {
        CliRun run = status("--verbose");

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).as("status --verbose at 40,000 jobs:%n%s", run.out()).hasSizeLessThanOrEqualTo(50);
        assertThat(run.out()).contains("jobs:       40,000", "realizations: 1,900 of 2,000 complete",
                "  ... 85 more incomplete realizations not shown (--all lists every one)",
                "failed jobs (100): exit 1 100", "  ... 85 more failed jobs not shown (--all lists every one)");
        assertThat(lines).as("only incomplete realizations are listed").anyMatch(l -> l.matches("  r0020  17/20"))
                .noneMatch(l -> l.matches("  r0001  .*"));
    }

    @Test
    void all_lists_every_incomplete_realization_and_failed_job() {
        CliRun run = status("--all");

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.stream().filter(l -> l.matches("  r\\d{4}  \\d+/20"))).hasSize(100);
        assertThat(lines.stream().filter(l -> l.matches("  r\\d{4}_z0\\.100 +attempt .*"))).hasSize(100);
        assertThat(run.out()).doesNotContain("not shown");
    }

    @Test
    void an_unknown_option_is_a_one_line_error_with_exit_2() {
        CliRun run = status("--al");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(run.err().lines().findFirst()).hasValueSatisfying(l -> assertThat(l).contains("--al"));
        assertThat(run.out()).isEmpty();
    }
}
