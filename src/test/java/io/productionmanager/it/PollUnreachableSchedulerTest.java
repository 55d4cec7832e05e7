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
import io.productionmanager.poll.PollService;
import io.productionmanager.slurm.SchedulerCallStats;
import io.productionmanager.store.Job;
import io.productionmanager.store.JobState;
import io.productionmanager.submit.SubmitResult;

/**
 * A controller that cannot be reached changes nothing: the poll reports it, no job moves, no event is
 * written. SLURM's commands are scripts printing what SLURM prints then (no SLURM needed).
 */
class PollUnreachableSchedulerTest {

    @TempDir
    Path root;

    private Pipeline pipeline;

    @BeforeEach
    void start() throws IOException {
        Path bin = Files.createDirectories(root.resolve("bin"));
        Map<String, String> commands = Map.of(
                "pm.slurm.sbatch", script(bin, "sbatch", "echo 4242"),
                "pm.slurm.squeue", script(bin, "squeue",
                        "echo 'squeue: error: Unable to contact slurm controller (connect failure)' >&2; exit 1"),
                "pm.slurm.sacct", script(bin, "sacct", "echo 'sacct: error: not expected to be called' >&2; exit 1"));
        pipeline = Pipeline.start(root, commands);
    }

    @AfterEach
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void unreachableControllerLeavesEveryJobAsItWas() {
        ProductionYaml prod = ProductionYaml.named("it_down").redshifts(0.5).realizations(3);
        pipeline.write(prod);
        String name = prod.name();
        pipeline.init(name);
        SubmitResult submitted = pipeline.submit(name);
        assertThat(submitted.submitted()).containsExactly("batch_0000 -> 4242");
        Production p = pipeline.open(name);
        List<Job> before = p.store().jobs();
        assertThat(before).extracting(Job::state).containsOnly(JobState.QUEUED);
        long events = before.stream().mapToLong(j -> p.store().events(j.id()).size()).sum();
        SchedulerCallStats stats = pipeline.executors().stats();

        PollService.PollResult r = pipeline.app().bean("pollService", PollService.class).pollOnce(name);
        pipeline.pollCycle();

        assertThat(r.unreachable()).contains("Unable to contact slurm controller");
        assertThat(r.changed()).isZero();
        assertThat(p.store().jobs()).usingRecursiveFieldByFieldElementComparator().isEqualTo(before);
        assertThat(before.stream().mapToLong(j -> p.store().events(j.id()).size()).sum()).isEqualTo(events);
        assertThat(stats.get("squeue").calls()).isEqualTo(2);
        assertThat(stats.get("squeue").errors()).isEqualTo(2);
        assertThat(stats.get("sacct").calls()).isZero();
        assertThat(stats.get("sbatch").calls()).isEqualTo(1);
    }

    private static String script(Path bin, String name, String body) throws IOException {
        Path f = bin.resolve(name);
        Files.writeString(f, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        return f.toString();
    }
}
