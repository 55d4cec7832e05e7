package io.productionmanager.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import io.productionmanager.config.ConfigFixtures;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus: each input goes through the real command line and must give a clear error
 * (file, line and field for a configuration problem), exit 2 (invalid input) or 1 (runtime error),
 * and leave everything as it was: no production folder, no database, no tag, no changed rows.
 */
class BadInputCorpusTest {

    /** One bad input: what to prepare, the arguments, the exit code and the fragments stderr must hold. */
    record BadInput(String name, Consumer<Bench> setup, Function<Bench, String[]> args, int exit, List<String> fragments) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final String BAD = "config/productions/bad.yaml:";

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void a_bad_input_is_refused_clearly_and_changes_nothing(BadInput in) {
        try (Bench bench = new Bench(tmp)) {
            in.setup().accept(bench);
            String before = bench.snapshot();

            String[] args = in.args().apply(bench);
            // a case about the global options gives all of them itself
            Bench.Run run = args[0].startsWith("--config-dir") ? Bench.rawCli(args) : bench.cli(args);

            assertThat(run.exitCode()).as("exit code of %s: %s", in.name(), run).isEqualTo(in.exit());
            for (String fragment : in.fragments()) {
                assertThat(run.err()).as("stderr of %s", in.name()).contains(fragment);
            }
            assertThat(run.err()).as("no stack trace for %s", in.name()).doesNotContain("\tat ").doesNotContain("Exception:")
                    .doesNotContain("----");
            assertThat(run.out()).as("nothing claimed on stdout for %s", in.name())
                    .doesNotContain("initialized").doesNotContain("submitted");
            assertThat(bench.snapshot()).as("state after %s", in.name()).isEqualTo(before);
            record(in, run);
        }
    }

