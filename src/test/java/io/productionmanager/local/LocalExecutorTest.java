package io.productionmanager.local;

import io.productionmanager.executor.SchedulerState;
import io.productionmanager.executor.SubmitRejectedException;
import io.productionmanager.executor.TaskStatus;
import io.productionmanager.mock.MockCatalogGenerator;
import io.productionmanager.qa.OutputValidator;
import io.productionmanager.qa.ValidationResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class LocalExecutorTest {

    /** The datasets the toy generator writes and its productions require. */
    private static final List<String> TOY_DATASETS = List.of("x", "y", "z", "magnitude");

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private Path stateDir;
    private ArrayScriptFixture batches;
    private final List<LocalExecutor> executors = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        stateDir = dir.resolve("state");
        batches = new ArrayScriptFixture(dir.resolve("production"));
    }

    @AfterEach
    void closeExecutors() {
        executors.forEach(LocalExecutor::close);
    }

    private LocalExecutor executor(int parallelism) {
        LocalExecutor executor = new LocalExecutor(stateDir, parallelism, Clock.systemUTC(), Duration.ofSeconds(2));
        executors.add(executor);
        return executor;
    }

    private static Map<Integer, TaskStatus> byTask(List<TaskStatus> statuses) {
        return statuses.stream().collect(Collectors.toMap(TaskStatus::taskId, Function.identity()));
    }

    private static Map<Integer, TaskStatus> finished(LocalExecutor executor, String arrayId, int count) {
        await().atMost(WAIT).until(() -> executor.accounting(List.of(arrayId), null).size() == count);
        return byTask(executor.accounting(List.of(arrayId), null));
    }

    @Test
    void six_generator_tasks_all_complete_with_valid_outputs_and_logs() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "'" + java + "' -cp '" + System.getProperty("java.class.path") + "' "
                + MockCatalogGenerator.class.getName()
                + " --realization \"$PM_REALIZATION\" --redshift \"$PM_REDSHIFT\" --output \"$PM_OUTPUT\""
                + " --attempt \"$PM_ATTEMPT\" --rows 200; "
                + "echo \"task $SLURM_ARRAY_TASK_ID of $SLURM_ARRAY_TASK_COUNT array $SLURM_ARRAY_JOB_ID"
                + " job $SLURM_JOB_ID name $SLURM_JOB_NAME\"";
        Path script = batches.write(0, 6, command);
        LocalExecutor executor = executor(2);

        Instant before = Instant.now();
        String id = executor.submitArray(script, "pm_test_b0000", 6);
        Map<Integer, TaskStatus> done = finished(executor, id, 6);

        OutputValidator validator = OutputValidator.hdf5(TOY_DATASETS);
        List<String> jobIds = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            TaskStatus status = done.get(k);
            assertThat(status.state()).as("task %d", k).isEqualTo(SchedulerState.COMPLETED);
            assertThat(status.exitCode()).isZero();
            assertThat(status.jobName()).isEqualTo("pm_test_b0000");
            assertThat(status.start()).isNotNull().isAfterOrEqualTo(before.minusSeconds(1));
            assertThat(status.end()).isAfterOrEqualTo(status.start());
            ValidationResult result = validator.validate(batches.output(k));
            assertThat(result.valid()).as("output of task %d: %s", k, result.message()).isTrue();
            assertThat(result.rows()).isEqualTo(200);
            String out = Files.readString(batches.logs().resolve("batch_0000_" + k + ".out"));
            assertThat(out).contains("task " + k + " of 6 array " + id + " job ").contains("name pm_test_b0000");
            jobIds.add(out.replaceAll("(?s).* job (\\d+) .*", "$1"));
            assertThat(batches.logs().resolve("batch_0000_" + k + ".exit")).content().contains("exit=0");
        }
        assertThat(jobIds).as("SLURM_JOB_ID per task").doesNotHaveDuplicates();
        assertThat(executor.queue(List.of(id))).isEmpty();
        assertThat(executor.accounting(List.of(id), Instant.now().plusSeconds(60))).as("nothing ended later").isEmpty();
    }

    @Test
    void never_runs_more_tasks_at_once_than_its_parallelism_across_arrays() throws IOException {
        Path intervals = Files.createDirectories(dir.resolve("intervals"));
        String command = "date +%s%N > '" + intervals + "'/$SLURM_JOB_ID.begin; sleep 0.3; "
                + "date +%s%N > '" + intervals + "'/$SLURM_JOB_ID.end";
        Path first = batches.write(0, 4, command);
        Path second = batches.write(1, 4, command);
        LocalExecutor executor = executor(2);

        String a = executor.submitArray(first, "pm_test_b0000", 4);
        String b = executor.submitArray(second, "pm_test_b0001", 4);
        finished(executor, a, 4);
        finished(executor, b, 4);

        assertThat(maxOverlap(intervals)).as("most tasks running at once").isEqualTo(2);
    }

    @Test
    void array_throttle_limits_its_own_tasks() throws IOException {
        Path intervals = Files.createDirectories(dir.resolve("intervals"));
        String command = "date +%s%N > '" + intervals + "'/$SLURM_JOB_ID.begin; sleep 0.2; "
                + "date +%s%N > '" + intervals + "'/$SLURM_JOB_ID.end";
        Path script = batches.write(0, 3, command, "--array=0-2%1");
        LocalExecutor executor = executor(4);

        String id = executor.submitArray(script, "pm_test_b0000", 3);
        await().atMost(WAIT).until(() -> executor.queue(List.of(id)).stream()
                .anyMatch(s -> s.state() == SchedulerState.PENDING && s.reason().equals("JobArrayTaskLimit")));
        finished(executor, id, 3);

        assertThat(maxOverlap(intervals)).isEqualTo(1);
    }

    @Test
    void a_failing_task_is_FAILED_with_its_exit_code() throws IOException {
        Path script = batches.write(0, 3, "case \"$PM_REALIZATION\" in 1) (exit 3);; *) true;; esac");
        LocalExecutor executor = executor(3);

        String id = executor.submitArray(script, "pm_test_b0000", 3);
        Map<Integer, TaskStatus> done = finished(executor, id, 3);

        assertThat(done.get(1).state()).isEqualTo(SchedulerState.FAILED);
        assertThat(done.get(1).exitCode()).isEqualTo(3);
        assertThat(done.get(1).slurmId()).isEqualTo(id + "_1");
        assertThat(done.get(0).state()).isEqualTo(SchedulerState.COMPLETED);
        assertThat(done.get(2).state()).isEqualTo(SchedulerState.COMPLETED);
    }

    @Test
    void a_task_over_its_time_limit_is_killed_with_its_children_and_reported_TIMEOUT() throws IOException {
        Path sleeper = dir.resolve("sleep.pid");
        Path script = batches.write(0, 1, "sleep 30 & echo $! > '" + sleeper + "'; wait", "--time=0:01");
        LocalExecutor executor = executor(1);

        String id = executor.submitArray(script, "pm_test_b0000", 1);
        Map<Integer, TaskStatus> done = finished(executor, id, 1);

        TaskStatus status = done.get(0);
        assertThat(status.state()).isEqualTo(SchedulerState.TIMEOUT);
        assertThat(status.signal()).isEqualTo(15);
        assertThat(Duration.between(status.start(), status.end())).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(15));
        assertThat(batches.logs().resolve("batch_0000_0.exit")).as("the script never finished").doesNotExist();
        long sleepPid = Long.parseLong(Files.readString(sleeper).trim());
        await().atMost(WAIT).until(() -> ProcessHandle.of(sleepPid).map(h -> !h.isAlive()).orElse(true));
    }

    @Test
    void cancel_stops_running_tasks_and_pending_ones_never_start() throws IOException {
        Path script = batches.write(0, 3, "sleep 30");
        LocalExecutor executor = executor(1);
        String id = executor.submitArray(script, "pm_test_b0000", 3);
        await().atMost(WAIT).until(() -> Files.exists(batches.logs().resolve("batch_0000_0.start")));

        executor.cancel(List.of(id + "_2"));
        assertThat(byTask(executor.accounting(List.of(id), null)).get(2).state()).isEqualTo(SchedulerState.CANCELLED);
        assertThat(executor.queue(List.of(id))).extracting(TaskStatus::taskId).containsExactlyInAnyOrder(0, 1);

        executor.cancel(List.of(id, "999999", "garbage_x"));
        Map<Integer, TaskStatus> done = finished(executor, id, 3);
        assertThat(done.values()).extracting(TaskStatus::state).containsOnly(SchedulerState.CANCELLED);
        assertThat(done.get(0).start()).as("task 0 had started").isNotNull();
        assertThat(done.get(1).start()).as("task 1 never started").isNull();
        assertThat(batches.logs().resolve("batch_0000_1.start")).doesNotExist();
        assertThat(batches.logs().resolve("batch_0000_2.start")).doesNotExist();
        assertThat(executor.queue(List.of(id))).isEmpty();
    }

    @Test
    void a_new_instance_reports_finished_tasks_and_orphans_of_a_closed_one() throws IOException {
        Path script = batches.write(0, 5,
                "case \"$PM_REALIZATION\" in 0) true;; 1) (exit 3);; *) sleep 30;; esac");
        LocalExecutor first = executor(2);
        String id = first.submitArray(script, "pm_test_b0000", 5);
        await().atMost(WAIT).until(() -> first.accounting(List.of(id), null).size() == 2
                && first.queue(List.of(id)).stream().filter(s -> s.state() == SchedulerState.RUNNING).count() == 2
                && Files.exists(batches.logs().resolve("batch_0000_2.start"))
                && Files.exists(batches.logs().resolve("batch_0000_3.start")));
        first.close();

        LocalExecutor second = executor(2);
        assertThat(second.queue(List.of(id))).isEmpty();
        Map<Integer, TaskStatus> tasks = byTask(second.accounting(List.of(id), null));
        assertRecovered(tasks);
        assertThat(second.findByJobName("pm_test_b0000", Instant.EPOCH)).containsExactly(id);
        assertThat(second.findByJobName("pm_test_b0000", Instant.now().plusSeconds(60))).isEmpty();
        String next = second.submitArray(batches.write(1, 1, "true"), "pm_test_b0001", 1);
        assertThat(Long.parseLong(next)).as("ids stay unique across restarts").isGreaterThan(Long.parseLong(id) + 4);
    }

    @Test
    void after_a_crash_that_lost_the_event_log_the_marker_files_tell_the_outcome() throws IOException {
        Path script = batches.write(0, 5,
                "case \"$PM_REALIZATION\" in 0) true;; 1) (exit 3);; *) sleep 30;; esac");
        LocalExecutor first = executor(2);
        String id = first.submitArray(script, "pm_test_b0000", 5);
        await().atMost(WAIT).until(() -> Files.exists(batches.logs().resolve("batch_0000_1.exit"))
                && Files.exists(batches.logs().resolve("batch_0000_0.exit"))
                && Files.exists(batches.logs().resolve("batch_0000_2.start"))
                && Files.exists(batches.logs().resolve("batch_0000_3.start")));
        first.close();
        Files.delete(stateDir.resolve("arrays").resolve(id + ".events"));

        Map<Integer, TaskStatus> tasks = byTask(executor(2).accounting(List.of(id), null));
        assertRecovered(tasks);
    }

    private static void assertRecovered(Map<Integer, TaskStatus> tasks) {
        assertThat(tasks).hasSize(5);
        assertThat(tasks.get(0).state()).isEqualTo(SchedulerState.COMPLETED);
        assertThat(tasks.get(1).state()).isEqualTo(SchedulerState.FAILED);
        assertThat(tasks.get(1).exitCode()).isEqualTo(3);
        for (int k = 2; k <= 4; k++) {
            assertThat(tasks.get(k).state()).as("task %d", k).isEqualTo(SchedulerState.NODE_FAIL);
            assertThat(tasks.get(k).reason()).isEqualTo("task orphaned by a restart of the local executor");
            assertThat(tasks.get(k).end()).isNotNull();
        }
        assertThat(tasks.get(2).start()).as("task 2 had started").isNotNull();
        assertThat(tasks.get(4).start()).as("task 4 never started").isNull();
    }

    @Test
    void submit_start_and_end_times_come_from_the_injected_clock() throws IOException {
        Instant fixed = Instant.parse("2030-01-01T00:00:00Z");
        LocalExecutor executor = new LocalExecutor(stateDir, 1, Clock.fixed(fixed, java.time.ZoneOffset.UTC));
        executors.add(executor);
        String id = executor.submitArray(batches.write(0, 1, "true"), "pm_test_b0000", 1);
        TaskStatus status = finished(executor, id, 1).get(0);

        assertThat(status.start()).isEqualTo(fixed);
        assertThat(status.end()).isEqualTo(fixed);
        assertThat(executor.accounting(List.of(id), fixed.plusSeconds(1))).as("ended before since").isEmpty();
        assertThat(executor.findByJobName("pm_test_b0000", fixed)).containsExactly(id);
        assertThat(executor.findByJobName("pm_test_b0000", fixed.plusSeconds(1))).isEmpty();
        assertThat(executor.findByJobName("pm_other", fixed)).isEmpty();
    }

    @Test
    void bad_directives_are_rejected_naming_file_line_and_option() throws IOException {
        LocalExecutor executor = executor(1);
        Path badTime = batches.write(0, 2, "true", "--time=ten");
        assertThatThrownBy(() -> executor.submitArray(badTime, "pm_test_b0000", 2))
                .isInstanceOf(SubmitRejectedException.class)
                .hasMessageContaining(badTime + ":6: #SBATCH --time: invalid time limit 'ten'");
        Path script = batches.write(1, 2, "true");
        assertThatThrownBy(() -> executor.submitArray(script, "pm_test_b0001", 3))
                .isInstanceOf(SubmitRejectedException.class)
                .hasMessageContaining("--array=0-1 has 2 tasks but 3 were submitted");
        Path noShebang = Files.writeString(dir.resolve("plain.sh"), "echo hi\n");
        assertThatThrownBy(() -> executor.submitArray(noShebang, "x", 1))
                .isInstanceOf(SubmitRejectedException.class).hasMessageContaining(noShebang + ":1:");
        assertThatThrownBy(() -> executor.submitArray(dir.resolve("absent.sh"), "x", 1))
                .isInstanceOf(SubmitRejectedException.class).hasMessageContaining("absent.sh");
        assertThat(executor.ping()).isTrue();
        assertThat(executor.name()).isEqualTo("local");
    }

    /** Largest number of [begin, end] intervals (nanosecond files written by the tasks) that overlap. */
    private static int maxOverlap(Path intervals) throws IOException {
        List<long[]> events = new ArrayList<>();
        try (var files = Files.list(intervals)) {
            for (Path f : files.toList()) {
                long t = Long.parseLong(Files.readString(f).trim());
                events.add(new long[] {t, f.toString().endsWith(".begin") ? 1 : -1});
            }
        }
        // at equal times count the end first, so touching intervals do not count as overlapping
        events.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
        int current = 0;
        int max = 0;
        for (long[] e : events) {
            current += (int) e[1];
            max = Math.max(max, current);
        }
        return max;
    }
}
