package io.productionmanager.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.productionmanager.production.Production;
import io.productionmanager.store.Event;
import io.productionmanager.store.Job;
import io.productionmanager.store.JobState;

/**
 * A job whose node fails every time (SLURM's commands are scripts: sacct reports NODE_FAIL for every array)
 * is requeued without spending an attempt, each time after the backoff, at most
 * {@code retry_policy.max_free_requeues} times; then it stays FAILED and says why. The daemon's poll cycle
 * (poll, due retries, submit) drives it.
 */
class FreeRequeueCapTest {

    @TempDir
    Path root;

    private Pipeline pipeline;

    @AfterEach
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void node_failures_are_requeued_after_the_backoff_at_most_max_free_requeues_times() throws Exception {
        Path bin = Files.createDirectories(root.resolve("bin"));
        Path calls = root.resolve("sbatch.calls");
        Map<String, String> commands = Map.of(
                "pm.slurm.sbatch", script(bin, "sbatch",
                        "n=$(( $(cat '" + calls + "' 2>/dev/null | wc -l) + 1 ))\necho $n >> '" + calls + "'\necho $((7000 + n))"),
                "pm.slurm.squeue", script(bin, "squeue", "exit 0"),
                "pm.slurm.sacct", script(bin, "sacct", """
                        ids=""
                        while [ $# -gt 0 ]; do [ "$1" = "-j" ] && ids="$2"; shift; done
                        for id in ${ids//,/ }; do
                          echo "${id}_0|job|NODE_FAIL|0:0|2026-11-30T00:00:00|2026-11-30T00:00:01|None"
                        done"""));
        pipeline = Pipeline.start(root, commands);
        ProductionYaml prod = ProductionYaml.named("it_nodefail").redshifts(0.5).realizations(1).maxRetries(0);
        Path file = pipeline.write(prod);
        // backoff 0.01 min = 0.6 s for every attempt; two free requeues
        Files.writeString(file, Files.readString(file).replace("    no_retry_exit_codes: []",
                "    no_retry_exit_codes: []\n    max_free_requeues: 2"));
        String name = prod.name();
        pipeline.init(name);
        assertThat(pipeline.submit(name).submitted()).hasSize(1);
        Production p = pipeline.open(name);

        pipeline.pollUntil(Duration.ofSeconds(60), () -> {
            Job j = p.store().find("r0000_z0.500").orElseThrow();
            return j.state() == JobState.FAILED && j.nextAttemptAt() == null;
        });

        Job job = p.store().find("r0000_z0.500").orElseThrow();
        assertThat(Files.readAllLines(calls)).as("sbatch calls: the first run and two free requeues").hasSize(3);
        assertThat(job.attempt()).as("no attempt spent").isEqualTo(1);
        List<Event> history = p.store().events(job.id());
        assertThat(history.get(history.size() - 1).reason())
                .startsWith("NODE_FAIL")
                .contains("not requeued: free requeues exhausted (2 of max_free_requeues 2 used after NODE_FAIL / PREEMPTED)");
        // each requeue waited the backoff after the failure it followed, instead of going out the next cycle
        Event lastFailure = null;
        int requeues = 0;
        for (Event e : history) {
            if (JobState.FAILED.name().equals(e.toState())) {
                lastFailure = e;
            } else if (JobState.PENDING.name().equals(e.toState()) && lastFailure != null) {
                assertThat(Duration.between(lastFailure.at(), e.at())).as("wait before requeue %d", ++requeues)
                        .isGreaterThanOrEqualTo(Duration.ofMillis(600));
            }
        }
        assertThat(requeues).isEqualTo(2);
    }

    private static String script(Path bin, String name, String body) throws IOException {
        Path f = bin.resolve(name);
        Files.writeString(f, "#!/bin/bash\n" + body + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        return f.toString();
    }
}
