package io.productionmanager.local;

import io.productionmanager.executor.SchedulerState;
import io.productionmanager.executor.TaskStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The manager's JVM dies (SIGKILL) while an array runs; a new executor on the same state directory takes over. */
class LocalExecutorCrashRecoveryTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final List<ProcessHandle> leftovers = new ArrayList<>();
    private LocalExecutor executor;

    @AfterEach
    void cleanUp() {
        if (executor != null) {
            executor.close();
        }
        // task scripts outlive the killed manager: stop every one that wrote a start marker
        try (var markers = Files.list(dir.resolve("production/logs"))) {
            markers.filter(f -> f.toString().endsWith(".start")).forEach(f -> {
                try {
                    ProcessHandle.of(pidOf(f)).ifPresent(leftovers::add);
                } catch (IOException | RuntimeException e) {
                    // a marker being written right now; its process is among the manager's descendants
                }
            });
        } catch (IOException e) {
            // no logs directory: nothing was started
        }
        leftovers.forEach(h -> {
            h.descendants().forEach(ProcessHandle::destroyForcibly);
            h.destroyForcibly();
        });
    }

    @Test
    void tasks_outliving_a_killed_manager_are_followed_and_the_rest_reported_orphaned() throws Exception {
        ArrayScriptFixture batches = new ArrayScriptFixture(dir.resolve("production"));
        Path release = dir.resolve("release");
        // task 0 ends at once, task 1 waits for the test, task 2 is killed by the test, task 3 never starts
        Path script = batches.write(0, 4, "case \"$PM_REALIZATION\" in 0) true;; "
                + "1) while [ ! -e '" + release + "' ]; do sleep 0.05; done;; *) exec sleep 30;; esac");
        Path stateDir = dir.resolve("state");
        Process manager = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LocalExecutorHarness.class.getName(),
                stateDir.toString(), script.toString(), "pm_test_b0000", "4", "2")
                .redirectError(dir.resolve("manager.err").toFile()).start();
        leftovers.add(manager.toHandle());
        String id;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(manager.getInputStream(), StandardCharsets.UTF_8))) {
            id = arrayId(out);
            assertThat(id).as("array id printed by the manager").matches("\\d+");
            Path logs = batches.logs();
            await().atMost(WAIT).until(() -> Files.exists(logs.resolve("batch_0000_0.exit"))
                    && Files.exists(logs.resolve("batch_0000_1.start"))
                    && Files.exists(logs.resolve("batch_0000_2.start")));
            manager.toHandle().descendants().forEach(leftovers::add);
            manager.destroyForcibly();
            manager.waitFor();
        }
        // task 2's process dies with the "node": no .exit marker, no process
        long task2 = pidOf(batches.logs().resolve("batch_0000_2.start"));
        ProcessHandle.of(task2).ifPresent(ProcessHandle::destroyForcibly);
        await().atMost(WAIT).until(() -> ProcessHandle.of(task2).map(h -> !h.isAlive()).orElse(true));

        executor = new LocalExecutor(stateDir, 2, Clock.systemUTC());
        List<TaskStatus> queue = executor.queue(List.of(id));
        assertThat(queue).extracting(TaskStatus::taskId, TaskStatus::state)
                .as("task 1 still runs without its manager").containsExactly(org.assertj.core.groups.Tuple.tuple(1, SchedulerState.RUNNING));
        Map<Integer, TaskStatus> finished = byTask(executor.accounting(List.of(id), null));
        assertThat(finished.keySet()).containsExactlyInAnyOrder(0, 2, 3);
        assertThat(finished.get(0).state()).isEqualTo(SchedulerState.COMPLETED);
        assertThat(finished.get(2).state()).isEqualTo(SchedulerState.NODE_FAIL);
        assertThat(finished.get(2).reason()).isEqualTo("task orphaned by a restart of the local executor");
        assertThat(finished.get(3).state()).isEqualTo(SchedulerState.NODE_FAIL);
        assertThat(finished.get(3).start()).isNull();

        Files.createFile(release);
        await().atMost(WAIT).until(() -> executor.accounting(List.of(id), null).size() == 4);
        TaskStatus task1 = byTask(executor.accounting(List.of(id), null)).get(1);
        assertThat(task1.state()).as("outcome read from the .exit marker").isEqualTo(SchedulerState.COMPLETED);
        assertThat(task1.exitCode()).isZero();
        assertThat(executor.queue(List.of(id))).isEmpty();
    }

    private static String arrayId(BufferedReader out) throws IOException {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("ARRAY_ID=")) {
                return line.substring("ARRAY_ID=".length());
            }
        }
        return null;
    }

    private static long pidOf(Path startMarker) throws IOException {
        return Long.parseLong(TaskMarkers.read(startMarker).orElseThrow().fields().get("pid"));
    }

    private static Map<Integer, TaskStatus> byTask(List<TaskStatus> statuses) {
        return statuses.stream().collect(Collectors.toMap(TaskStatus::taskId, Function.identity()));
    }
}
