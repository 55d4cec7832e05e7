package io.productionmanager.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.productionmanager.executor.TaskStatus;
import org.junit.jupiter.api.Test;

class SlurmJobIdTest {

    @Test
    void single_task_ids_name_one_task() {
        SlurmJobId id = SlurmJobId.parse("260_3");
        assertThat(id.arrayId()).isEqualTo("260");
        assertThat(id.taskIds()).containsExactly(3);
        assertThat(id.collapsed()).isFalse();
    }

    @Test
    void throttled_ranges_and_comma_lists_expand() {
        assertThat(SlurmJobId.parse("260_[2-5%1]").taskIds()).containsExactly(2, 3, 4, 5);
        assertThat(SlurmJobId.parse("260_[1,4-5,9]").taskIds()).containsExactly(1, 4, 5, 9);
        assertThat(SlurmJobId.parse("260_[7]").collapsed()).isTrue();
    }

    @Test
    void a_bare_id_stands_for_the_whole_array() {
        SlurmJobId id = SlurmJobId.parse("2478");
        assertThat(id.taskIds()).containsExactly(TaskStatus.WHOLE_ARRAY);
        assertThat(id.collapsed()).isTrue();
    }

    @Test
    void step_lines_are_recognized() {
        assertThat(SlurmJobId.isStep("2_0.batch")).isTrue();
        assertThat(SlurmJobId.isStep("20.extern")).isTrue();
        assertThat(SlurmJobId.isStep("2_0")).isFalse();
    }

    @Test
    void malformed_ids_and_backward_ranges_are_rejected_with_the_text() {
        assertThatThrownBy(() -> SlurmJobId.parse("abc")).hasMessageContaining("'abc'");
        assertThatThrownBy(() -> SlurmJobId.parse("5_[9-2]")).hasMessageContaining("9-2");
    }
}
