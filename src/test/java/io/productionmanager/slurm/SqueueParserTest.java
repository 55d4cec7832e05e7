package io.productionmanager.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.productionmanager.executor.SchedulerState;
import io.productionmanager.executor.TaskStatus;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SqueueParserTest {

    private static Set<String> summary(List<TaskStatus> tasks) {
        return tasks.stream().map(t -> t.slurmId() + " " + t.state() + " " + t.reason() + " " + t.jobName())
                .collect(Collectors.toSet());
    }

    @Test
    void one_line_per_task_output_gives_one_status_per_task_with_state_and_reason() {
        List<TaskStatus> tasks = SqueueParser.parse(SlurmFixtures.read("squeue-r.txt"));

        assertThat(tasks).hasSize(23);
        assertThat(tasks).filteredOn(t -> t.arrayId().equals("3") && t.state() == SchedulerState.PENDING)
                .extracting(TaskStatus::taskId).containsExactly(1, 2, 3, 4, 5);
        assertThat(tasks).filteredOn(t -> t.arrayId().equals("3") && t.taskId() == 1).singleElement()
                .satisfies(t -> {
                    assertThat(t.reason()).isEqualTo("JobArrayTaskLimit");
                    assertThat(t.rawState()).isEqualTo("PENDING");
                    assertThat(t.jobName()).isEqualTo("pmcap_throttled");
                    assertThat(t.exitCode()).as("squeue knows no exit codes").isNull();
                });
        assertThat(tasks).filteredOn(t -> t.arrayId().equals("4"))
                .allSatisfy(t -> assertThat(t.reason()).isEqualTo("JobHeldUser")).hasSize(4);
        assertThat(tasks).filteredOn(t -> t.state() == SchedulerState.RUNNING)
                .allSatisfy(t -> assertThat(t.reason()).as("'None' is no reason").isEmpty()).hasSize(8);
    }

    @Test
    void collapsed_rows_incl_throttled_ones_expand_to_the_same_tasks_as_the_r_output() {
        String collapsed = SlurmFixtures.read("squeue-collapsed.txt");
        assertThat(collapsed).contains("3_[1-5%1]|").contains("11_[4-9]|").contains("4_[0-3]|");

        List<TaskStatus> tasks = SqueueParser.parse(collapsed);

        assertThat(summary(tasks)).isEqualTo(summary(SqueueParser.parse(SlurmFixtures.read("squeue-r.txt"))));
        assertThat(tasks).filteredOn(t -> t.arrayId().equals("11") && t.state() == SchedulerState.PENDING)
                .extracting(TaskStatus::taskId).containsExactly(4, 5, 6, 7, 8, 9);
    }

    @Test
    void a_job_name_containing_the_separator_is_kept_whole() {
        List<TaskStatus> tasks = SqueueParser.parse("7_1|odd|name|RUNNING|None\n");

        assertThat(tasks).singleElement().satisfies(t -> {
            assertThat(t.jobName()).isEqualTo("odd|name");
            assertThat(t.state()).isEqualTo(SchedulerState.RUNNING);
        });
    }

    @Test
    void a_malformed_line_is_reported_with_its_line_number_and_field() {
        assertThatThrownBy(() -> SqueueParser.parse("7_1|a|RUNNING|None\nwhat|a|RUNNING|None\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2").hasMessageContaining("JOBID").hasMessageContaining("what");
        assertThatThrownBy(() -> SqueueParser.parse("7_1|RUNNING\n"))
                .hasMessageContaining("line 1").hasMessageContaining("expected 4 fields");
    }

    @Test
    void empty_output_means_no_tasks() {
        assertThat(SqueueParser.parse("")).isEmpty();
    }
}