    /** Appends the case's outcome to target/reliability/bad-input-corpus.txt, the corpus as a user sees it. */
    private void record(BadInput in, Bench.Run run) {
        Path file = ConfigFixtures.projectDir().resolve("target/reliability/bad-input-corpus.txt");
        String line = in.name() + " | exit " + run.exitCode() + " | "
                + run.err().strip().replace(tmp.toString(), "$TMP").replace("\n", " / ") + "\n";
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- the corpus

    static Stream<BadInput> corpus() {
        return Stream.of(
                // broken YAML
                initBad("yaml_tab_indentation", b -> b.production("bad").replace("  batch_size: 2", "\tbatch_size: 2"),
                        2, BAD + "10:"),
                // an unclosed quote runs on to the next quote: SnakeYAML fails where the text stops making sense
                initBad("yaml_unclosed_quote", b -> b.production("bad").replace("\"v1.0\"", "\"v1.0"), 2,
                        BAD + "8:", "malformed YAML", "started at line 2"),
                initBad("yaml_unclosed_quote_at_end", b -> b.production("bad").replace("batch_size: 2", "batch_size: \"2"), 2,
                        BAD, "malformed YAML", "quoted scalar"),
                initBad("yaml_duplicate_key", b -> b.production("bad") + "  batch_size: 3\n", 2, BAD + "11:", "batch_size"),
                initBad("yaml_top_level_is_a_list", b -> "- production\n- science\n", 2, BAD + "1:"),
                initBad("yaml_empty_file", b -> "", 2, "bad.yaml"),
                // schema violations and unknown keys
                initBad("missing_redshifts", b -> b.production("bad").replace("  redshifts: [0.5, 1.0]\n", ""), 2,
                        BAD, "science.redshifts"),
                initBad("wrong_type_batch_size", b -> b.production("bad").replace("batch_size: 2", "batch_size: ten"), 2,
                        BAD + "10:", "execution.batch_size"),
                initBad("negative_redshift", b -> b.production("bad").replace("[0.5, 1.0]", "[0.5, -1.0]"), 2,
                        BAD + "5:", "science.redshifts[1]"),
                initBad("unknown_key_top", b -> b.production("bad") + "extras:\n  a: 1\n", 2, BAD + "11:", "extras"),
                initBad("unknown_key_nested", b -> b.production("bad") + "  batch_sise: 3\n", 2, BAD + "11:",
                        "execution.batch_sise", "did you mean 'batch_size'"),
                initBad("unknown_executor", b -> b.production("bad") + "  executor: pbs\n", 2, BAD + "11:", "execution.executor"),
                initBad("name_with_slash", b -> b.production("bad").replace("\"bad\"", "\"a/b\""), 2, BAD + "2:", "production.name"),
                initBad("name_with_dotdot", b -> b.production("bad").replace("\"bad\"", "\"..\""), 2, BAD + "2:", "production.name"),
                initBad("name_with_space", b -> b.production("bad").replace("\"bad\"", "\"my prod\""), 2, BAD + "2:", "production.name"),
                initBad("name_differs_from_file", b -> b.production("bad").replace("\"bad\"", "\"other\""), 2, BAD + "2:",
                        "production.name"),
                // hostile strings in every value bound for a script
                initBad("account_semicolon", b -> b.production("bad") + "resources:\n  account: \"m49; rm -rf ~\"\n", 2,
                        BAD + "12:", "resources.account"),
                initBad("account_command_substitution", b -> b.production("bad") + "resources:\n  account: \"$(reboot)\"\n", 2,
                        BAD + "12:", "resources.account"),
                initBad("partition_backtick", b -> b.production("bad") + "resources:\n  partition: \"debug`id`\"\n", 2,
                        BAD + "12:", "resources.partition"),
                initBad("qos_newline", b -> b.production("bad") + "resources:\n  qos: \"normal\\n#SBATCH --uid=0\"\n", 2,
                        BAD + "12:", "resources.qos"),
                initBad("constraint_command_substitution", b -> b.production("bad") + "resources:\n  constraint: \"cpu$(id)\"\n", 2,
                        BAD + "12:", "resources.constraint"),
                initBad("command_semicolon", b -> b.production("bad") + "  command: \"gen {output}; rm -rf /\"\n", 2,
                        BAD + "11:", "execution.command"),
                initBad("command_substitution", b -> b.production("bad") + "  command: \"gen $(id) {output}\"\n", 2,
                        BAD + "11:", "execution.command"),
                initBad("command_backtick", b -> b.production("bad") + "  command: \"gen `id` {output}\"\n", 2,
                        BAD + "11:", "execution.command"),
                initBad("command_newline", b -> b.production("bad") + "  command: \"gen {output}\\nrm -rf /\"\n", 2,
                        BAD + "11:", "execution.command"),
                initBad("base_path_newline", b -> b.production("bad").replace(b.out.toString(), b.out + "\\nx"), 2,
                        BAD + "8:", "outputs.base_path"),
                // the job contract: output names, output validation, science parameters, the job command
                initBad("validation_unknown_format", b -> outputs(b, "  validation: {format: netcdf}\n"), 2,
                        BAD + "8:", "outputs.validation.format", "hdf5, any"),
                initBad("validation_negative_min_bytes", b -> outputs(b, "  validation: {min_bytes: -1}\n"), 2,
                        BAD + "8:", "outputs.validation.min_bytes"),
                initBad("validation_blank_dataset_name", b -> outputs(b, "  validation: {required_datasets: [x, \" \"]}\n"), 2,
                        BAD + "8:", "outputs.validation.required_datasets[1]", "must not be blank"),
                initBad("check_command_shell_syntax", b -> outputs(b, "  validation: {check_command: \"h5check {output} && rm -rf /\"}\n"), 2,
                        BAD + "8:", "outputs.validation.check_command", "shell metacharacter '&'"),
                initBad("check_command_unknown_placeholder", b -> outputs(b, "  validation: {check_command: \"h5check {outptu}\"}\n"), 2,
                        BAD + "8:", "outputs.validation.check_command", "unknown placeholder '{outptu}'"),
                initBad("command_unknown_catalog_param", b -> b.production("bad") + "  command: \"gen {param.seed} {output}\"\n", 2,
                        BAD + "11:", "execution.command", "unknown placeholder '{param.seed}'", "science.catalog_params has no key 'seed'"),
                initBad("filename_unknown_placeholder", b -> outputs(b, "  filename: \"cat_{seed}.h5\"\n"), 2,
                        BAD + "8:", "outputs.filename", "unknown placeholder '{seed}'"),
                initBad("filename_with_slash", b -> outputs(b, "  filename: \"../cat_{redshift}.h5\"\n"), 2,
                        BAD + "8:", "outputs.filename", "'/'"),
                initBad("filename_same_for_every_redshift", b -> outputs(b, "  filename: \"cat.h5\"\n"), 2,
                        BAD + "8:", "outputs.filename", "use {redshift} or {job_id}"),
                new BadInput("no_command_on_a_slurm_machine", b -> { }, b -> a("--machine", "nersc", "init", "good"), 2,
                        List.of("config/productions/good.yaml:", "execution.command: required for machine 'nersc' (executor slurm)")),
                // oversized and out-of-range numbers
                initBad("realization_count_10e12", b -> b.production("bad").replace("{count: 3}", "{count: 1000000000000}"), 2,
                        BAD + "6:", "science.realizations.count"),
                initBad("batch_size_zero", b -> b.production("bad").replace("batch_size: 2", "batch_size: 0"), 2,
                        BAD + "10:", "execution.batch_size"),
                initBad("negative_timeout", b -> b.production("bad") + "  timeout_hours: -1\n", 2,
                        BAD + "11:", "execution.timeout_hours"),
                initBad("negative_max_retries", b -> b.production("bad") + "  retry_policy: {max_retries: -2}\n", 2,
                        BAD + "11:", "execution.retry_policy.max_retries"),
                initBad("exit_code_out_of_range", b -> b.production("bad") + "  retry_policy: {no_retry_exit_codes: [300]}\n", 2,
                        BAD + "11:", "no_retry_exit_codes"),
                // missing things and unknown names
                new BadInput("unknown_production", b -> { }, b -> a("init", "gamma"), 2,
                        List.of("no production named 'gamma'", "available: good")),
                new BadInput("production_file_missing", b -> { }, b -> a("init", b.root.resolve("nope.yaml").toString()), 2,
                        List.of("nope.yaml")),
                new BadInput("unknown_machine_option", b -> { }, b -> a("--machine", "cray", "init", "good"), 2,
                        List.of("unknown machine 'cray'", "available: local, nersc")),
                new BadInput("machine_file_deleted", b -> { deleteFile(b.config.resolve("defaults/nersc.yaml")); b.commit("rm"); },
                        b -> a("--machine", "nersc", "init", "good"), 2, List.of("unknown machine 'nersc'")),
                new BadInput("config_dir_missing", b -> { }, b -> a("--config-dir", b.root.resolve("nowhere").toString(), "init", "good"), 2,
                        List.of("configuration folder", "nowhere does not exist", "--config-dir")),
                new BadInput("init_version_with_metacharacters", b -> { }, b -> a("init", "good", "--version", "v1;rm"), 2,
                        List.of("production.version")),
                // the state of the world
                new BadInput("production_already_exists", Bench::initGood, b -> a("init", "good"), 2,
                        List.of("is already initialized at", "nothing was changed")),
                new BadInput("dirty_tree", b -> b.write(b.config.resolve("defaults/local.yaml"),
                        read(b.config.resolve("defaults/local.yaml")) + "# edited\n"), b -> a("init", "good"), 2,
                        List.of("uncommitted", "--allow-dirty")),
                new BadInput("outside_git_without_no_git", b -> Bench.deleteTree(b.repo.resolve(".git")), b -> a("init", "good"), 2,
                        List.of("not inside a git repository", "--no-git")),
                new BadInput("base_path_is_a_regular_file", b -> {
                    b.write(b.root.resolve("plain-file"), "not a folder\n");
                    b.writeProduction("good", b.production("good").replace(b.out.toString(), b.root.resolve("plain-file").toString()));
                    b.commit("base path on a file");
                }, b -> a("init", "good"), 1, List.of("plain-file")),
                new BadInput("base_path_on_read_only_filesystem", b -> {
                    Assumptions.assumeTrue(b.mountTmpfs(b.root.resolve("ro"), "ro,size=64k"), "mount is not allowed here");
                    b.writeProduction("good", b.production("good").replace(b.out.toString(), b.root.resolve("ro/out").toString()));
                    b.commit("base path on a read-only filesystem");
                }, b -> a("init", "good"), 1, List.of("Read-only file system")),
                new BadInput("disk_full_during_init", b -> {
                    Assumptions.assumeTrue(b.mountTmpfs(b.root.resolve("tiny"), "size=64k"), "mount is not allowed here");
                    b.writeProduction("good", b.production("good").replace(b.out.toString(), b.root.resolve("tiny").toString())
                            .replace("{count: 3}", "{count: 2000}"));
                    b.commit("base path on a tiny filesystem");
                }, b -> a("init", "good"), 1, List.of("good")),
                // commands on productions that are not there, or with ids that are not there
                new BadInput("stage_not_initialized", b -> { }, b -> a("stage", "good"), 2, List.of("good", "init")),
                new BadInput("submit_not_initialized", b -> { }, b -> a("submit", "good"), 2, List.of("good", "init")),
                new BadInput("status_unknown_production", b -> { }, b -> a("status", "gamma"), 2, List.of("no production named 'gamma'")),
                new BadInput("status_not_initialized", b -> { }, b -> a("status", "good"), 2, List.of("good", "init")),
                new BadInput("report_unknown_production", b -> { }, b -> a("report", "gamma"), 2, List.of("no production named 'gamma'")),
                new BadInput("cancel_unknown_job_id", Bench::initGood, b -> a("cancel", "good", "--job", "r9999_z9.000"), 2,
                        List.of("r9999_z9.000")),
                new BadInput("retry_unknown_job_id", Bench::initGood, b -> a("retry", "good", "--job", "nope"), 2,
                        List.of("nope")),
                new BadInput("stage_with_template_syntax_error", b -> {
                    b.initGood();
                    b.write(b.config.resolve("templates/slurm_array.sh.ftl"), "#!/bin/bash\n<#if true>\n#SBATCH --job-name=x\n");
                }, b -> a("stage", "good"), 2, List.of("slurm_array.sh.ftl", "line ")),
                new BadInput("stage_with_template_unknown_variable", b -> {
                    b.initGood();
                    b.write(b.config.resolve("templates/slurm_array.sh.ftl"), "#!/bin/bash\n#SBATCH --array=[=no_such_value]\n");
                }, b -> a("stage", "good"), 2, List.of("slurm_array.sh.ftl", "line 2", "no_such_value")),
                // usage
                new BadInput("unknown_subcommand", b -> { }, b -> a("inti", "good"), 2, List.of("inti")),
                new BadInput("unknown_option", b -> { }, b -> a("init", "good", "--alow-dirty"), 2, List.of("--alow-dirty")));
    }

    /** {@code init bad} of the production text the function gives. */
    private static BadInput initBad(String name, Function<Bench, String> text, int exit, String... fragments) {
        return new BadInput(name, b -> {
            b.writeProduction("bad", text.apply(b));
            b.commit("add bad");
        }, b -> a("init", "bad"), exit, List.of(fragments));
    }

    /** The valid production with {@code lines} added at the top of its {@code outputs} mapping (line 8 on). */
    private static String outputs(Bench b, String lines) {
        return b.production("bad").replace("outputs:\n", "outputs:\n" + lines);
    }

    private static String[] a(String... args) {
        return args;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteFile(Path p) {
        try {
            Files.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
