package io.productionmanager.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.productionmanager.app.TestWorkspace;
import io.productionmanager.init.InitRequest;
import io.productionmanager.production.Workspace;
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
        assertThat(ProductionManagerCommand.onlySubcommand(new String[] {"--config-dir", "cfg", "validate", "x"}))
                .as("a global option's value is not the subcommand").isEqualTo("validate");
        assertThat(ProductionManagerCommand.onlySubcommand(new String[] {"--machine=cluster", "--catalog", "c.db",
                "--state-dir", "s", "list"})).isEqualTo("list");
        assertThat(ProductionManagerCommand.onlySubcommand(new String[] {"list", "--config-dir", "x"})).isEqualTo("list");
    }

    @Test
    void anything_else_builds_every_subcommand() {
        for (String[] args : List.of(new String[] {}, new String[] {"--help"}, new String[] {"-V", "status"},
                new String[] {"statsu", "alpha"}, new String[] {"@args.txt"}, new String[] {"--", "status"},
                new String[] {"--config-dir"}, new String[] {"--config-dir", "status"}, new String[] {"completion"},
                new String[] {"--bogus", "list"}, new String[] {"--config-dir", "list", "validate", "x"},
                new String[] {"--machine=status", "list"})) {
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
        cases.add(new String[] {"--config-dir", c, "--machine", "list", "status", "alpha"});
        cases.add(new String[] {"--config-dir", c, "--machine=list", "status", "alpha"});
        cases.add(new String[] {"--machine"});
        cases.add(new String[] {"--help"});
        cases.add(new String[] {});
        for (String[] args : cases) {
            String[] full = run(null, args);
            String[] lazy = run(ProductionManagerCommand.onlySubcommand(args), args);
            assertThat(lazy).as(String.join(" ", args)).containsExactly(full);
        }
    }

    @Test
    void the_quick_forms_print_and_exit_as_picocli_does() {
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        TestWorkspace project = TestWorkspace.inGitRepo(tmp.resolve("ws"));
        try {
            project.writeProduction("small", 3, 0.5, 1.0);
            project.writeProduction("later", 2, 0.5);
            project.writeProduction("demo", 1, 0.5);
            project.write("config/productions/broken.yaml", "production:\n  name: broken\n  bogus: 1\n");
            project.commitAll("Add productions");
            try (Workspace ws = project.workspace(clock)) {
                project.initService(ws, clock, s -> { }).init(InitRequest.of("small"));
            }
            String c = project.configDir.toString();
            String state = project.configDir.resolveSibling(".pm").toString();
            String file = project.configDir.resolve("productions").resolve("later.yaml").toString();
            List<String[]> cases = new ArrayList<>();
            for (String[] tail : List.of(new String[] {"status", "small"}, new String[] {"status", "small", "--json"},
                    new String[] {"status", "-v", "small"}, new String[] {"status", "--verbose", "--all", "small"},
                    new String[] {"status", "small", "--all"}, new String[] {"status", "--json", "-v", "small", "--all"},
                    new String[] {"status", "later"}, new String[] {"status", "ghost"}, new String[] {"status", "demo"},
                    new String[] {"status", "list"}, new String[] {"status", "broken"},
                    new String[] {"list"}, new String[] {"validate", "small"}, new String[] {"validate", "later", "--json"},
                    new String[] {"validate", "--show-resolved", "small"}, new String[] {"validate", "ghost"},
                    new String[] {"validate", "demo"}, new String[] {"validate", "broken"}, new String[] {"validate", file},
                    new String[] {"validate", "broken", "--json", "--show-resolved"})) {
                List<String> a = new ArrayList<>(List.of("--config-dir", c));
                a.addAll(List.of(tail));
                cases.add(a.toArray(String[]::new));
                List<String> b = new ArrayList<>(List.of(tail));
                b.addAll(List.of("--config-dir=" + c, "--machine", "nowhere"));
                cases.add(b.toArray(String[]::new));
                List<String> d = new ArrayList<>(List.of("--machine=local", "--state-dir", state, "--catalog",
                        state + "/catalog.db", "--config-dir", c));
                d.addAll(List.of(tail));
                cases.add(d.toArray(String[]::new));
            }
            cases.add(new String[] {"--config-dir", tmp.resolve("missing").toString(), "status", "small"});
            cases.add(new String[] {"--config-dir", tmp.resolve("missing").toString(), "list"});
            cases.add(new String[] {"--config-dir", tmp.resolve("missing").toString(), "validate", "small"});
            for (String[] args : cases) {
                QuickCommands.Run quick = QuickCommands.parse(args, name -> null);
                assertThat(quick).as("taken without picocli: " + String.join(" ", args)).isNotNull();
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                int code = quick.run(new PrintWriter(out, true), new PrintWriter(err, true));
                String[] picocli = run(null, args);
                assertThat(new String[] {String.valueOf(code), out.toString(), err.toString()}).as(String.join(" ", args))
                        .containsExactly(picocli);
            }
            assertThat(run(null, new String[] {"--config-dir", c, "status", "small"})[1]).contains("small");
        } finally {
            project.close();
        }
    }

    @Test
    void every_other_form_is_left_to_picocli() {
        for (String[] args : List.of(new String[] {}, new String[] {"--help"}, new String[] {"-V"},
                new String[] {"status"}, new String[] {"status", "a", "b"}, new String[] {"status", "-h"},
                new String[] {"status", "--help", "a"}, new String[] {"status", "-vh", "a"}, new String[] {"status", "a", "-x"},
                new String[] {"status", "a", "--json", "--json"}, new String[] {"status", "a", "-v", "--verbose"},
                new String[] {"status", "@args"}, new String[] {"@args", "status", "a"}, new String[] {"status", "--", "a"},
                new String[] {"status", "--json=true", "a"}, new String[] {"status", "a", "--show-resolved"},
                new String[] {"status", ""}, new String[] {"status", "\"a\""}, new String[] {"status", "'a'"},
                new String[] {"--machine"}, new String[] {"status", "a", "--machine"}, new String[] {"--machine=", "status", "a"},
                new String[] {"--machine", "-x", "status", "a"}, new String[] {"--machine", "a", "--machine", "b", "list"},
                new String[] {"--machine", "a", "list", "--machine", "b"}, new String[] {"--bogus", "list"},
                new String[] {"--config-dir", "status", "a"}, new String[] {"--machine", "list", "status", "a"},
                new String[] {"--machine=list", "status", "a"}, new String[] {"status", "a", "--catalog=init"}, new String[] {"--config-dir", "nul\0l", "list"},
                new String[] {"list", "extra"}, new String[] {"list", "--json"}, new String[] {"list", "-h"},
                new String[] {"validate", "a", "--set", "k=v"}, new String[] {"validate", "a", "--version", "1"},
                new String[] {"validate", "a", "-v"}, new String[] {"validate"}, new String[] {"stage", "a"},
                new String[] {"init", "a"}, new String[] {"statsu", "a"}, new String[] {"completion"})) {
            assertThat(QuickCommands.parse(args, name -> null)).as(String.join(" ", args)).isNull();
        }
        System.setProperty("picocli.trace", "OFF");
        try {
            assertThat(QuickCommands.parse(new String[] {"list"}, name -> null)).as("a picocli setting").isNull();
        } finally {
            System.clearProperty("picocli.trace");
        }
        assertThat(QuickCommands.parse(new String[] {"list"}, name -> null)).isNotNull();
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
