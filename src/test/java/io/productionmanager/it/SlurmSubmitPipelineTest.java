package io.productionmanager.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.productionmanager.testsupport.CliRun;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.productionmanager.production.Production;
import io.productionmanager.qa.OutputValidator;
import io.productionmanager.stage.ScriptRenderer;
import io.productionmanager.store.Batch;
import io.productionmanager.store.BatchState;
import io.productionmanager.store.Job;
import io.productionmanager.store.JobState;
import io.productionmanager.submit.CrashAfterSbatchMain;
import io.productionmanager.submit.SubmitResult;
import io.productionmanager.testsupport.SlurmTestSupport;

/** SUBMIT on the real SLURM: one array per batch, every task run and its output valid. */
class SlurmSubmitPipelineTest extends PipelineTestCase {

    private Instant testStart;

    @Override
    void beforePipeline() throws Exception {
        SlurmTestSupport.requireSlurm();
        testStart = Instant.now().minusSeconds(5);
    }

    @Test
    void threeByFourProductionRunsAsOneArrayPerBatchWithEveryOutputValid() throws Exception {
        ProductionYaml prod = ProductionYaml.named("it_submit").redshifts(0.5, 1.0, 1.5).realizations(4).batchSize(5);
        pipeline.write(prod);
        String name = prod.name();
        assertThat(pipeline.init(name).jobs()).isEqualTo(12);

        SubmitResult submitted = pipeline.submit(name);

        assertThat(submitted.hasErrors()).as(submitted.toString()).isFalse();
        assertThat(submitted.submitted()).hasSize(3);
        Production p = pipeline.open(name);
        List<Batch> batches = p.store().batches();
        assertThat(batches).extracting(Batch::state).containsOnly(BatchState.SUBMITTED);
        assertThat(batches).extracting(Batch::taskCount).containsExactly(5, 5, 2);
        for (Job j : p.store().jobs()) {
            Batch b = batches.stream().filter(x -> x.id() == j.batchId()).findFirst().orElseThrow();
            assertThat(j.slurmId()).isEqualTo(b.arrayId() + "_" + j.taskIndex());
        }

        pipeline.pollUntil(Duration.ofSeconds(120), () -> pipeline.all(name, JobState.COMPLETED));

        OutputValidator validator = new OutputValidator(p.config().outputs().validation());
            assertThat(validator.requiredDatasets()).as("the toy's production declares its datasets")
                    .containsExactly("x", "y", "z", "magnitude");
        for (Job j : p.store().jobs()) {
            Batch own = p.store().batch(j.batchId()).orElseThrow();
            assertThat(java.nio.file.Files.readAllLines(Path.of(own.manifestPath())).get(j.taskIndex()))
                    .as("manifest line of task %d of %s", j.taskIndex(), own.name()).startsWith(j.id() + "\t");
            assertThat(j.attempt()).as(() -> j.id() + " " + p.store().events(j.id()) + "\n" + pipeline.taskLogs(name))
                    .isEqualTo(1);
            assertThat(validator.validate(p.output(j.outputPath())).valid()).as(j.outputPath()).isTrue();
        }
        // the scheduler's own record: exactly one array per batch, the one the store holds
        for (Batch b : batches) {
            String jobName = ScriptRenderer.jobName(name, b.number());
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> !SlurmQueries.arraysNamed(jobName, testStart).isEmpty());
            assertThat(SlurmQueries.arraysNamed(jobName, testStart)).containsExactly(b.arrayId());
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(SlurmQueries.states(testStart, batches.stream().map(Batch::arrayId).toArray(String[]::new)))
                        .hasSize(12).allSatisfy((id, state) -> assertThat(state).isEqualTo("COMPLETED")));
        assertThat(Set.copyOf(p.store().batches().stream().map(Batch::state).toList())).containsOnly(BatchState.FINISHED);
    }

    @Test
    void badPartitionIsRejectedWithSlurmsMessageAndNothingIsLost() throws Exception {
        ProductionYaml prod = ProductionYaml.named("it_badpart").redshifts(0.5).realizations(2).partition("nosuchpartition");
        pipeline.write(prod);
        String name = prod.name();
        pipeline.init(name);
        pipeline.stage(name);

        CliRun cli = CliRun.run("--config-dir", pipeline.configDir().toString(), "--state-dir",
                pipeline.stateDir().toString(), "submit", name);

        assertThat(cli.exitCode()).as(cli.out() + cli.err()).isEqualTo(1);
        assertThat(cli.err()).contains("refused by the scheduler").contains("Invalid partition name specified");
        Production p = pipeline.open(name);
        Batch rejected = p.store().batches().get(0);
        assertThat(rejected.state()).isEqualTo(BatchState.REJECTED);
        assertThat(rejected.error()).contains("Invalid partition name specified");
        assertThat(p.store().jobs()).hasSize(2).allSatisfy(j -> {
            assertThat(j.state()).isEqualTo(JobState.PENDING);
            assertThat(j.batchId()).isNull();
        });
        assertThat(SlurmQueries.arraysNamed(ScriptRenderer.jobName(name, 0), testStart)).isEmpty();

        // the fix: the partition recorded for the production (the configuration later stages read)
        Path recorded = Production.configFile(p.dir());
        java.nio.file.Files.writeString(recorded,
                java.nio.file.Files.readString(recorded).replace("nosuchpartition", "debug"));
        pipeline.restart();
        // automatic submission is on hold after the refusal; the user's submit lifts it
        assertThat(pipeline.routeSubmit(name).hold()).contains("Invalid partition name specified");
        SubmitResult again = pipeline.submit(name);

        assertThat(again.hasErrors()).as(again.toString()).isFalse();
        assertThat(again.submitted()).singleElement().asString().startsWith("batch_0001 -> ");
        pipeline.pollUntil(Duration.ofSeconds(90), () -> pipeline.all(name, JobState.COMPLETED));
    }

    @Test
    void crashRightAfterSbatchIsAdoptedWithoutASecondArrayAndCancelReachesSlurm() throws Exception {
        ProductionYaml prod = ProductionYaml.named("it_crash").redshifts(0.5).realizations(4).batchSize(2)
                .generatorArgs("--sleep-seconds 240");
        pipeline.write(prod);
        String name = prod.name();
        pipeline.init(name);
        pipeline.stage(name);

        Pipeline.ChildRun crashed = pipeline.runChild(CrashAfterSbatchMain.class.getName(), java.util.Map.of(), "submit", name);

        assertThat(crashed.exitCode()).as(crashed.out() + crashed.err()).isEqualTo(137);
        Production p = pipeline.open(name);
        assertThat(p.store().batches()).extracting(Batch::state).containsExactly(BatchState.SUBMITTING, BatchState.STAGED);
        assertThat(p.store().jobs()).extracting(Job::state).containsOnly(JobState.PENDING);
        String firstName = ScriptRenderer.jobName(name, 0);

        SubmitResult resumed = pipeline.submit(name);

        assertThat(resumed.hasErrors()).as(resumed.toString()).isFalse();
        List<Batch> batches = p.store().batches();
        assertThat(batches).extracting(Batch::state).containsOnly(BatchState.SUBMITTED);
        assertThat(resumed.adopted()).containsExactly("batch_0000 -> " + batches.get(0).arrayId());
        assertThat(resumed.submitted()).containsExactly("batch_0001 -> " + batches.get(1).arrayId());
        for (Job j : p.store().jobs()) {
            assertThat(j.state()).isIn(JobState.QUEUED, JobState.RUNNING);
            assertThat(j.slurmId()).isEqualTo(batches.get((int) (j.batchId() - batches.get(0).id())).arrayId() + "_" + j.taskIndex());
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> !SlurmQueries.arraysNamed(ScriptRenderer.jobName(name, 1), testStart).isEmpty());
        assertThat(SlurmQueries.arraysNamed(firstName, testStart)).containsExactly(batches.get(0).arrayId());
        assertThat(SlurmQueries.arraysNamed(ScriptRenderer.jobName(name, 1), testStart)).containsExactly(batches.get(1).arrayId());

        // one poll cycle: one squeue and one sacct call for the production, whatever its number of jobs
        var stats = pipeline.executors().stats();
        long squeue = stats.get("squeue").calls();
        long sacct = stats.get("sacct").calls();
        pipeline.pollCycle();
        assertThat(stats.get("squeue").calls() - squeue).isEqualTo(1);
        assertThat(stats.get("sacct").calls() - sacct).isEqualTo(1);

        CliRun cancel = CliRun.run("--config-dir", pipeline.configDir().toString(), "--state-dir",
                pipeline.stateDir().toString(), "cancel", name);

        assertThat(cancel.exitCode()).as(cancel.out() + cancel.err()).isZero();
        assertThat(cancel.out()).contains("scancel " + batches.get(0).arrayId() + " " + batches.get(1).arrayId())
                .contains("4 jobs cancelled");
        for (Job j : p.store().jobs()) {
            assertThat(j.state()).isEqualTo(JobState.CANCELLED);
            assertThat(p.store().events(j.id())).last().satisfies(e -> {
                assertThat(e.toState()).isEqualTo("CANCELLED");
                assertThat(e.reason()).contains("cancelled by the user");
            });
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(SlurmQueries.states(testStart, batches.get(0).arrayId(), batches.get(1).arrayId()))
                        .hasSize(4).allSatisfy((id, state) -> assertThat(state).startsWith("CANCELLED")));
    }

    @Test
    void cancelAfterACrashedSubmitCancelsTheArrayTheDatabaseNeverRecorded() throws Exception {
        ProductionYaml prod = ProductionYaml.named("it_crashcancel").redshifts(0.5).realizations(2)
                .generatorArgs("--sleep-seconds 240");
        pipeline.write(prod);
        String name = prod.name();
        pipeline.init(name);
        pipeline.stage(name);
        Pipeline.ChildRun crashed = pipeline.runChild(CrashAfterSbatchMain.class.getName(), java.util.Map.of(), "submit", name);
        assertThat(crashed.exitCode()).as(crashed.out() + crashed.err()).isEqualTo(137);
        String jobName = ScriptRenderer.jobName(name, 0);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> !SlurmQueries.arraysNamed(jobName, testStart).isEmpty());
        String orphan = SlurmQueries.arraysNamed(jobName, testStart).iterator().next();

        CliRun cancel = CliRun.run("--config-dir", pipeline.configDir().toString(), "--state-dir",
                pipeline.stateDir().toString(), "cancel", name);

        assertThat(cancel.exitCode()).as(cancel.out() + cancel.err()).isZero();
        assertThat(cancel.out()).contains("scancel " + orphan).contains("2 jobs cancelled");
        assertThat(pipeline.jobs(name)).extracting(Job::state).containsOnly(JobState.CANCELLED);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(SlurmQueries.states(testStart, orphan)).isNotEmpty()
                        .allSatisfy((id, state) -> assertThat(state).startsWith("CANCELLED")));
        // nothing of it is submitted again later
        assertThat(pipeline.submit(name).submitted()).isEmpty();
        assertThat(SlurmQueries.arraysNamed(jobName, testStart)).containsExactly(orphan);
    }
}
