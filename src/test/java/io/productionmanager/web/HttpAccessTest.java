package io.productionmanager.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the HTTP token comes from (a flag beats the environment) and when one is required. */
class HttpAccessTest {

    private static final String FLAG = "flag-token-0123456789";
    private static final String ENV = "env-token-0123456789";

    @TempDir
    Path tmp;

    @Test
    void loopback_needs_no_token_and_accepts_anything() {
        for (String host : new String[] {"127.0.0.1", "localhost", "::1", "[::1]", "LOCALHOST"}) {
            HttpAccess a = HttpAccess.resolve(host, null, null, Map.of());
            assertThat(a.tokenRequired()).as(host).isFalse();
            assertThat(a.accepts(null)).isTrue();
        }
    }

    @Test
    void any_other_address_without_a_token_is_refused() {
        for (String host : new String[] {"0.0.0.0", "127.0.0.2", "10.1.2.3", "login01", "::"}) {
            assertThatThrownBy(() -> HttpAccess.resolve(host, null, null, Map.of()))
                    .as(host).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--http-host " + host + " is not a loopback address");
        }
    }

    @Test
    void the_token_flag_beats_the_environment() throws Exception {
        Path envFile = Files.writeString(tmp.resolve("env-token"), "env-file-token-0123456789\n");
        HttpAccess a = HttpAccess.resolve("0.0.0.0", FLAG, null,
                Map.of(HttpAccess.TOKEN_ENV, ENV, HttpAccess.TOKEN_FILE_ENV, envFile.toString()));

        assertThat(a.accepts(FLAG)).isTrue();
        assertThat(a.accepts(ENV)).isFalse();
        assertThat(a.accepts("env-file-token-0123456789")).isFalse();
    }

    @Test
    void the_token_file_flag_beats_the_environment_and_is_read_without_its_newline() throws Exception {
        Path file = Files.writeString(tmp.resolve("token"), "file-token-0123456789\n");
        HttpAccess a = HttpAccess.resolve("0.0.0.0", null, file, Map.of(HttpAccess.TOKEN_ENV, ENV));

        assertThat(a.accepts("file-token-0123456789")).isTrue();
        assertThat(a.accepts(ENV)).isFalse();
        assertThat(a.toString()).doesNotContain("file-token");
    }

    @Test
    void the_environment_token_beats_the_environment_file_and_serves_when_no_flag_is_given() throws Exception {
        Path envFile = Files.writeString(tmp.resolve("env-token"), "env-file-token-0123456789");
        assertThat(HttpAccess.resolve("0.0.0.0", null, null,
                Map.of(HttpAccess.TOKEN_ENV, ENV, HttpAccess.TOKEN_FILE_ENV, envFile.toString())).accepts(ENV)).isTrue();
        assertThat(HttpAccess.resolve("0.0.0.0", null, null, Map.of(HttpAccess.TOKEN_FILE_ENV, envFile.toString()))
                .accepts("env-file-token-0123456789")).isTrue();
    }

    @Test
    void a_token_set_on_loopback_is_required_there_too() {
        HttpAccess a = HttpAccess.resolve("127.0.0.1", FLAG, null, Map.of());

        assertThat(a.tokenRequired()).isTrue();
        assertThat(a.accepts(null)).isFalse();
        assertThat(a.accepts(FLAG + "x")).isFalse();
    }

    @Test
    void bad_tokens_are_refused_naming_where_they_came_from() throws Exception {
        assertThatThrownBy(() -> HttpAccess.resolve("0.0.0.0", FLAG, tmp.resolve("t"), Map.of()))
                .hasMessage("give --http-token or --http-token-file, not both");
        assertThatThrownBy(() -> HttpAccess.resolve("0.0.0.0", "short", null, Map.of()))
                .hasMessageStartingWith("--http-token: the token must have at least 16 characters");
        assertThatThrownBy(() -> HttpAccess.resolve("0.0.0.0", "has space in it 0123456789", null, Map.of()))
                .hasMessageContaining("may hold only letters, digits");
        Path empty = Files.writeString(tmp.resolve("empty"), "\n");
        assertThatThrownBy(() -> HttpAccess.resolve("0.0.0.0", null, empty, Map.of()))
                .hasMessageStartingWith("--http-token-file " + empty + ": the token must have at least 16 characters");
        assertThatThrownBy(() -> HttpAccess.resolve("0.0.0.0", null, null, Map.of(HttpAccess.TOKEN_ENV, "tiny")))
                .hasMessageStartingWith("PM_HTTP_TOKEN: the token must have");
    }
}
