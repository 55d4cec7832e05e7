package io.productionmanager.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.productionmanager.testsupport.CliRun;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.productionmanager.app.TestWorkspace;
import io.productionmanager.config.ConfigFixtures;

/** {@code list} shows what the daemon's watcher recorded for a file, from the state folder given by --state-dir. */
class ListWatchRecordTest {

    @TempDir
    Path tmp;


    @Test
    void a_file_whose_start_failed_is_marked_with_the_watchers_record() {
        try (TestWorkspace project = TestWorkspace.withoutGit(tmp)) {
            project.writeProduction("small", 2, 0.5);
            project.writeProduction("other", 2, 0.5);
            Path state = tmp.resolve("state");
            ConfigFixtures.write(state.resolve("watch/small.txt"),
                    "start failed: configuration is not in a git repository\n");

            CliRun withState = CliRun.run("--config-dir", project.configDir.toString(), "--state-dir", state.toString(), "list");
            CliRun elsewhere = CliRun.run("--config-dir", project.configDir.toString(), "--state-dir",
                    tmp.resolve("empty").toString(), "list");

            assertThat(withState.exitCode()).isZero();
            assertThat(withState.out().lines()).containsExactly(
                    "other                -> config/productions/other.yaml",
                    "small                -> config/productions/small.yaml  [watch: start failed: configuration is not in a git repository]");
            assertThat(elsewhere.out().lines()).containsExactly(
                    "other                -> config/productions/other.yaml",
                    "small                -> config/productions/small.yaml");
        }
    }
}
