package io.productionmanager.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.productionmanager.config.ConfigFixtures;
import io.productionmanager.testsupport.CliRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code validate}: OK line and exit 0 when valid; every problem on stderr and exit 2 when not. */
class ValidateCommandTest {

    @TempDir
    Path tmp;

    Path config;

    @BeforeEach
    void setUp() {
        config = ConfigFixtures.copyOfProjectConfig(tmp);
    }

    @Test
    void a_valid_production_prints_ok_with_job_count_and_machine() {
        CliRun run = CliRun.run("--config-dir", config.toString(), "--machine", "nersc", "validate",
                config.resolve("examples/alpha.yaml").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).isEqualTo("OK: config/examples/alpha.yaml (40000 jobs, machine nersc)" + System.lineSeparator());
        // alpha names no command and nersc sets none: valid, but init would refuse it
        assertThat(run.err()).startsWith("warning: config/examples/alpha.yaml:")
                .contains(": execution.command: required for machine 'nersc' (executor slurm)")
                .contains("the bundled toy generator is the default on machine 'local' only");
    }

    @Test
    void on_the_local_machine_the_toy_generator_is_the_command_and_nothing_is_warned() {
        CliRun run = CliRun.run("--config-dir", config.toString(), "validate",
                config.resolve("examples/alpha.yaml").toString(), "--show-resolved");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).contains("io.productionmanager.mock.MockCatalogGenerator")
                .containsPattern("outputs\\.filename = mock_z\\{redshift}\\.hdf5 +# config/examples/alpha\\.yaml")
                .containsPattern("outputs\\.validation\\.format = hdf5 +# config/examples/alpha\\.yaml")
                .containsPattern("outputs\\.validation\\.required_datasets = \\[x, y, z, magnitude] +# config/examples/alpha\\.yaml")
                .containsPattern("outputs\\.validation\\.min_bytes = 1 +# built-in")
                .containsPattern("outputs\\.validation\\.check_command = \"\" +# built-in");
    }

    @Test
    void machine_option_is_accepted_after_the_subcommand_too() {
        CliRun run = CliRun.run("--config-dir", config.toString(), "validate", "tiny", "--machine", "nersc");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("machine nersc");
    }

    @Test
    void an_invalid_production_prints_every_problem_and_exits_2() {
        ConfigFixtures.write(config.resolve("productions/bad.yaml"), """
                production:
                  name: bad
                science:
                  redshifts: [0.5, -1]
                  realizations: {count: 3}
                execution:
                  batch_sise: 10
                  command: "gen > {output}"
                """);

        CliRun run = CliRun.run("--config-dir", config.toString(), "validate", "bad");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).containsExactly(
                "config/productions/bad.yaml:4:20: science.redshifts[1]: must be >= 0, found -1",
                "config/productions/bad.yaml:7:3: execution.batch_sise: unknown key 'batch_sise' (did you mean 'batch_size'?)",
                "config/productions/bad.yaml:8:12: execution.command: shell metacharacter '>' at position 5 is not allowed"
                        + " (the command is never run by a shell; characters ;|&$`<>()\\*?~ are refused)");
    }

    @Test
    void show_resolved_names_the_source_of_every_value() {
        CliRun run = CliRun.run("--config-dir", config.toString(), "--machine", "nersc", "validate", "tiny", "--show-resolved");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines())
                .anyMatch(l -> l.matches("execution\\.timeout_hours = 12\\.0 +# config/defaults/nersc\\.yaml"))
                .anyMatch(l -> l.matches("execution\\.batch_size = 10 +# config/productions/tiny\\.yaml"))
                .anyMatch(l -> l.matches("execution\\.retry_policy\\.timeout_factor = 1\\.5 +# built-in"));
    }

    @Test
    void json_prints_config_and_sources() throws Exception {
        CliRun run = CliRun.run("--config-dir", config.toString(), "--machine", "nersc", "validate", "tiny", "--json");

        assertThat(run.exitCode()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.path("config").path("resources").path("account").asText()).isEqualTo("m4943");
        assertThat(json.path("sources").path("resources.account").asText()).isEqualTo("config/defaults/nersc.yaml");
        assertThat(json.path("config").path("science").path("realizations").path("count").asInt()).isEqualTo(2);
    }

    @Test
    void unknown_machine_and_unknown_production_are_invalid_input() {
        CliRun machine = CliRun.run("--config-dir", config.toString(), "--machine", "cray", "validate", "tiny");
        assertThat(machine.exitCode()).isEqualTo(2);
        assertThat(machine.err()).isEqualTo("command line: machine: unknown machine 'cray' (available: local, nersc)" + System.lineSeparator());

        CliRun production = CliRun.run("--config-dir", config.toString(), "validate", "gamma");
        assertThat(production.exitCode()).isEqualTo(2);
        assertThat(production.err()).startsWith("command line: production: no production named 'gamma'");
    }

    @Test
    void usage_errors_exit_2() {
        CliRun run = CliRun.run("validate");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(run.err()).contains("Missing required parameter: 'NAME|FILE'");
    }

    @Test
    void version_and_set_flags_override_the_file_and_are_named_as_sources() {
        CliRun run = CliRun.run("--config-dir", config.toString(), "validate", "tiny", "--show-resolved",
                "--version", "v2.0", "--set", "execution.batch_size=500");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines())
                .anyMatch(l -> l.matches("production\\.version = v2\\.0 +# --version"))
                .anyMatch(l -> l.matches("execution\\.batch_size = 500 +# --set execution\\.batch_size"));
    }

    @Test
    void subcommand_help_works_and_top_level_version_comes_from_the_manifest_or_says_development() {
        CliRun help = CliRun.run("validate", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Check a production's configuration").contains("--show-resolved");

        CliRun version = CliRun.run("--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("production-manager ");
    }
}
