package io.productionmanager.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.productionmanager.production.Production;
import io.productionmanager.production.Workspace;
import io.productionmanager.mock.CatalogWriter;
import io.productionmanager.mock.MockCatalog;
import io.productionmanager.store.Event;
import io.productionmanager.store.JobState;

/**
 * The local executor controlled from other processes: every command runs in its own JVM, as a user's shells
 * would, the jobs are a bash payload that sleeps in a child process, and `kill -0` / `ps` prove that no
 * process a test started is left behind.
 */
class LocalProcessControlTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path root;

    private Pipeline pipeline;
    private Path pids;
    private Path template;
    private final List<Process> children = new ArrayList<>();
    private final Map<Process, Path> outputs = new java.util.HashMap<>();

    @BeforeEach
    void start() throws IOException {
        pipeline = Pipeline.start(root);
        pids = Files.createDirectories(root.resolve("pids"));
        template = root.resolve("template.hdf5");
        CatalogWriter.write(MockCatalog.draw(0, 0.5, 42, 50), template);
    }

    @AfterEach
    void stop() {
        children.forEach(Process::destroyForcibly);
        pipeline.close();
    }

    /** A production of {@code count} jobs (one per batch) running the sleeping payload. */
    private String production(String prefix, int count, int seconds, int failOnAttempt) throws Exception {
        String name = prefix + "_" + Long.toHexString(System.nanoTime());
        Path payload = Path.of(System.getProperty("pm.project.dir", ".")).toAbsolutePath()
                .resolve("src/test/resources/payloads/sleep-in-child.sh");
        Files.writeString(pipeline.configDir().resolve("productions/" + name + ".yaml"), """
                production: {name: %s, version: v1.0}
                science:
                  redshifts: [0.5]
                  realizations: {count: %d}
                execution:
                  executor: local
                  local_parallelism: 4
                  batch_size: 1
                  command: "bash %s {output} {attempt} %d %s %s %d"
                outputs:
                  base_path: "%s"
                """.formatted(name, count, payload, seconds, pids, template, failOnAttempt, pipeline.baseDir()));
        Pipeline.ChildRun init = pipeline.runChild(Map.of(), "init", name, "--no-git");
        assertThat(init.exitCode()).as("init: %s", init).isZero();
        return name;
    }

    /** Starts the command line in its own JVM and returns at once. */
    private Process startChild(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(TestClasspath.java().toString(), "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-cp", pipeline.launcherJar().toString(), "-Dpm.state-dir=" + pipeline.stateDir(),
                "-Dpm.app-jar=" + pipeline.launcherJar(), "io.productionmanager.cli.Main",
                "--config-dir", pipeline.configDir().toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(root, "bg", ".out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        children.add(p);
        outputs.put(p, out);
        return p;
    }

    private String output(Process p) throws IOException {
        return Files.readString(outputs.get(p));
    }

    /** The payload's own pid and its sleeping child's, for realization {@code r} at {@code attempt}. */
    private long[] payloadPids(int realization, int attempt) throws IOException {
        Path file = pids.resolve(String.format("r%04d.%d", realization, attempt));
        await().atMost(WAIT).until(() -> Files.exists(file) && Files.readString(file).trim().split(" ").length == 2);
        String[] words = Files.readString(file).trim().split(" ");
        return new long[] {Long.parseLong(words[0]), Long.parseLong(words[1])};
    }

    /** {@code kill -0 PID}: true while the process exists. */
    private static boolean alive(long pid) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("kill", "-0", Long.toString(pid)).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor() == 0;
    }

    /** Lines of {@code ps -eo pid,ppid,args} naming the test's folder: processes it started and left. */
    private List<String> leftovers() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ps", "-eo", "pid,ppid,args").redirectErrorStream(true).start();
        String all = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return all.lines().filter(l -> l.contains(root.toString()) && !l.contains(" ps -eo")).toList();
    }

    private void assertGone(long... processes) {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            for (long pid : processes) {
                assertThat(alive(pid)).as("process %d (kill -0)", pid).isFalse();
            }
        });
    }

    @Test
    void cancel_of_one_job_from_another_process_stops_its_whole_tree_and_the_waiting_submit_finishes()
            throws Exception {
        String name = production("xcancel", 2, 120, 0);
        Process submit = startChild("submit", name, "--interval", "0.3");
        long[] first = payloadPids(0, 1);
        long[] second = payloadPids(1, 1);
        assertThat(alive(first[0]) && alive(first[1]) && alive(second[0]) && alive(second[1])).isTrue();

        Pipeline.ChildRun monitor = pipeline.runChild(Map.of(), "monitor", name, "--once");
        assertThat(monitor.out()).as("monitor --once while both run").contains(name + ": in progress: 2 running")
                .doesNotContain("finished");

        Pipeline.ChildRun cancelOne = pipeline.runChild(Map.of(), "cancel", name, "--job", "r0000_z0.500");
        assertThat(cancelOne.exitCode()).as("cancel --job: %s", cancelOne).isZero();
        assertThat(cancelOne.out()).contains(name + ": 1 jobs cancelled");
        // the payload's shell and the child it sleeps in both die; the other job runs on
        assertGone(first);
        assertThat(alive(second[0]) && alive(second[1])).as("the other job's tree").isTrue();

        Pipeline.ChildRun cancelAll = pipeline.runChild(Map.of(), "cancel", name);
        assertThat(cancelAll.exitCode()).as("cancel: %s", cancelAll).isZero();
        assertGone(second);

        assertThat(submit.waitFor(60, TimeUnit.SECONDS)).as("the waiting submit ends").isTrue();
        String printed = output(submit);
        assertThat(printed).contains(name + ": finished: 0 completed, 0 failed, 2 cancelled");
        assertThat(submit.exitValue()).as(printed).isZero();
        assertThat(leftovers()).as("processes left running").isEmpty();
        try (Workspace ws = new Workspace(pipeline.configDir(), "local", Clock.systemUTC())) {
            Production p = ws.open(name);
            assertThat(p.store().jobs()).extracting(j -> j.state()).containsOnly(JobState.CANCELLED);
        }
        assertThat(pipeline.stateDir().resolve("local/requests")).as("handled requests are removed").isEmptyDirectory();
    }

    @Test
    void retry_submit_waits_for_its_tasks_and_the_next_submit_finds_nothing_orphaned() throws Exception {
        String name = production("xretry", 1, 2, 1);
        Pipeline.ChildRun submit = pipeline.runChild(Map.of(), "submit", name, "--interval", "0.3");
        assertThat(submit.exitCode()).as("a submit whose job FAILED: %s", submit).isEqualTo(1);
        assertThat(submit.out()).contains(name + ": finished: 0 completed, 1 failed, 0 cancelled");
        assertThat(submit.err()).contains(name + ": 1 jobs FAILED");

        Pipeline.ChildRun retry = pipeline.runChild(Map.of(), "retry", name, "--submit", "--interval", "0.3");
        assertThat(retry.exitCode()).as("retry --submit: %s", retry).isZero();
        assertThat(retry.out()).contains(name + ": 1 jobs back to PENDING").contains("submitted batch_0001")
                .contains(name + ": finished: 1 completed, 0 failed, 0 cancelled");
        long[] tree = payloadPids(0, 2);
        assertThat(alive(tree[0]) || alive(tree[1])).as("the retried task ended before retry returned").isFalse();
        assertThat(leftovers()).as("processes left running").isEmpty();

        Pipeline.ChildRun next = pipeline.runChild(Map.of(), "submit", name);
        assertThat(next.exitCode()).as("next submit: %s", next).isZero();
        assertThat(next.out()).contains(name + ": nothing to submit");
        try (Workspace ws = new Workspace(pipeline.configDir(), "local", Clock.systemUTC())) {
            Production p = ws.open(name);
            assertThat(p.store().find("r0000_z0.500").orElseThrow().state()).isEqualTo(JobState.COMPLETED);
            assertThat(p.store().events("r0000_z0.500")).extracting(Event::reason)
                    .noneMatch(r -> r != null && r.contains("NODE_FAIL"));
        }
    }

    @Test
    void a_submit_stopped_with_sigterm_takes_its_task_trees_with_it() throws Exception {
        String name = production("xterm", 2, 120, 0);
        Process submit = startChild("submit", name, "--interval", "0.3");
        long[] first = payloadPids(0, 1);
        long[] second = payloadPids(1, 1);

        submit.destroy();
        assertThat(submit.waitFor(60, TimeUnit.SECONDS)).as("submit ends on SIGTERM").isTrue();
        assertGone(first[0], first[1], second[0], second[1]);
        assertThat(leftovers()).as("processes left running").isEmpty();

        // the next command sees the tasks as ended by the stop, to run again without spending an attempt
        Pipeline.ChildRun status = pipeline.runChild(Map.of(), "cancel", name);
        assertThat(status.exitCode()).as("%s", status).isZero();
    }
}
