package io.productionmanager.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.productionmanager.testsupport.CliRun;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.productionmanager.app.TestWorkspace;
import io.productionmanager.production.Workspace;
import io.productionmanager.init.InitRequest;
import io.productionmanager.store.Job;
import io.productionmanager.store.JobState;
import io.productionmanager.store.JobStore;
import io.productionmanager.store.JobUpdate;

/** {@code status --json} and the report's JSON give the same success rate: one definition, completed / ended jobs. */
class SuccessRateAgreementTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void status_and_report_agree_with_failed_cancelled_and_pending_jobs() throws Exception {
        try (TestWorkspace project = TestWorkspace.inGitRepo(tmp)) {
            project.writeProduction("mixed", 5, 0.5, 1.0);
            project.commitAll("Add mixed");
            try (Workspace ws = project.workspace(CLOCK)) {
                project.initService(ws, CLOCK, s -> { }).init(InitRequest.of("mixed"));
                JobStore store = ws.open("mixed").store();
                // 10 jobs: 5 completed, 2 failed (one with a retry planned), 1 cancelled, 1 running, 1 pending
                List<JobUpdate> queued = new ArrayList<>();
                for (Job j : store.jobs(JobState.PENDING)) {
                    if (!j.id().equals("r0004_z1.000")) {
                        queued.add(JobUpdate.of(j, JobState.QUEUED));
                    }
                }
                store.apply(queued);
                List<JobUpdate> outcomes = new ArrayList<>();
                for (Job j : store.jobs(JobState.QUEUED)) {
                    outcomes.add(switch (j.id()) {
                        case "r0003_z0.500" -> JobUpdate.of(j, JobState.FAILED).withExitCode(1).withFailureReason("exit 1");
                        case "r0003_z1.000" -> JobUpdate.of(j, JobState.FAILED).withFailureReason("TIMEOUT")
                                .withNextAttemptAt(Instant.parse("2026-01-01T00:10:00Z"));
                        case "r0004_z0.500" -> JobUpdate.of(j, JobState.RUNNING);
                        case "r0002_z1.000" -> JobUpdate.of(j, JobState.CANCELLED);
                        default -> JobUpdate.of(j, JobState.COMPLETED);
                    });
                }
                store.apply(outcomes);
            }
            String config = project.configDir.toString();

            CliRun status = CliRun.run("--config-dir", config, "status", "mixed", "--json");
            CliRun report = CliRun.run("--config-dir", config, "report", "mixed");

            assertThat(status.exitCode()).as(status.err()).isZero();
            assertThat(report.exitCode()).as(report.err()).isZero();
            double fromStatus = JSON.readTree(status.out()).get("success_rate").asDouble();
            JsonNode fromReport = JSON.readTree(project.basePath()
                    .resolve("mixed/qa/validation_reports/validation_report.json").toFile());
            assertThat(fromReport.get("totals").get("CANCELLED").asInt()).isEqualTo(1);
            assertThat(fromReport.get("totals").get("PENDING").asInt()).isEqualTo(1);
            // 5 completed of 8 ended (5 completed + 2 failed + 1 cancelled); running and pending are not counted
            assertThat(fromStatus).isCloseTo(5.0 / 8.0, within(1e-12));
            assertThat(fromReport.get("success_rate").asDouble()).isEqualTo(fromStatus);
            assertThat(CliRun.run("--config-dir", config, "status", "mixed").out())
                    .contains("success rate: 62.5% (completed / (completed + failed + cancelled))");
        }
    }

    @Test
    void before_any_job_ended_both_say_null() throws Exception {
        try (TestWorkspace project = TestWorkspace.inGitRepo(tmp)) {
            project.writeProduction("fresh", 2, 0.5);
            project.commitAll("Add fresh");
            try (Workspace ws = project.workspace(CLOCK)) {
                project.initService(ws, CLOCK, s -> { }).init(InitRequest.of("fresh"));
            }
            String config = project.configDir.toString();

            CliRun status = CliRun.run("--config-dir", config, "status", "fresh", "--json");
            CliRun report = CliRun.run("--config-dir", config, "report", "fresh");

            assertThat(report.exitCode()).as(report.err()).isZero();
            assertThat(JSON.readTree(status.out()).get("success_rate").isNull()).isTrue();
            assertThat(JSON.readTree(project.basePath().resolve("fresh/qa/validation_reports/validation_report.json")
                    .toFile()).get("success_rate").isNull()).isTrue();
            assertThat(CliRun.run("--config-dir", config, "status", "fresh").out())
                    .contains("success rate: n/a, no job finished yet");
        }
    }
}
