package io.productionmanager.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/**
 * Every global option: a flag (before or after the subcommand) beats the environment, which beats the
 * default. Before, picocli applied an inherited option's default again when parsing the subcommand, so
 * {@code PM_MACHINE=local production-manager --machine nersc init alpha} resolved machine local.
 */
class GlobalOptionPrecedenceTest {

    private static final Map<String, String> ENV = Map.of("PM_MACHINE", "local", "PM_CONFIG_DIR", "/env/config",
            "PM_STATE_DIR", "/env/state", "PM_CATALOG", "/env/catalog.db");

    private static ProductionManagerCommand parse(Map<String, String> env, String... args) {
        CommandLine cl = ProductionManagerCommand.commandLine(env::get);
        cl.parseArgs(args);
        return cl.getCommand();
    }

    @Test
    void flags_before_the_subcommand_beat_the_environment() {
        ProductionManagerCommand c = parse(ENV, "--machine", "nersc", "--config-dir", "/flag/config",
                "--state-dir", "/flag/state", "--catalog", "/flag/catalog.db", "init", "alpha");
        assertThat(c.machine()).isEqualTo("nersc");
        assertThat(c.machineGiven()).isTrue();
        assertThat(c.configDir()).isEqualTo(Path.of("/flag/config"));
        assertThat(c.stateDir()).isEqualTo(Path.of("/flag/state"));
        assertThat(c.catalog()).isEqualTo(Path.of("/flag/catalog.db"));
    }

    @Test
    void flags_after_the_subcommand_beat_the_environment() {
        ProductionManagerCommand c = parse(ENV, "status", "alpha", "--machine", "nersc", "--config-dir", "/flag/config",
                "--state-dir", "/flag/state", "--catalog", "/flag/catalog.db");
        assertThat(c.machine()).isEqualTo("nersc");
        assertThat(c.configDir()).isEqualTo(Path.of("/flag/config"));
        assertThat(c.stateDir()).isEqualTo(Path.of("/flag/state"));
        assertThat(c.catalog()).isEqualTo(Path.of("/flag/catalog.db"));
    }

    @Test
    void the_environment_beats_the_defaults() {
        ProductionManagerCommand c = parse(ENV, "list");
        assertThat(c.machine()).isEqualTo("local");
        assertThat(c.machineGiven()).as("PM_MACHINE asks for a machine").isTrue();
        assertThat(c.configDir()).isEqualTo(Path.of("/env/config"));
        assertThat(c.stateDir()).isEqualTo(Path.of("/env/state"));
        assertThat(c.catalog()).isEqualTo(Path.of("/env/catalog.db"));
    }

    @Test
    void the_defaults_do_not_depend_on_the_working_folder_beyond_the_configuration_folder() {
        ProductionManagerCommand c = parse(Map.of(), "--config-dir", "/proj/config", "list");
        assertThat(c.machine()).isEqualTo("local");
        assertThat(c.machineGiven()).isFalse();
        assertThat(c.stateDir()).as("next to the configuration folder").isEqualTo(Path.of("/proj/.pm"));
        assertThat(c.catalog()).isEqualTo(Path.of("/proj/.pm/catalog.db"));

        ProductionManagerCommand state = parse(Map.of("PM_STATE_DIR", "/env/state"), "--config-dir", "/proj/config", "list");
        assertThat(state.catalog()).as("in the state folder the environment names").isEqualTo(Path.of("/env/state/catalog.db"));
    }
}
