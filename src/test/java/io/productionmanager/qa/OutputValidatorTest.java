package io.productionmanager.qa;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.productionmanager.config.ProductionConfig;
import io.productionmanager.mock.CatalogWriter;
import io.productionmanager.mock.MockCatalog;
import io.productionmanager.testsupport.Hdf5Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutputValidatorTest {

    @TempDir
    Path dir;

    /** The toy generator's datasets, as its productions declare them. */
    private static final List<String> TOY = List.of("x", "y", "z", "magnitude");

    private final OutputValidator validator = OutputValidator.hdf5(TOY);

    private Path goodCatalog(String name, int rows) throws IOException {
        Path file = dir.resolve(name);
        CatalogWriter.write(MockCatalog.draw(1, 0.5, 0, rows), file);
        return file;
    }

    @Test
    void a_complete_catalog_is_valid_with_its_row_count() throws IOException {
        ValidationResult result = validator.validate(goodCatalog("good.hdf5", 5000));
        assertThat(result.valid()).isTrue();
        assertThat(result.reason()).isNull();
        assertThat(result.rows()).isEqualTo(5000);
        assertThat(result.message()).contains("good.hdf5").contains("5000 rows");
    }

    @Test
    void a_missing_file_is_MISSING() {
        ValidationResult result = validator.validate(dir.resolve("absent.hdf5"));
        assertThat(result.valid()).isFalse();
        assertThat(result.reason()).isEqualTo(ValidationResult.MISSING);
        assertThat(result.message()).contains("absent.hdf5").contains("no such file");
    }

    @Test
    void a_directory_is_MISSING_as_a_file() {
        assertThat(validator.validate(dir).reason()).isEqualTo(ValidationResult.MISSING);
    }

    @Test
    void a_zero_byte_file_is_EMPTY() throws IOException {
        Path file = Files.createFile(dir.resolve("empty.hdf5"));
        ValidationResult result = validator.validate(file);
        assertThat(result.reason()).isEqualTo(ValidationResult.EMPTY);
        assertThat(result.message()).contains("empty.hdf5");
    }

    @Test
    void a_text_file_is_NOT_HDF5() throws IOException {
        Path file = Files.writeString(dir.resolve("text.hdf5"), "realization,redshift\n1,0.5\n");
        ValidationResult result = validator.validate(file);
        assertThat(result.reason()).isEqualTo(ValidationResult.NOT_HDF5);
        assertThat(result.message()).contains("text.hdf5");
    }

    @Test
    void a_catalog_cut_in_half_is_NOT_HDF5() throws IOException {
        Path file = truncated(goodCatalog("half.hdf5", 5000), 0.5);
        ValidationResult result = validator.validate(file);
        assertThat(result.valid()).isFalse();
        assertThat(result.reason()).isEqualTo(ValidationResult.NOT_HDF5);
        assertThat(result.message()).contains("half.hdf5");
    }

    @Test
    void a_catalog_missing_only_its_last_bytes_is_NOT_HDF5() throws IOException {
        Path good = goodCatalog("tail.hdf5", 5000);
        byte[] bytes = Files.readAllBytes(good);
        Files.write(good, Arrays.copyOf(bytes, bytes.length - 8));
        ValidationResult result = validator.validate(good);
        assertThat(result.reason()).isEqualTo(ValidationResult.NOT_HDF5);
        assertThat(result.message()).contains("truncated");
    }

    @Test
    void a_catalog_cut_inside_its_header_is_NOT_HDF5() throws IOException {
        Path file = truncated(goodCatalog("head.hdf5", 100), 0.05);
        assertThat(validator.validate(file).reason()).isEqualTo(ValidationResult.NOT_HDF5);
    }

    @Test
    void a_file_without_a_required_dataset_is_MISSING_DATASET() throws IOException {
        Path file = dir.resolve("nomag.hdf5");
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putDataset("x", new double[] {1, 2});
            hdf.putDataset("y", new double[] {1, 2});
            hdf.putDataset("z", new double[] {1, 2});
        }
        ValidationResult result = validator.validate(file);
        assertThat(result.reason()).isEqualTo(ValidationResult.MISSING_DATASET);
        assertThat(result.message()).contains("nomag.hdf5").contains("'magnitude' is missing");
    }

    @Test
    void required_datasets_are_configurable() throws IOException {
        Path good = goodCatalog("custom.hdf5", 10);
        assertThat(OutputValidator.hdf5(List.of("galaxy_id", "vx")).validate(good).rows()).isEqualTo(10);
        ValidationResult result = OutputValidator.hdf5(List.of("x", "luminosity")).validate(good);
        assertThat(result.reason()).isEqualTo(ValidationResult.MISSING_DATASET);
        assertThat(result.message()).contains("'luminosity'");
        assertThatThrownBy(() -> OutputValidator.hdf5(List.of("x", " "))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void every_missing_required_dataset_is_named() throws IOException {
        Path onlyX = Hdf5Fixtures.onlyX(dir.resolve("only_x.h5"));

        ValidationResult result = validator.validate(onlyX);

        assertThat(result.reason()).isEqualTo(ValidationResult.MISSING_DATASET);
        assertThat(result.message()).contains("required datasets 'y', 'z', 'magnitude' are missing").doesNotContain("'x'");
    }

    @Test
    void with_no_required_dataset_any_hdf5_file_holding_a_dataset_is_valid() throws IOException {
        OutputValidator byDefault = new OutputValidator(new ProductionConfig.Validation("hdf5", List.of(), 1, List.of()));

        ValidationResult onlyX = byDefault.validate(Hdf5Fixtures.onlyX(dir.resolve("only_x.h5")));
        ValidationResult noDataset = byDefault.validate(Hdf5Fixtures.noDataset(dir.resolve("no_dataset.h5")));
        ValidationResult text = byDefault.validate(Files.writeString(dir.resolve("text.h5"), "not hdf5\n"));

        assertThat(onlyX.valid()).as(onlyX.message()).isTrue();
        assertThat(onlyX.rows()).isEqualTo(3);
        assertThat(noDataset.reason()).isEqualTo(ValidationResult.MISSING_DATASET);
        assertThat(noDataset.message()).contains("holds no dataset");
        assertThat(text.reason()).isEqualTo(ValidationResult.NOT_HDF5);
    }

    @Test
    void a_nested_dataset_is_found_by_its_path() throws IOException {
        Path file = dir.resolve("nested.h5");
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putGroup("galaxies").putDataset("x", new double[] {1, 2});
        }
        assertThat(OutputValidator.hdf5(List.of()).validate(file).valid()).isTrue();
        assertThat(OutputValidator.hdf5(List.of("galaxies/x")).validate(file).valid()).isTrue();
        assertThat(OutputValidator.hdf5(List.of("x")).validate(file).message()).contains("'x' is missing");
    }

    @Test
    void format_any_accepts_any_file_of_at_least_min_bytes() throws IOException {
        OutputValidator any = new OutputValidator(new ProductionConfig.Validation("any", List.of(), 10, List.of()));
        Path text = Files.writeString(dir.resolve("cat_0.500.txt"), "ra dec z\n1 2 0.5\n");
        Path small = Files.writeString(dir.resolve("small.txt"), "tiny\n");

        assertThat(any.validate(text).valid()).isTrue();
        assertThat(any.validate(small).reason()).isEqualTo(ValidationResult.TOO_SMALL);
        assertThat(any.validate(small).message()).contains("5 bytes, at least 10");
        assertThat(any.validate(dir.resolve("absent.txt")).reason()).isEqualTo(ValidationResult.MISSING);
        assertThat(OutputValidator.anyFile(0).validate(Files.createFile(dir.resolve("empty.txt"))).valid())
                .as("min_bytes 0 accepts an empty file").isTrue();
        assertThatThrownBy(() -> OutputValidator.anyFile(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void required_datasets_of_different_lengths_are_valid_presence_is_what_is_checked() throws IOException {
        Path file = dir.resolve("ragged.hdf5");
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putDataset("x", new double[] {1, 2, 3});
            hdf.putDataset("y", new double[] {1, 2, 3});
            hdf.putDataset("z", new double[] {1, 2});
            hdf.putDataset("magnitude", new double[] {1, 2, 3});
        }
        ValidationResult result = validator.validate(file);
        assertThat(result.valid()).as(result.message()).isTrue();
        assertThat(result.rows()).as("rows of the first required dataset").isEqualTo(3);
    }

    private Path truncated(Path good, double fraction) throws IOException {
        byte[] bytes = Files.readAllBytes(good);
        Files.write(good, Arrays.copyOf(bytes, (int) (bytes.length * fraction)));
        return good;
    }
}
