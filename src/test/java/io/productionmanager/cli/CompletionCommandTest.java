package io.productionmanager.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.productionmanager.testsupport.CliRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code completion}: a bash/zsh script generated from the command line definition, valid bash, naming every command. */
class CompletionCommandTest {

    @TempDir
    Path tmp;

    private static String bash(Path script, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", command, "bash", script.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("bash finished").isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }

    private Path script() throws IOException {
        CliRun run = CliRun.run("completion");
        assertThat(run.exitCode()).as(run.err()).isZero();
        return Files.writeString(tmp.resolve("production-manager.bash"), run.out());
    }

    @Test
    void the_script_is_valid_bash_and_names_every_subcommand() throws Exception {
        Path script = script();

        bash(script, "bash -n \"$1\"");
        List<String> names = ProductionManagerCommand.commandLine().getSubcommands().keySet().stream().toList();
        assertThat(names).contains("status", "monitor", "run", "demo", "completion");
        assertThat(Files.readString(script)).contains(names.stream().map(n -> " " + n).toList());
    }

    @Test
    void sourced_it_completes_commands_and_their_options() throws Exception {
        Path script = script();

        String commands = bash(script, "source \"$1\"; COMP_WORDS=(production-manager st); COMP_CWORD=1; "
                + "_complete_production-manager 2>/dev/null; echo \"${COMPREPLY[@]}\"");
        String options = bash(script, "source \"$1\"; COMP_WORDS=(production-manager status --); COMP_CWORD=2; "
                + "_complete_production-manager 2>/dev/null; echo \"${COMPREPLY[@]}\"");

        assertThat(commands.strip().split(" ")).containsExactlyInAnyOrder("stage", "status");
        assertThat(options.strip().split(" ")).contains("--verbose", "--all", "--json", "--config-dir");
    }

    @Test
    void zsh_gets_the_same_script_and_an_unknown_shell_is_a_one_line_error_with_exit_2() {
        assertThat(CliRun.run("completion", "zsh").out()).isEqualTo(CliRun.run("completion").out())
                .contains("ZSH_VERSION");

        CliRun run = CliRun.run("completion", "fish");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(run.err()).isEqualTo("completion: unknown shell 'fish'; expected bash or zsh" + System.lineSeparator());
        assertThat(run.out()).isEmpty();
    }

    @Test
    void an_unknown_option_is_an_error_with_exit_2() {
        CliRun run = CliRun.run("completion", "--shell");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(run.err()).contains("--shell");
        assertThat(run.out()).isEmpty();
    }
}
