package io.productionmanager.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.productionmanager.executor.TaskStatus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The streamed forms of the squeue and sacct parsers, which a poll cycle uses so that a million-task answer is never
 * held whole: on the real answers captured under src/test/resources/slurm they give the same tasks as the parsers
 * that read a whole string, with the same errors.
 */
class StreamedAnswersTest {

    /** What the reconciler reads of a status (its own taskId aside: a shared status carries one of its tasks' ids). */
    private static String fields(TaskStatus t) {
        return t.state() + "|" + t.rawState() + "|" + t.exitCode() + "|" + t.signal() + "|" + t.reason() + "|" + t.jobName()
                + "|" + t.start() + "|" + t.end() + "|" + t.usage();
    }

    private static List<String> rows(List<TaskStatus> parsed) {
        List<String> out = new ArrayList<>();
        for (TaskStatus t : parsed) {
            out.add(t.arrayId() + "_" + t.taskId() + " " + fields(t));
        }
        return out;
    }

    private static List<String> streamed(String answer, Set<String> wanted) {
        List<String> out = new ArrayList<>();
        try (InputStream in = new ByteArrayInputStream(answer.getBytes(StandardCharsets.UTF_8))) {
            SqueueParser.parse(in, wanted, (arrayId, task, t) -> out.add(arrayId + "_" + task + " " + fields(t)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"squeue-r.txt", "squeue-collapsed.txt"})
    void streamed_squeue_gives_the_same_tasks_in_the_same_order_as_the_whole_string_parser(String file) {
        String answer = SlurmFixtures.read(file);
        List<String> expected = rows(SqueueParser.parse(answer));
        assertThat(expected).isNotEmpty();
        assertThat(streamed(answer, null)).containsExactlyElementsOf(expected);
        // line ends of another system, and blank lines, change nothing
        assertThat(streamed(answer.replace("\n", "\r\n"), null)).containsExactlyElementsOf(expected);
        assertThat(streamed(answer.replace("\n", "\r"), null)).containsExactlyElementsOf(expected);
        assertThat(streamed("\n  \n" + answer.replace("\n", "\n\n"), null)).containsExactlyElementsOf(expected);
        // only the arrays asked for
        Set<String> some = Set.of("3", "11");
        assertThat(streamed(answer, some)).containsExactlyElementsOf(rows(SqueueParser.parse(answer, some)));
    }

    @Test
    void a_large_answer_crossing_the_read_buffer_and_a_very_long_line_parse_the_same() {
        StringBuilder answer = new StringBuilder();
        for (int array = 700; array < 712; array++) {
            for (int task = 0; task < 5_000; task++) {
                answer.append(array).append('_').append(task).append("|pm_big_b").append(array)
                        .append(task % 977 == 0 ? "|RUNNING|None\n" : "|PENDING|Resources\n");
            }
        }
        answer.append("712_0|").append("n".repeat(200_000)).append("|PENDING|Priority\n");
        answer.append("713_[2-4%2]|pm_ünïcode|PENDING|JobArrayTaskLimit");
        String text = answer.toString();
        assertThat(streamed(text, null)).containsExactlyElementsOf(rows(SqueueParser.parse(text)));
    }

    @Test
    void rows_repeating_the_array_state_and_reason_share_one_status_object() throws IOException {
        StringBuilder answer = new StringBuilder();
        for (int task = 0; task < 10_000; task++) {
            answer.append("900_").append(task).append(task < 9_000 ? "|pm_b|PENDING|Resources\n" : "|pm_b|RUNNING|None\n");
        }
        Map<TaskStatus, Boolean> distinct = new IdentityHashMap<>();
        int[] tasks = {0};
        SqueueParser.parse(new ByteArrayInputStream(answer.toString().getBytes(StandardCharsets.UTF_8)), null,
                (arrayId, task, t) -> {
                    distinct.put(t, true);
                    tasks[0]++;
                });
        assertThat(tasks[0]).isEqualTo(10_000);
        assertThat(distinct).hasSize(2);
    }

    @Test
    void a_malformed_line_fails_with_the_same_message_naming_the_line() {
        String answer = SlurmFixtures.read("squeue-r.txt") + "12_0|only-two-fields\n";
        String expected = null;
        try {
            SqueueParser.parse(answer);
        } catch (IllegalArgumentException e) {
            expected = e.getMessage();
        }
        assertThat(expected).contains("line 24");
        String message = expected;
        assertThatThrownBy(() -> streamed(answer, null)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
        assertThatThrownBy(() -> streamed("x_1|a|PENDING|None\n", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("squeue output line 1, field JOBID");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sacct-X.txt", "sacct-X-cancelled.txt", "sacct-X-overlap.txt",
        "sacct-X-pending.txt", "sacct-X-transient.txt", "sacct-steps.txt", "sacct-usage.txt"})
    void sacct_handed_to_a_sink_gives_each_task_once_with_the_record_the_list_parser_gives(String file) {
        String answer = SlurmFixtures.read(file);
        Map<String, String> expected = new LinkedHashMap<>();
        for (TaskStatus t : SacctParser.parse(answer, ZoneOffset.UTC)) {
            expected.put(t.slurmId(), fields(t));
        }
        Map<String, String> sunk = new LinkedHashMap<>();
        List<String> twice = new ArrayList<>();
        SacctParser.parse(answer, ZoneOffset.UTC, null, (arrayId, task, t) -> {
            String id = task == TaskStatus.WHOLE_ARRAY ? arrayId : arrayId + "_" + task;
            if (sunk.put(id, fields(t)) != null) {
                twice.add(id);
            }
        });
        assertThat(twice).isEmpty();
        assertThat(sunk).isEqualTo(expected);
    }

    @Test
    void sacct_without_the_parsable_format_fails_the_same_way_in_both_forms() {
        String answer = SlurmFixtures.read("sacct-X-fixed-width.txt");
        String expected = null;
        try {
            SacctParser.parse(answer, ZoneOffset.UTC);
        } catch (IllegalArgumentException e) {
            expected = e.getMessage();
        }
        assertThat(expected).contains("sacct output line 1");
        String message = expected;
        assertThatThrownBy(() -> SacctParser.parse(answer, ZoneOffset.UTC, null, (arrayId, task, t) -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void sacct_sink_keeps_only_the_arrays_asked_for_and_shares_a_collapsed_rows_status() {
        String answer = """
                900000_[0-999]|pm_alpha_b0000|PENDING|0:0|Unknown|Unknown|Resources
                900001_[0-999]|pm_alpha_b0001|PENDING|0:0|Unknown|Unknown|Resources
                900001_7|pm_alpha_b0001|COMPLETED|0:0|2026-11-30T07:00:00|2026-11-30T07:01:00|None
                """;
        Map<String, TaskStatus> sunk = new LinkedHashMap<>();
        SacctParser.parse(answer, ZoneOffset.UTC, Set.of("900001"), (arrayId, task, t) -> sunk.put(arrayId + "_" + task, t));
        assertThat(sunk).hasSize(1000).allSatisfy((id, t) -> assertThat(id).startsWith("900001_"));
        assertThat(sunk.get("900001_7").rawState()).isEqualTo("COMPLETED");
        Map<TaskStatus, Boolean> distinct = new IdentityHashMap<>();
        sunk.values().forEach(t -> distinct.put(t, true));
        assertThat(distinct).as("999 pending tasks share one status, the finished one has its own").hasSize(2);
        assertThat(Collections.frequency(new ArrayList<>(sunk.values()).stream().map(TaskStatus::rawState).toList(),
                "PENDING")).isEqualTo(999);
    }
}
