package io.productionmanager.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.productionmanager.production.Production;
import io.productionmanager.poll.RetryService;
import io.productionmanager.store.Batch;
import io.productionmanager.store.BatchState;
import io.productionmanager.store.Job;
import io.productionmanager.store.JobState;
import io.productionmanager.submit.CancelService;
import io.productionmanager.submit.SubmitResult;

/**
 * A staged batch that lost a job (cancelled before submission) is never submitted as it is: its array
 * would run the cancelled job anyway. The jobs still pending are staged afresh. sbatch is a script that
 * records its calls (no SLURM needed).
 */
class StaleStagedBatchTest {

    @TempDir
    Path root;

    private Pipeline pipeline;
    private Path sbatchCalls;

    @BeforeEach
    void start() throws IOException {
        Path bin = Files.createDirectories(root.resolve("bin"));
        sbatchCalls = root.resolve("sbatch.calls");
        Path sbatch = bin.resolve("sbatch");
        Files.writeString(sbatch, "#!/bin/sh\necho \"$@\" >> '" + sbatchCalls + "'\necho 5151\n");
        Files.setPosixFilePermissions(sbatch, PosixFilePermissions.fromString("rwxr-xr-x"));
        pipeline = Pipeline.start(root, Map.of("pm.slurm.sbatch", sbatch.toString()));
    }

    @AfterEach
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void stagedBatchWithACancelledJobIsRetiredAndItsPendingJobsStagedAgain() throws IOException {
        ProductionYaml prod = ProductionYaml.named("it_stale").redshifts(0.5).realizations(3);
        pipeline.write(prod);
        String name = prod.name();
        pipeline.init(name);
        pipeline.stage(name);
        Production p = pipeline.open(name);
        Batch staged = p.store().batches().get(0);
        assertThat(staged.taskCount()).isEqualTo(3);
        pipeline.app().bean("cancelService", CancelService.class).cancel(name, List.of("r0001_z0.500"));

        SubmitResult r = pipeline.submit(name);

        assertThat(r.submitted()).containsExactly("batch_0001 -> 5151");
        assertThat(Files.readAllLines(sbatchCalls)).singleElement().asString().endsWith("batch_0001.sh");
        Batch retired = p.store().batch(staged.id()).orElseThrow();
        assertThat(retired.state()).isEqualTo(BatchState.REJECTED);
        assertThat(retired.error()).startsWith("not submitted: 2 of its 3 jobs are still PENDING");
        assertThat(p.store().jobs()).extracting(Job::id, Job::state, Job::slurmId).containsExactly(
                org.assertj.core.groups.Tuple.tuple("r0000_z0.500", JobState.QUEUED, "5151_0"),
                org.assertj.core.groups.Tuple.tuple("r0001_z0.500", JobState.CANCELLED, null),
                org.assertj.core.groups.Tuple.tuple("r0002_z0.500", JobState.QUEUED, "5151_1"));
    }

    @Test
    void aCancelledJobRetriedByNameIsPendingAgainWithOneMoreAttemptInANewBatch() {
        ProductionYaml prod = ProductionYaml.named("it_retry_cancelled").redshifts(0.5).realizations(2);
        pipeline.write(prod);
        String name = prod.name();
        pipeline.init(name);
        pipeline.stage(name);
        pipeline.app().bean("cancelService", CancelService.class).cancel(name, List.of("r0001_z0.500"));

        RetryService.RetryResult r = pipeline.app().bean("retryService", RetryService.class)
                .retryNow(name, List.of("r0001_z0.500"));

        assertThat(r.requeued()).containsExactly("r0001_z0.500");
        assertThat(r.batches()).isEqualTo(1);
        Job retried = pipeline.open(name).store().find("r0001_z0.500").orElseThrow();
        assertThat(retried.state()).isEqualTo(JobState.PENDING);
        assertThat(retried.attempt()).isEqualTo(2);
        assertThat(retried.batchId()).as("staged into the new batch").isNotNull();
    }
}
