package io.productionmanager.stage;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static io.productionmanager.testsupport.Configs.aConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchPlannerTest {

    private static List<Integer> jobs(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    @Test
    void no_jobs_give_no_batches() {
        assertThat(BatchPlanner.plan(List.of(), 200)).isEmpty();
    }

    @Test
    void one_job_gives_one_batch_of_one() {
        assertThat(BatchPlanner.plan(List.of("r0000_z0.500"), 200)).containsExactly(List.of("r0000_z0.500"));
    }

    @Test
    void exactly_batch_size_jobs_fit_in_one_batch() {
        List<List<Integer>> batches = BatchPlanner.plan(jobs(200), 200);
        assertThat(batches).hasSize(1);
        assertThat(batches.get(0)).isEqualTo(jobs(200));
    }

    @Test
    void one_job_more_than_batch_size_spills_into_a_second_batch_of_one() {
        List<List<Integer>> batches = BatchPlanner.plan(jobs(201), 200);
        assertThat(batches).extracting(List::size).containsExactly(200, 1);
        assertThat(batches.get(1)).containsExactly(200);
    }

    @Test
    void forty_thousand_jobs_in_batches_of_a_thousand_make_forty_full_batches_in_order() {
        List<Integer> all = jobs(40_000);
        List<List<Integer>> batches = BatchPlanner.plan(all, 1000);
        assertThat(batches).hasSize(40).allSatisfy(b -> assertThat(b).hasSize(1000));
        assertThat(batches.stream().flatMap(List::stream).toList()).as("concatenated batches keep job order").isEqualTo(all);
    }

    @Test
    void max_array_size_smaller_than_batch_size_caps_the_batch() {
        var cfg = aConfig().batchSize(1000).maxArraySize(300).build();
        assertThat(BatchPlanner.effectiveBatchSize(cfg)).isEqualTo(300);
        assertThat(BatchPlanner.plan(jobs(1000), cfg)).extracting(List::size).containsExactly(300, 300, 300, 100);
    }

    @Test
    void max_array_size_zero_means_no_limit_and_a_larger_one_does_not_matter() {
        assertThat(BatchPlanner.effectiveBatchSize(aConfig().batchSize(500).maxArraySize(0).build())).isEqualTo(500);
        assertThat(BatchPlanner.effectiveBatchSize(aConfig().batchSize(500).maxArraySize(1001).build())).isEqualTo(500);
    }

    @Test
    void non_positive_sizes_are_refused_naming_the_setting() {
        assertThatThrownBy(() -> BatchPlanner.effectiveBatchSize(0, 0)).hasMessageContaining("execution.batch_size");
        assertThatThrownBy(() -> BatchPlanner.effectiveBatchSize(10, -1)).hasMessageContaining("resources.max_array_size");
        assertThatThrownBy(() -> BatchPlanner.plan(jobs(3), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void batches_do_not_change_when_the_input_list_does() {
        List<Integer> input = new java.util.ArrayList<>(jobs(5));
        List<List<Integer>> batches = BatchPlanner.plan(input, 2);
        input.set(0, 99);
        assertThat(batches.get(0)).containsExactly(0, 1);
    }
}
