package io.productionmanager.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/**
 * A command builds only the subcommand it runs when its arguments name it; help, usage errors, refused input
 * and results are the same as with every subcommand built.
 */
class SubcommandSelectionTest {

    @TempDir
    Path tmp;

    @Test
    void the_subcommand_is_the_first_word_after_the_global_options() {
        assertThat(ProductionManagerCommand.onlySubcommand(new String[] {"status", "alpha"})).isEqualTo("status");
        assertThat(ProductionManagerCommand.onlySubcommand(new String[] {"--config-dir", "list", "validate", "x"}))
                .as("a global option's value is not the subcommand").isEqualTo("validate");
        assertThat(ProductionManagerCommand.onlySubcommand(new String[] {"--machine=status", "--catalog", "c.db",
                "--state-dir", "s", "list"})).isEqualTo("list");
        assertThat(ProductionManagerCommand.onlySubcommand(new String[] {"list", "--config-dir", "x"})).isEqualTo("list");
    }

    @Test
    void anything_else_builds_every_subcommand() {
        for (String[] args : List.of(new String[] {}, new String[] {"--help"}, new String[] {"-V", "status"},
                new String[] {"statsu", "alpha"}, new String[] {"@args.txt"}, new String[] {"--", "status"},
                new String[] {"--config-dir"}, new String[] {"--config-dir", "status"}, new String[] {"completion"},
                new String[] {"--bogus", "list"})) {
            assertThat(ProductionManagerCommand.onlySubcommand(args)).as(String.join(" ", args)).isNull();
        }
    }

    @Test
    void every_subcommand_name_builds_that_subcommand() {
        CommandLine all = ProductionManagerCommand.commandLine(name -> null, null);
        assertThat(all.getSubcommands().keySet()).containsExactlyElementsOf(ProductionManagerCommand.SUBCOMMAND_NAMES);
        for (String name : ProductionManagerCommand.SUBCOMMAND_NAMES) {
            CommandLine one = ProductionManagerCommand.commandLine(key -> null, name);
            assertThat(one.getSubcommands().keySet()).containsExactly(name);
        }
    }

    @Test
    void output_and_exit_code_do_not_depend_on_which_subcommands_are_built() throws Exception {
        Path config = tmp.resolve("config");
        Files.createDirectories(config.resolve("productions"));
        Files.createDirectories(config.resolve("defaults"));
        Files.writeString(config.resolve("defaults").resolve("local.yaml"), "machine:\n  executor: local\n");
        Files.writeString(config.resolve("productions").resolve("broken.yaml"), "production:\n  name: broken\n  bogus: 1\n");
        String c = config.toString();
        List<String[]> cases = new ArrayList<>();
        for (String name : ProductionManagerCommand.SUBCOMMAND_NAMES) {
            cases.add(new String[] {name, "--help"});
            cases.add(new String[] {"--config-dir", c, name, "--no-such-option"});
        }
        cases.add(new String[] {"--config-dir", c, "status"});
        cases.add(new String[] {"--config-dir", c, "status", "alpha", "beta"});
        cases.add(new String[] {"--config-dir", c, "status", "alpha", "list"});
        cases.add(new String[] {"--config-dir", c, "status", "alpha"});
        cases.add(new String[] {"--config-dir", c, "status", "alpha", "--json"});
        cases.add(new String[] {"--config-dir", c, "status", "--verbose", "ghost", "--machine", "nowhere"});
        cases.add(new String[] {"--config-dir=" + c, "list"});
        cases.add(new String[] {"--config-dir", c, "--machine", "nowhere", "list"});
        cases.add(new String[] {"list", "extra", "--config-dir", c});
        cases.add(new String[] {"--config-dir", c, "validate"});
        cases.add(new String[] {"--config-dir", c, "validate", "broken"});
        cases.add(new String[] {"--config-dir", c, "validate", "ghost"});
        cases.add(new String[] {"--config-dir", c, "validate", "broken", "--set", "oops"});
        cases.add(new String[] {"--config-dir", c, "validate", "broken", "--json"});
        cases.add(new String[] {"--config-dir", tmp.resolve("missing").toString(), "validate", "alpha"});
        cases.add(new String[] {"--config-dir", c, "logs", "ghost", "r0001"});
        cases.add(new String[] {"--config-dir", c, "report", "ghost"});
        cases.add(new String[] {"--machine"});
        cases.add(new String[] {"--help"});
        cases.add(new String[] {});
        for (String[] args : cases) {
            String[] full = run(null, args);
            String[] lazy = run(ProductionManagerCommand.onlySubcommand(args), args);
            assertThat(lazy).as(String.join(" ", args)).containsExactly(full);
        }
    }

    /** Exit code, stdout and stderr of {@code args}, with only subcommand {@code only} built (every one when null). */
    private static String[] run(String only, String[] args) {
        CommandLine cl = ProductionManagerCommand.commandLine(name -> null, only);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }
}
