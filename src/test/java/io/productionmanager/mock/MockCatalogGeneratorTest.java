package io.productionmanager.mock;

import io.jhdf.HdfFile;
import io.productionmanager.qa.OutputValidator;
import io.productionmanager.qa.ValidationResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MockCatalogGeneratorTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    private final List<Long> sleeps = new ArrayList<>();

    private int run(String... args) {
        return MockCatalogGenerator.run(args, err, sleeps::add);
    }

    private String errText() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    private static double[] doubles(Path file, String dataset) {
        try (HdfFile hdf = new HdfFile(file)) {
            return (double[]) hdf.getDatasetByPath(dataset).getData();
        }
    }

    @Test
    void same_arguments_draw_the_same_catalog_and_another_realization_a_different_one() {
        Path a = dir.resolve("a.hdf5");
        Path b = dir.resolve("b.hdf5");
        Path c = dir.resolve("c.hdf5");
        Path d = dir.resolve("d.hdf5");
        assertThat(run("--realization", "7", "--redshift", "0.5", "--output", a.toString(), "--rows", "500")).isZero();
        assertThat(run("--realization", "7", "--redshift", "0.50", "--output", b.toString(), "--rows", "500",
                "--attempt", "3")).isZero();
        assertThat(run("--realization", "8", "--redshift", "0.5", "--output", c.toString(), "--rows", "500")).isZero();
        assertThat(run("--realization", "7", "--redshift", "1.0", "--output", d.toString(), "--rows", "500")).isZero();

        for (String name : List.of("x", "y", "z", "vx", "vy", "vz", "magnitude")) {
            assertThat(doubles(b, name)).as("dataset %s of a re-run", name).containsExactly(doubles(a, name));
        }
        assertThat(doubles(c, "x")).as("another realization").isNotEqualTo(doubles(a, "x"));
        assertThat(doubles(d, "x")).as("another redshift").isNotEqualTo(doubles(a, "x"));
        assertThat(MockCatalog.seed(7, 0.5, 1)).as("another seed base").isNotEqualTo(MockCatalog.seed(7, 0.5, 0));
    }

    @Test
    void catalog_holds_every_dataset_and_root_attribute_readable_with_jhdf() {
        Path out = dir.resolve("r0003/mock_z1.250.hdf5");
        assertThat(run("--realization", "3", "--redshift", "1.25", "--output", out.toString(), "--seed-base", "42"))
                .isZero();

        try (HdfFile hdf = new HdfFile(out)) {
            for (String name : List.of("x", "y", "z", "vx", "vy", "vz", "magnitude", "galaxy_id")) {
                assertThat(hdf.getDatasetByPath(name).getDimensions()).as("shape of %s", name).containsExactly(5000);
            }
            double[] x = (double[]) hdf.getDatasetByPath("x").getData();
            assertThat(Arrays.stream(x).min().orElseThrow()).isGreaterThanOrEqualTo(0.0);
            assertThat(Arrays.stream(x).max().orElseThrow()).isLessThan(MockCatalog.BOX_SIZE);
            double[] magnitude = (double[]) hdf.getDatasetByPath("magnitude").getData();
            assertThat(Arrays.stream(magnitude).average().orElseThrow()).isCloseTo(23.25, within(0.1));
            double[] vx = (double[]) hdf.getDatasetByPath("vx").getData();
            double rms = Math.sqrt(Arrays.stream(vx).map(v -> v * v).average().orElseThrow());
            assertThat(rms).isCloseTo(MockCatalog.VELOCITY_SIGMA, within(15.0));
            long[] ids = (long[]) hdf.getDatasetByPath("galaxy_id").getData();
            assertThat(ids).hasSize(5000).doesNotHaveDuplicates();

            assertThat(hdf.getAttribute("realization").getData()).isEqualTo(3);
            assertThat(hdf.getAttribute("redshift").getData()).isEqualTo(1.25);
            assertThat(hdf.getAttribute("seed").getData()).isEqualTo(MockCatalog.seed(3, 1.25, 42));
            assertThat(hdf.getAttribute("rows").getData()).isEqualTo(5000);
            assertThat(hdf.getAttribute("generator").getData()).isEqualTo("production-manager mock 1");
        }
        assertThat(OutputValidator.hdf5(java.util.List.of("x", "y", "z", "magnitude")).validate(out).valid()).isTrue();
    }

    @Test
    void fails_on_listed_attempts_without_output_then_succeeds_on_the_next() {
        Path out = dir.resolve("out.hdf5");
        String[] base = {"--realization", "4", "--redshift", "0.5", "--output", out.toString(), "--rows", "10",
                "--fail-on-attempts", "1", "--fail-exit-code", "7"};

        assertThat(run(concat(base, "--attempt", "1"))).isEqualTo(7);
        assertThat(out).doesNotExist();
        assertThat(errText()).contains("failing attempt 1");

        assertThat(run(concat(base, "--attempt", "2"))).isZero();
        assertThat(out).exists();
    }

    @Test
    void fail_realizations_mod_limits_failures_to_every_mth_realization() {
        String[] switches = {"--redshift", "0.5", "--rows", "10", "--fail-on-attempts", "1,2",
                "--fail-realizations-mod", "3", "--attempt", "2"};
        assertThat(run(concat(switches, "--realization", "6", "--output", dir.resolve("r6.hdf5").toString())))
                .as("6 %% 3 == 0 fails").isEqualTo(1);
        assertThat(run(concat(switches, "--realization", "7", "--output", dir.resolve("r7.hdf5").toString())))
                .as("7 %% 3 != 0 runs").isZero();
        assertThat(dir.resolve("r6.hdf5")).doesNotExist();
        assertThat(dir.resolve("r7.hdf5")).exists();
    }

    @Test
    void no_output_exits_zero_without_writing() {
        Path out = dir.resolve("none.hdf5");
        assertThat(run("--realization", "1", "--redshift", "0", "--output", out.toString(), "--no-output")).isZero();
        assertThat(out).doesNotExist();
        assertThat(CatalogWriter.temporaryFor(out)).doesNotExist();
    }

    @Test
    void exit_code_is_returned_after_writing_the_catalog() {
        Path out = dir.resolve("three.hdf5");
        assertThat(run("--realization", "1", "--redshift", "0", "--output", out.toString(), "--exit-code", "3",
                "--rows", "10")).isEqualTo(3);
        assertThat(OutputValidator.hdf5(java.util.List.of("x", "y", "z", "magnitude")).validate(out).rows()).isEqualTo(10);
    }

    @Test
    void sleep_seconds_sleeps_before_writing() {
        Path out = dir.resolve("late.hdf5");
        assertThat(run("--realization", "1", "--redshift", "0", "--output", out.toString(), "--sleep-seconds", "1.5",
                "--rows", "10")).isZero();
        assertThat(sleeps).containsExactly(1500L);
        assertThat(out).exists();
    }

    @Test
    void usage_errors_exit_2_naming_the_option() {
        assertThat(run("--realization", "1", "--redshift", "0")).isEqualTo(2);
        assertThat(errText()).contains("--output is required").contains("usage:");
        assertThat(run("--realization", "x", "--redshift", "0", "--output", "o")).isEqualTo(2);
        assertThat(errText()).contains("--realization: not an integer: 'x'");
        assertThat(run("--realization", "1", "--redshift", "0", "--output", "o", "--rows")).isEqualTo(2);
        assertThat(errText()).contains("--rows: missing value");
        assertThat(run("--realization", "1", "--redshift", "0", "--output", "o", "--colour", "red")).isEqualTo(2);
        assertThat(errText()).contains("unknown option '--colour'");
        assertThat(run("--realization", "1", "--redshift", "-1", "--output", "o")).isEqualTo(2);
        assertThat(errText()).contains("--redshift: must be a finite number >= 0");
    }

    @Test
    void catalog_is_written_under_a_temporary_name_and_only_then_renamed() throws IOException {
        Path out = dir.resolve("atomic.hdf5");
        MockCatalog catalog = MockCatalog.draw(1, 0.5, 0, 100);
        List<Path> seen = new ArrayList<>();
        CatalogWriter.write(catalog, out, temporary -> {
            seen.add(temporary);
            assertThat(temporary).isEqualTo(dir.resolve("atomic.hdf5.tmp"));
            assertThat(OutputValidator.hdf5(java.util.List.of("x", "y", "z", "magnitude")).validate(temporary).rows()).isEqualTo(100);
            assertThat(out).as("final name before the move").doesNotExist();
        });
        assertThat(seen).hasSize(1);
        assertThat(out).exists();
        assertThat(CatalogWriter.temporaryFor(out)).doesNotExist();
    }

    @Test
    void a_run_killed_before_the_rename_leaves_no_file_under_the_final_name() throws IOException {
        Path out = dir.resolve("killed.hdf5");
        MockCatalog catalog = MockCatalog.draw(1, 0.5, 0, 100);
        assertThatThrownBy(() -> CatalogWriter.write(catalog, out, temporary -> {
            throw new IOException("killed");
        })).hasMessage("killed");
        assertThat(out).doesNotExist();
        assertThat(CatalogWriter.temporaryFor(out)).exists();

        // the next attempt replaces the leftover temporary file
        CatalogWriter.write(catalog, out);
        assertThat(out).exists();
        assertThat(CatalogWriter.temporaryFor(out)).doesNotExist();
    }

    @Test
    void main_as_a_process_writes_a_valid_catalog_with_a_quiet_stderr() throws Exception {
        Path out = dir.resolve("process.hdf5");
        Path errFile = dir.resolve("process.err");
        Process process = generatorProcess("--realization", "2", "--redshift", "0.75", "--output", out.toString(),
                "--exit-code", "5").redirectError(errFile.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(5);
        assertThat(OutputValidator.hdf5(java.util.List.of("x", "y", "z", "magnitude")).validate(out).rows()).isEqualTo(5000);
        assertThat(Files.readString(errFile)).as("stderr of a successful run").isEmpty();
    }

    private static ProcessBuilder generatorProcess(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), MockCatalogGenerator.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
