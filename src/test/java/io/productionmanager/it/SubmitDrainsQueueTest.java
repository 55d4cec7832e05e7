package io.productionmanager.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.productionmanager.testsupport.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.productionmanager.config.ConfigFixtures;
import io.productionmanager.mock.CatalogWriter;
import io.productionmanager.mock.MockCatalog;

/**
 * A waiting submit on the local executor finishes a production larger than {@code execution.max_queued}: the
 * batches held back at first go out as the queue drains, until every job has finished.
 */
class SubmitDrainsQueueTest {

    @TempDir
    Path root;

    @Test
    void a_1200_job_production_with_max_queued_1000_finishes_all_1200_jobs() throws IOException {
        Path config = ConfigFixtures.copyOfProjectConfig(root);
        Path template = root.resolve("template.hdf5");
        CatalogWriter.write(MockCatalog.draw(0, 0.5, 42, 20), template);
        Path payload = ConfigFixtures.projectDir().resolve("src/test/resources/payloads/sleep-in-child.sh");
        Files.writeString(config.resolve("productions/drain.yaml"), """
                production: {name: drain, version: v1.0}
                science:
                  redshifts: [0.5, 1.0, 1.5]
                  realizations: {count: 400}
                execution:
                  executor: local
                  local_parallelism: 4
                  batch_size: 100
                  max_queued: 1000
                  command: "bash %s {output} {attempt} 0 %s %s 0"
                outputs:
                  base_path: "%s"
                """.formatted(payload, root.resolve("pids"), template, root.resolve("out")));
        String[] global = {"--config-dir", config.toString(), "--state-dir", root.resolve("state").toString()};
        CliRun init = CliRun.run(concat(global, "init", "drain", "--no-git"));
        assertThat(init.exitCode()).as("init: %s", init).isZero();

        CliRun submit = CliRun.run(concat(global, "submit", "drain", "--interval", "0.5"));

        assertThat(submit.exitCode()).as("submit: %s", submit).isZero();
        assertThat(submit.out()).contains("2 batches held back by execution.max_queued; this command submits them")
                .contains("submitted batch_0010").contains("submitted batch_0011")
                .contains("drain: finished: 1200 completed, 0 failed, 0 cancelled");
        CliRun monitor = CliRun.run(concat(global, "monitor", "drain", "--once"));
        assertThat(monitor.out()).contains("drain: finished: 1200 completed, 0 failed, 0 cancelled");
    }

    @Test
    void intervals_of_zero_or_less_are_refused_with_exit_2() throws IOException {
        Path config = ConfigFixtures.copyOfProjectConfig(root);
        String[] global = {"--config-dir", config.toString(), "--state-dir", root.resolve("state").toString()};
        for (String[] args : new String[][] {{"monitor", "x", "--interval", "0"}, {"monitor", "x", "--interval", "-1"},
                {"submit", "x", "--interval", "0"}, {"submit", "x", "--interval", "-2.5"},
                {"retry", "x", "--submit", "--interval", "0"}}) {
            CliRun r = CliRun.run(concat(global, args));
            assertThat(r.exitCode()).as("%s: %s", String.join(" ", args), r).isEqualTo(2);
            assertThat(r.err()).contains("error: --interval must be a number of seconds > 0, got " + Double.parseDouble(args[args.length - 1]));
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
