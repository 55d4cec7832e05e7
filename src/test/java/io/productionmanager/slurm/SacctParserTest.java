package io.productionmanager.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.productionmanager.executor.SchedulerState;
import io.productionmanager.executor.TaskStatus;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SacctParserTest {

    private static Map<String, TaskStatus> byId(List<TaskStatus> tasks) {
        return tasks.stream().collect(Collectors.toMap(TaskStatus::slurmId, Function.identity()));
    }

    private static List<TaskStatus> parse(String fixture) {
        return SacctParser.parse(SlurmFixtures.read(fixture), ZoneOffset.UTC);
    }

    @Test
    void finished_tasks_carry_state_exit_code_and_signal() {
        Map<String, TaskStatus> t = byId(parse("sacct-X.txt"));

        assertThat(t.get("2_0")).satisfies(s -> {
            assertThat(s.state()).isEqualTo(SchedulerState.FAILED);
            assertThat(s.exitCode()).isEqualTo(3);
            assertThat(s.signal()).isZero();
            assertThat(s.jobName()).isEqualTo("pmcap_mixed");
        });
        assertThat(t.get("2_1").state()).isEqualTo(SchedulerState.COMPLETED);
        assertThat(t.get("2_1").exitCode()).isZero();
        assertThat(t.get("2_2")).as("a script killed by signal 9 is 0:9")
                .satisfies(s -> {
                    assertThat(s.state()).isEqualTo(SchedulerState.FAILED);
                    assertThat(s.signal()).isEqualTo(9);
                });
        assertThat(t.get("1_0")).satisfies(s -> {
            assertThat(s.state()).isEqualTo(SchedulerState.TIMEOUT);
            assertThat(s.signal()).isEqualTo(15);
            assertThat(s.start()).isEqualTo(Instant.parse("2026-11-24T14:35:31Z"));
            assertThat(s.end()).isEqualTo(Instant.parse("2026-11-24T14:36:55Z"));
        });
    }

    @Test
    void collapsed_cancelled_rows_expand_and_have_no_exit_code_because_the_tasks_never_ran() {
        List<TaskStatus> tasks = parse("sacct-X.txt");

        assertThat(tasks).filteredOn(s -> s.arrayId().equals("3") && s.taskId() > 0)
                .extracting(TaskStatus::taskId).containsExactly(1, 2, 3, 4, 5);
        assertThat(tasks).filteredOn(s -> s.arrayId().equals("3") && s.taskId() > 0).allSatisfy(s -> {
            assertThat(s.state()).isEqualTo(SchedulerState.CANCELLED);
            assertThat(s.exitCode()).isNull();
            assertThat(s.start()).isNull();
            assertThat(s.reason()).isEqualTo("JobArrayTaskLimit");
        });
        assertThat(tasks).filteredOn(s -> s.arrayId().equals("4")).extracting(TaskStatus::taskId)
                .containsExactly(0, 1, 2, 3);
        assertThat(tasks).hasSize(34);
    }

    @Test
    void a_row_without_task_suffix_is_a_whole_array_row() {
        TaskStatus whole = byId(parse("sacct-X.txt")).get("20");

        assertThat(whole.taskId()).isEqualTo(TaskStatus.WHOLE_ARRAY);
        assertThat(whole.arrayId()).isEqualTo("20");
        assertThat(whole.state()).isEqualTo(SchedulerState.COMPLETED);
    }

    @Test
    void cancelled_by_user_keeps_the_raw_words_and_normalizes_to_cancelled() {
        Map<String, TaskStatus> t = byId(parse("sacct-X-cancelled.txt"));

        assertThat(t.get("22_0").rawState()).isEqualTo("CANCELLED by 0");
        assertThat(t.get("22_0").state()).isEqualTo(SchedulerState.CANCELLED);
        assertThat(t.get("22_0").exitCode()).as("it ran, then was cancelled").isZero();
        assertThat(t).containsKeys("22_1", "22_2", "22_3", "23_0", "23_1", "23_2").hasSize(7);
        assertThat(t.get("23_2").reason()).isEqualTo("JobHeldUser");
        assertThat(t.get("22_3").exitCode()).as("collapsed rows stand for tasks that never ran").isNull();
    }

    @Test
    void step_lines_are_ignored() {
        String withSteps = SlurmFixtures.read("sacct-steps.txt");
        assertThat(withSteps).contains(".batch|batch|");

        List<TaskStatus> tasks = SacctParser.parse(withSteps, ZoneOffset.UTC);

        Set<String> arrays = Set.of("1", "2", "3", "5");
        List<TaskStatus> expected = parse("sacct-X.txt").stream().filter(s -> arrays.contains(s.arrayId())).toList();
        assertThat(tasks).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void a_tasks_own_row_wins_over_a_stale_collapsed_pending_row_in_any_order() {
        String text = SlurmFixtures.read("sacct-X-overlap.txt");
        assertThat(text).contains("37_8|pmcap_overlap|RUNNING").contains("37_[8-11]|pmcap_overlap|PENDING");

        Map<String, TaskStatus> t = byId(SacctParser.parse(text, ZoneOffset.UTC));
        List<String> reversedLines = new ArrayList<>(text.lines().toList());
        Collections.reverse(reversedLines);
        Map<String, TaskStatus> r = byId(SacctParser.parse(String.join("\n", reversedLines), ZoneOffset.UTC));

        for (Map<String, TaskStatus> m : List.of(t, r)) {
            assertThat(m).hasSize(12);
            assertThat(m.get("37_8").state()).isEqualTo(SchedulerState.RUNNING);
            assertThat(m.get("37_9").state()).isEqualTo(SchedulerState.RUNNING);
            assertThat(m.get("37_10").state()).isEqualTo(SchedulerState.PENDING);
            assertThat(m.get("37_0").rawState()).isEqualTo("CANCELLED by 0");
            assertThat(m.get("37_8").exitCode()).as("running: no exit code yet").isNull();
        }
    }

    @Test
    void a_freshly_submitted_array_is_one_pending_row_with_unknown_times() {
        List<TaskStatus> tasks = parse("sacct-X-pending.txt");

        assertThat(tasks).hasSize(12).allSatisfy(s -> {
            assertThat(s.state()).isEqualTo(SchedulerState.PENDING);
            assertThat(s.start()).isNull();
            assertThat(s.end()).isNull();
            assertThat(s.exitCode()).isNull();
        });
    }

    @Test
    void accounting_may_briefly_list_only_some_tasks_of_an_array() {
        assertThat(parse("sacct-X-transient.txt")).extracting(TaskStatus::slurmId).containsExactly("25_11");
    }

    @Test
    void truncated_states_of_fixed_width_output_still_normalize() {
        // sacct without -P cuts "CANCELLED by 0" to "CANCELLED+"; the executor uses -P, but the words must still parse.
        Map<String, SchedulerState> states = SlurmFixtures.read("sacct-X-fixed-width.txt").lines()
                .map(l -> l.trim().split("\\s+"))
                .collect(Collectors.toMap(f -> f[0], f -> SchedulerState.parse(f[2])));

        assertThat(states).containsEntry("1_0", SchedulerState.TIMEOUT)
                .containsEntry("2_0", SchedulerState.FAILED)
                .containsEntry("2_1", SchedulerState.COMPLETED)
                .containsEntry("22_0", SchedulerState.CANCELLED)
                .containsEntry("23_[0-2]", SchedulerState.CANCELLED);
        assertThat(SchedulerState.parse("OUT_OF_ME+")).isEqualTo(SchedulerState.OUT_OF_MEMORY);
    }

    @Test
    void times_are_read_in_the_given_zone() {
        TaskStatus s = SacctParser.parse("2_1|n|COMPLETED|0:0|2026-11-24T14:35:31|2026-11-24T14:35:32|None",
                ZoneId.of("Europe/Paris")).get(0);

        assertThat(s.start()).isEqualTo(Instant.parse("2026-11-24T13:35:31Z"));
    }

    @Test
    void malformed_lines_name_line_and_field() {
        assertThatThrownBy(() -> SacctParser.parse("2_1|n|COMPLETED|0:0|x|None|None", ZoneOffset.UTC))
                .hasMessageContaining("line 1").hasMessageContaining("field Start").hasMessageContaining("'x'");
        assertThatThrownBy(() -> SacctParser.parse("2_1|n|COMPLETED|zero|None|None|None", ZoneOffset.UTC))
                .hasMessageContaining("field ExitCode");
        assertThatThrownBy(() -> SacctParser.parse("2_1|n|COMPLETED", ZoneOffset.UTC))
                .hasMessageContaining("expected 13 fields");
    }

    @Test
    void usage_comes_from_the_task_line_and_peak_memory_from_its_steps() {
        // real output: array 3 holds ~200 MB in a bash variable, array 5 sleeps with 2 CPUs and --time=10
        Map<String, TaskStatus> t = byId(parse("sacct-usage.txt"));

        assertThat(t).containsOnlyKeys("3_0", "3_1", "5_0", "5_1");
        assertThat(t.get("3_0").usage()).satisfies(u -> {
            assertThat(u.elapsedSeconds()).isEqualTo(9L);
            assertThat(u.cpuSeconds()).isEqualTo(3.282);
            assertThat(u.maxRssBytes()).isEqualTo(330_676L * 1024);
            assertThat(u.reqMemBytes()).isEqualTo(1L << 30);
            assertThat(u.allocCpus()).isEqualTo(1);
            assertThat(u.timeLimitSeconds()).isNull();
        });
        assertThat(t.get("3_1").usage().maxRssBytes()).isEqualTo(Math.round(275.50 * (1 << 20)));
        assertThat(t.get("3_1").usage().memoryEfficiency()).isBetween(0.26, 0.28);
        assertThat(t.get("5_1").state()).isEqualTo(SchedulerState.FAILED);
        assertThat(t.get("5_1").usage()).satisfies(u -> {
            assertThat(u.reqMemBytes()).isEqualTo(500L << 20);
            assertThat(u.allocCpus()).isEqualTo(2);
            assertThat(u.timeLimitSeconds()).isEqualTo(600L);
            assertThat(u.cpuEfficiency()).isLessThan(0.01);
        });
    }

    @Test
    void sizes_times_and_limits_in_sacct_units() {
        assertThat(SacctParser.bytes("0", null)).isZero();
        assertThat(SacctParser.bytes("2G", null)).isEqualTo(2L << 30);
        assertThat(SacctParser.bytes("1000Mc", 4)).isEqualTo(4000L << 20);
        assertThat(SacctParser.bytes("4Gn", 4)).isEqualTo(4L << 30);
        assertThat(SacctParser.bytes("", null)).isNull();
        assertThat(SacctParser.duration("1-02:00:00")).isEqualTo(93_600.0);
        assertThat(SacctParser.duration("01:02:03")).isEqualTo(3723.0);
        assertThat(SacctParser.timeLimit("UNLIMITED")).isNull();
        assertThat(SacctParser.timeLimit("10")).isEqualTo(600L);
        assertThatThrownBy(() -> SacctParser.parse("2_1|n|COMPLETED|0:0|None|None|None|x|00:01|1K|1G|1|5", ZoneOffset.UTC))
                .hasMessageContaining("line 1").hasMessageContaining("usage");
    }
}
