package io.productionmanager.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad inputs run as a real process, where the log output lands on the same terminal as the error:
 * the user sees one line per problem and no stack trace, and the exit code is the process's.
 */
class BadInputProcessTest {

    record Proc(int exit, String out, List<String> errLines) {
    }

    @TempDir
    Path tmp;

    @Test
    void a_failure_inside_a_route_is_one_error_line_without_log_lines_or_stack_trace() throws Exception {
        Bench bench = new Bench(tmp);
        // outside any git repository: init's route fails at CHECK_GIT
        Bench.deleteTree(bench.repo.resolve(".git"));

        Proc p = run(bench, "init", "good");

        assertThat(p.exit()).isEqualTo(2);
        assertThat(p.errLines()).as("stderr").hasSize(1);
        assertThat(p.errLines().get(0)).startsWith("error: ").contains("not inside a git repository").contains("--no-git");
        assertThat(bench.snapshot()).doesNotContain("out/good");
    }

    @Test
    void a_configuration_problem_is_one_line_with_file_line_and_field() throws Exception {
        Bench bench = new Bench(tmp);
        bench.writeProduction("bad", bench.production("bad") + "resources:\n  account: \"m49; rm -rf ~\"\n");
        bench.commit("bad");

        Proc p = run(bench, "init", "bad");

        assertThat(p.exit()).isEqualTo(2);
        assertThat(p.errLines()).as("stderr").hasSize(1);
        assertThat(p.errLines().get(0)).startsWith("config/productions/bad.yaml:12:").contains("resources.account");
        assertThat(bench.snapshot()).doesNotContain("out/bad");
    }

    private static Proc run(Bench bench, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.productionmanager.cli.Main",
                "--config-dir", bench.config.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(bench.root.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        // both streams are small; read stderr on its own thread so neither pipe fills up
        StringBuilder err = new StringBuilder();
        Thread errReader = new Thread(() -> {
            try {
                err.append(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                err.append("unreadable stderr: ").append(e);
            }
        });
        errReader.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the command finishes").isTrue();
        errReader.join();
        return new Proc(p.exitValue(), out, err.toString().lines().filter(l -> !l.isBlank()).toList());
    }
}
