package io.productionmanager.stage;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskSpecTest {

    @Test
    void the_manifest_line_is_tab_separated_in_contract_order() {
        TaskSpec t = new TaskSpec("r0012_z2.000", 12, 2.0, Path.of("/data/p/r0012/z2.000/cat.h5"), 3);
        assertThat(t.manifestLine()).isEqualTo("r0012_z2.000\t12\t2.0\t/data/p/r0012/z2.000/cat.h5\t3");
    }

    @Test
    void redshifts_are_plain_decimals_never_exponents() {
        assertThat(new TaskSpec("a", 0, 0.00001, Path.of("/o"), 0).redshiftText()).isEqualTo("0.000010");
        assertThat(new TaskSpec("a", 0, 0.5, Path.of("/o"), 0).redshiftText()).isEqualTo("0.5");
        assertThat(new TaskSpec("a", 0, 1e7, Path.of("/o"), 0).redshiftText()).isEqualTo("10000000");
    }

    @Test
    void invalid_tasks_are_refused_naming_the_job() {
        assertThatThrownBy(() -> new TaskSpec("r1", 0, 0.5, Path.of("relative/out"), 0)).hasMessageContaining("r1")
                .hasMessageContaining("absolute");
        assertThatThrownBy(() -> new TaskSpec("r1", 0, Double.NaN, Path.of("/o"), 0)).hasMessageContaining("redshift");
        assertThatThrownBy(() -> new TaskSpec("r1", 0, 0.5, Path.of("/o"), -1)).hasMessageContaining("attempt");
    }

    @Test
    void batch_resources_refuse_negative_values() {
        assertThatThrownBy(() -> new BatchResources(-1, 0)).hasMessageContaining("timeout_hours");
        assertThatThrownBy(() -> new BatchResources(1, -2)).hasMessageContaining("memory_gb");
        assertThat(BatchResources.of(io.productionmanager.testsupport.Configs.aConfig().timeoutHours(6).memoryGb(4).build()))
                .isEqualTo(new BatchResources(6, 4));
    }
}
