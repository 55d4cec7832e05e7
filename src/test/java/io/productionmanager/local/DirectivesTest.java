package io.productionmanager.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DirectivesTest {

    @TempDir
    Path dir;

    @Test
    void time_limits_parse_in_every_slurm_format() {
        assertThat(TimeLimit.parse("90")).isEqualTo(Duration.ofMinutes(90));
        assertThat(TimeLimit.parse("0:01")).isEqualTo(Duration.ofSeconds(1));
        assertThat(TimeLimit.parse("5:30")).isEqualTo(Duration.ofMinutes(5).plusSeconds(30));
        assertThat(TimeLimit.parse("2:03:04")).isEqualTo(Duration.ofHours(2).plusMinutes(3).plusSeconds(4));
        assertThat(TimeLimit.parse("1-2")).isEqualTo(Duration.ofDays(1).plusHours(2));
        assertThat(TimeLimit.parse("1-2:30")).isEqualTo(Duration.ofDays(1).plusHours(2).plusMinutes(30));
        assertThat(TimeLimit.parse("1-02:30:15")).isEqualTo(Duration.ofDays(1).plusHours(2).plusMinutes(30).plusSeconds(15));
        assertThat(TimeLimit.parse("0")).as("0 means no limit").isNull();
        assertThat(TimeLimit.parse("UNLIMITED")).isNull();
        for (String bad : List.of("", "ten", "1:2:3:4", "-5", "1-", "1h", "1.5")) {
            assertThatThrownBy(() -> TimeLimit.parse(bad)).as("'%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid time limit");
        }
    }

    @Test
    void array_specs_parse_ranges_lists_steps_and_throttle() {
        assertThat(ArraySpec.parse("0-5%2")).isEqualTo(new ArraySpec(List.of(0, 1, 2, 3, 4, 5), 2));
        assertThat(ArraySpec.parse("0-3")).isEqualTo(ArraySpec.range(4));
        assertThat(ArraySpec.parse("1,3,5-6").taskIds()).containsExactly(1, 3, 5, 6);
        assertThat(ArraySpec.parse("0-8:4").taskIds()).containsExactly(0, 4, 8);
        assertThat(ArraySpec.parse("0-5%2").format()).isEqualTo("0-5%2");
        assertThat(ArraySpec.parse("1,3,5-6").format()).isEqualTo("1,3,5-6");
        for (String bad : List.of("", "a-b", "5-1", "0-3%0", "0-3%x", "1,,2")) {
            assertThatThrownBy(() -> ArraySpec.parse(bad)).as("'%s'", bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void directives_are_read_until_the_first_command_with_quotes_and_short_forms() throws IOException {
        Path script = Files.writeString(dir.resolve("batch_0001.sh"), """
                #!/bin/bash
                # a comment
                #SBATCH --job-name=pm_x_b0001
                #SBATCH -o '/abs/logs/batch_0001_%a.out'
                #SBATCH --error "/abs/logs/batch_0001_%a.err"
                #SBATCH --time=1-00:00:00
                #SBATCH --array=0-9%3
                #SBATCH --mem=4G

                echo start
                #SBATCH --time=5
                """);
        ArrayScript parsed = ArrayScript.parse(script);
        assertThat(parsed.output()).isEqualTo("/abs/logs/batch_0001_%a.out");
        assertThat(parsed.error()).isEqualTo("/abs/logs/batch_0001_%a.err");
        assertThat(parsed.timeLimit()).as("the line after the first command is not a directive").isEqualTo(Duration.ofDays(1));
        assertThat(parsed.array()).isEqualTo(new ArraySpec(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), 3));
        assertThat(parsed.chdir()).isNull();
    }

    @Test
    void filename_patterns_are_expanded() {
        assertThat(ArrayScript.expand("/l/batch_%A_%a.%j.%x.100%%.out", "260", 3, 263, "pm_x"))
                .isEqualTo("/l/batch_260_3.263.pm_x.100%.out");
    }

    @Test
    void marker_files_sit_next_to_the_script_under_its_base_name() throws IOException {
        Path script = dir.resolve("logs/batch_0003.sh");
        assertThat(TaskMarkers.exitFile(script, 7)).isEqualTo(dir.resolve("logs/batch_0003_7.exit"));
        assertThat(TaskMarkers.startFile(script, 0)).isEqualTo(dir.resolve("logs/batch_0003_0.start"));
        // per-batch folders: the markers sit in the batch's markers/ folder
        Path inFolder = dir.resolve("logs/batch_0004/batch_0004.sh");
        assertThat(TaskMarkers.exitFile(inFolder, 7)).isEqualTo(dir.resolve("logs/batch_0004/markers/batch_0004_7.exit"));
        assertThat(TaskMarkers.startFile(inFolder, 0)).isEqualTo(dir.resolve("logs/batch_0004/markers/batch_0004_0.start"));
        Files.createDirectories(script.getParent());
        Files.writeString(TaskMarkers.exitFile(script, 7), "job_id=12 exit=3 start=1700000000 end=1700000060\n");
        TaskMarkers.Marker marker = TaskMarkers.read(TaskMarkers.exitFile(script, 7)).orElseThrow();
        assertThat(marker.exit()).isEqualTo(3);
        assertThat(marker.end().getEpochSecond()).isEqualTo(1700000060);
        assertThat(TaskMarkers.read(TaskMarkers.exitFile(script, 8))).isEmpty();
    }
}
