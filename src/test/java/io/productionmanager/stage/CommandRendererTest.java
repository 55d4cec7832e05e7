package io.productionmanager.stage;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandRendererTest {

    @Test
    void literal_and_placeholder_parts_of_a_word_are_single_and_double_quoted() {
        assertThat(CommandRenderer.render(List.of("--out={output}"), null)).isEqualTo("'--out='\"$PM_OUTPUT\"");
    }

    @Test
    void every_placeholder_maps_to_its_variable() {
        String line = CommandRenderer.render(
                List.of("python", "-m", "mocks", "{realization}", "{redshift}", "{output}", "{job_id}", "{attempt}"), null);
        assertThat(line).isEqualTo("'python' '-m' 'mocks' \"$PM_REALIZATION\" \"$PM_REDSHIFT\" \"$PM_OUTPUT\" "
                + "\"$PM_JOB_ID\" \"$PM_ATTEMPT\"");
    }

    @Test
    void app_jar_is_replaced_at_render_time_by_the_single_quoted_jar_path() {
        assertThat(CommandRenderer.render(List.of("java", "-jar", "{app_jar}", "--z={redshift}"), Path.of("/opt/pm/app.jar")))
                .isEqualTo("'java' '-jar' '/opt/pm/app.jar' '--z='\"$PM_REDSHIFT\"");
    }

    @Test
    void a_single_quote_in_a_literal_is_closed_escaped_and_reopened() {
        assertThat(CommandRenderer.render(List.of("it's"), null)).isEqualTo("'it'\\''s'");
    }

    @Test
    void an_empty_word_stays_an_empty_argument() {
        assertThat(CommandRenderer.render(List.of("cmd", ""), null)).isEqualTo("'cmd' ''");
    }

    @Test
    void unknown_placeholders_are_refused_naming_the_word() {
        assertThatThrownBy(() -> CommandRenderer.render(List.of("run", "--seed={seed}"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("execution.command word 2")
                .hasMessageContaining("--seed={seed}")
                .hasMessageContaining("unknown placeholder {seed}");
    }

    @Test
    void a_shell_style_variable_is_an_unknown_placeholder_not_an_expansion() {
        assertThatThrownBy(() -> CommandRenderer.render(List.of("${HOME}"), null))
                .hasMessageContaining("unknown placeholder {HOME}");
    }

    @Test
    void app_jar_without_a_jar_is_refused() {
        assertThatThrownBy(() -> CommandRenderer.render(List.of("java", "-jar", "{app_jar}"), null))
                .hasMessageContaining("word 3").hasMessageContaining("{app_jar}");
    }

    @Test
    void empty_command_and_unrepresentable_characters_are_refused() {
        assertThatThrownBy(() -> CommandRenderer.render(List.of(), null)).hasMessageContaining("execution.command");
        assertThatThrownBy(() -> CommandRenderer.render(List.of("a\0b"), null)).hasMessageContaining("word 1");
        assertThatThrownBy(() -> CommandRenderer.render(List.of("ok", "a\rb"), null)).hasMessageContaining("word 2");
    }

    @Test
    void bash_parses_the_rendered_line_back_into_exactly_the_original_words() throws Exception {
        List<String> words = List.of("; rm -rf ~", "$(touch pwned)", "`touch pwned`", "two\nlines", "'", "\"", "\\",
                "a | b", "x && y", "> out", "*", "~", "$HOME", "!!", "#not a comment", "{}", "tab\there",
                "--out={output}.gz", "{realization}_{redshift}", "é ü 漢");
        String line = CommandRenderer.render(prepend("printf", "[%s]\\n", words), null);
        Map<String, String> env = Map.of("PM_OUTPUT", "/o/$(x)", "PM_REALIZATION", "7", "PM_REDSHIFT", "0.5");

        BashProcess.Result result = BashProcess.run(List.of("bash", "-c", line), env, Path.of(System.getProperty("java.io.tmpdir")));

        List<String> expected = new ArrayList<>();
        for (String w : words) {
            expected.add("[" + w.replace("{output}", "/o/$(x)").replace("{realization}", "7").replace("{redshift}", "0.5") + "]");
        }
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEqualTo(String.join("\n", expected) + "\n");
    }

    private static List<String> prepend(String a, String b, List<String> rest) {
        List<String> all = new ArrayList<>(List.of(a, b));
        all.addAll(rest);
        return all;
    }
}
