package io.productionmanager.cli;

import io.productionmanager.config.ConfigFixtures;
import io.productionmanager.testsupport.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code list} shows every production file, marks broken ones with their first problem, and still exits 0. */
class ListCommandTest {

    @TempDir
    Path tmp;

    @Test
    void lists_good_productions_and_marks_a_broken_one() {
        Path config = ConfigFixtures.copyOfProjectConfig(tmp);
        ConfigFixtures.write(config.resolve("productions/broken.yaml"), """
                production:
                  name: broken
                science:
                  redshifts: [0.5]
                  realizations: {count: 0}
                execution:
                  batch_sise: 10
                """);

        CliRun run = CliRun.run("--config-dir", config.toString(), "--machine", "nersc", "list");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).containsExactly(
                "broken               -> config/productions/broken.yaml  [invalid: config/productions/broken.yaml:5:25: "
                        + "science.realizations.count: must be >= 1, found 0, 2 problems]",
                "tiny                 -> config/productions/tiny.yaml");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void an_empty_registry_says_so() {
        Path config = tmp.resolve("config");
        ConfigFixtures.write(config.resolve("defaults/local.yaml"), "description: x\n");

        CliRun run = CliRun.run("--config-dir", config.toString(), "list");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("no productions in config/productions" + System.lineSeparator());
    }
}
