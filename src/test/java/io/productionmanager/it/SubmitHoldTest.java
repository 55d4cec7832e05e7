package io.productionmanager.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.productionmanager.production.StatusReport;
import io.productionmanager.production.Workspace;
import io.productionmanager.store.JobState;
import io.productionmanager.submit.SubmitResult;

/** A refused batch puts automatic submission on hold until a user submits again. */
class SubmitHoldTest {

    @TempDir
    Path root;

    private Pipeline pipeline;
    private Path sbatchCalls;

    @BeforeEach
    void start() throws IOException {
        Path bin = Files.createDirectories(root.resolve("bin"));
        sbatchCalls = root.resolve("sbatch.calls");
        Path sbatch = bin.resolve("sbatch");
        // SLURM's own refusal, as captured in src/test/resources/slurm/sbatch-bad-partition.err
        Files.writeString(sbatch, "#!/bin/sh\necho \"$@\" >> '" + sbatchCalls + "'\n"
                + "echo 'sbatch: error: Batch job submission failed: Invalid partition name specified' >&2\nexit 1\n");
        Files.setPosixFilePermissions(sbatch, PosixFilePermissions.fromString("rwxr-xr-x"));
        pipeline = Pipeline.start(root, Map.of("pm.slurm.sbatch", sbatch.toString()));
    }

    @AfterEach
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    private long sbatchCalls() throws IOException {
        return Files.exists(sbatchCalls) ? Files.readAllLines(sbatchCalls).size() : 0;
    }

    @Test
    void after_a_refused_batch_the_automatic_submit_waits_for_the_user() throws IOException {
        ProductionYaml prod = ProductionYaml.named("it_hold").redshifts(0.5).realizations(2);
        pipeline.write(prod);
        String name = prod.name();
        pipeline.init(name);

        SubmitResult first = pipeline.submit(name);
        assertThat(first.rejected()).singleElement().asString().contains("Invalid partition name specified");
        assertThat(sbatchCalls()).isEqualTo(1);

        // the daemon's poll cycle skips a held production; the submit route itself refuses too
        pipeline.pollCycle();
        pipeline.pollCycle();
        assertThat(sbatchCalls()).as("no sbatch from the poll cycle while on hold").isEqualTo(1);
        SubmitResult automatic = pipeline.routeSubmit(name);
        assertThat(automatic.hold()).as("held after the refusal").contains("Invalid partition name specified");
        assertThat(automatic.submitted()).isEmpty();
        assertThat(sbatchCalls()).as("no sbatch while on hold").isEqualTo(1);
        Workspace ws = pipeline.app().bean("workspace", Workspace.class);
        StatusReport status = StatusReport.of(ws, pipeline.open(name), false);
        assertThat(status.submitHold()).contains("refused");
        assertThat(status.intent()).isEqualTo("held");
        assertThat(ws.catalog().find(name).orElseThrow().held()).as("the hold is part of the intent in the catalog")
                .contains("Invalid partition name specified");
        assertThat(status.count(JobState.PENDING)).as("nothing lost").isEqualTo(2);

        // a user's submit lifts the hold and tries again
        SubmitResult again = pipeline.submit(name);
        assertThat(again.hold()).isNull();
        assertThat(sbatchCalls()).isEqualTo(2);
    }
}
