package io.productionmanager.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OutputFilenameTest {

    @Test
    void the_default_name_gives_the_paths_of_before_in_the_hierarchical_layout() {
        OutputFilename name = OutputFilename.parse("mock_z{redshift}.hdf5");

        assertThat(name.outputPath("r0007_z0.500", false)).isEqualTo("catalogs/r0007/mock_z0.500.hdf5");
        assertThat(name.outputPath("r12345_z2.000", false)).isEqualTo("catalogs/r12345/mock_z2.000.hdf5");
        assertThat(name.outputPath("r0007_z0.500", true)).isEqualTo("catalogs/r0007_mock_z0.500.hdf5");
    }

    @Test
    void placeholders_take_the_zero_padded_realization_the_three_decimal_redshift_and_the_job_id() {
        OutputFilename name = OutputFilename.parse("cat_{realization}_{redshift}_{job_id}.txt");

        assertThat(name.render("r0042_z1.250")).isEqualTo("cat_0042_1.250_r0042_z1.250.txt");
        assertThat(name.distinguishesRedshifts()).isTrue();
        assertThat(OutputFilename.parse("cat_{realization}.txt").distinguishesRedshifts()).isFalse();
        assertThat(OutputFilename.parse("{job_id}").distinguishesRedshifts()).isTrue();
    }

    @Test
    void unknown_placeholders_braces_slashes_and_dot_names_are_refused() {
        assertThatThrownBy(() -> OutputFilename.parse("cat_{seed}.h5")).hasMessageContaining("unknown placeholder '{seed}'");
        assertThatThrownBy(() -> OutputFilename.parse("cat_{redshift.h5")).hasMessageContaining("unclosed '{'");
        assertThatThrownBy(() -> OutputFilename.parse("cat}.h5")).hasMessageContaining("unmatched '}'");
        assertThatThrownBy(() -> OutputFilename.parse("a/b.h5")).hasMessageContaining("'/'");
        assertThatThrownBy(() -> OutputFilename.parse("..")).hasMessageContaining("not a file name");
        assertThatThrownBy(() -> OutputFilename.parse("")).hasMessageContaining("empty");
    }

    @Test
    void param_and_cosmology_placeholders_are_accepted_by_the_command_tokenizer() {
        assertThat(CommandTokenizer.tokenize("gen --cosmo {cosmology} --mag={param.magnitude_limit} {output}"))
                .containsExactly("gen", "--cosmo", "{cosmology}", "--mag={param.magnitude_limit}", "{output}");
        assertThat(CommandTokenizer.paramNames(java.util.List.of("{param.a}", "x{param.b_2}y", "{param.a}")))
                .containsExactly("a", "b_2");
        assertThatThrownBy(() -> CommandTokenizer.tokenize("gen {param.}")).hasMessageContaining("unknown placeholder");
        assertThatThrownBy(() -> CommandTokenizer.tokenize("gen {params.a}")).hasMessageContaining("unknown placeholder");
    }
}
