package io.productionmanager.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The command tokenizer splits words like a careful shell would, and refuses anything a shell would interpret. */
class CommandTokenizerTest {

    @Test
    void whitespace_separates_and_quotes_group() {
        assertThat(CommandTokenizer.tokenize("  gen  --title 'two words' --z \"{redshift}\"\t--out={output} ''"))
                .containsExactly("gen", "--title", "two words", "--z", "{redshift}", "--out={output}", "");
    }

    @Test
    void every_known_placeholder_is_kept_unexpanded() {
        assertThat(CommandTokenizer.tokenize("run {realization} {redshift} {output} {job_id} {attempt} {app_jar}"))
                .containsExactly("run", "{realization}", "{redshift}", "{output}", "{job_id}", "{attempt}", "{app_jar}");
    }

    @ParameterizedTest
    @ValueSource(strings = {";", "|", "&", "$", "`", "<", ">", "(", ")", "\\", "*", "?", "~"})
    void shell_metacharacters_are_refused_even_inside_quotes(String c) {
        assertThatThrownBy(() -> CommandTokenizer.tokenize("gen 'a" + c + "b'"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("shell metacharacter '" + c + "' at position 7 is not allowed");
    }

    @Test
    void newlines_unknown_placeholders_and_broken_quoting_are_refused() {
        assertThatThrownBy(() -> CommandTokenizer.tokenize("gen\nrm")).hasMessage("a newline is not allowed in a command");
        assertThatThrownBy(() -> CommandTokenizer.tokenize("gen {seed}")).hasMessageStartingWith("unknown placeholder '{seed}'");
        assertThatThrownBy(() -> CommandTokenizer.tokenize("gen {output")).hasMessageStartingWith("unclosed '{' at position 5");
        assertThatThrownBy(() -> CommandTokenizer.tokenize("gen }")).hasMessage("unmatched '}' at position 5");
        assertThatThrownBy(() -> CommandTokenizer.tokenize("gen \"a")).hasMessage("unterminated double quote");
        assertThatThrownBy(() -> CommandTokenizer.tokenize("gen \"it's\"")).hasMessageContaining("quote character (')");
        assertThatThrownBy(() -> CommandTokenizer.tokenize("   ")).hasMessage("the command is empty");
    }
}
