package io.productionmanager.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.productionmanager.app.TestWorkspace;
import io.productionmanager.init.InitRequest;
import io.productionmanager.production.Workspace;
import io.productionmanager.store.Job;
import io.productionmanager.store.JobState;
import io.productionmanager.store.JobUpdate;
import io.productionmanager.testsupport.CliRun;

/** Bad input of {@code cleanup} and {@code logs}: one-line errors, exit 2, nothing changed. */
class CleanupCommandTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private TestWorkspace project;
    private Path dir;

    @BeforeEach
    void setUp() {
        project = TestWorkspace.inGitRepo(tmp);
        project.writeProduction("busy", 2, 0.5);
        project.commitAll("Add production");
        try (Workspace ws = project.workspace(CLOCK)) {
            project.initService(ws, CLOCK, s -> { }).init(InitRequest.of("busy"));
            var store = ws.open("busy").store();
            Job first = store.jobs(JobState.PENDING).get(0);
            store.apply(List.of(JobUpdate.of(first, JobState.QUEUED)));
            dir = ws.open("busy").dir();
        }
    }

    @AfterEach
    void tearDown() {
        project.close();
    }

    private CliRun run(String... args) {
        return CliRun.withConfig(project.configDir, args);
    }

    @Test
    void cleanup_of_a_production_with_jobs_queued_or_running_is_refused_and_changes_nothing() {
        TreeMap<String, String> before = TestWorkspace.snapshot(dir);

        for (String[] args : List.of(new String[] {"cleanup", "busy"}, new String[] {"cleanup", "busy", "--dry-run"})) {
            CliRun r = run(args);
            assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(ExitCodes.INVALID_INPUT);
            assertThat(r.err().strip()).as("one line").doesNotContain("\n")
                    .contains("production busy has 1 jobs queued or running; cleanup runs only when nothing is active");
        }
        TreeMap<String, String> after = TestWorkspace.snapshot(dir);
        // the production lock, taken to decide under it, is the one file that may appear (it stays, as after stage)
        after.remove("metadata/production.lock");
        assertThat(after).isEqualTo(before);
    }

    @Test
    void logs_of_a_job_that_never_ran_is_a_one_line_error() {
        CliRun r = run("logs", "busy", "r0001_z0.500");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err().strip()).doesNotContain("\n").contains("has not been submitted yet (it is PENDING)");
        assertThat(run("logs", "busy", "r0000_z0.500", "--attempt", "0").exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    }
}
