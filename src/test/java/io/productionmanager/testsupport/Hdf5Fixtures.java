package io.productionmanager.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;

/** Small HDF5 files written with jhdf's writer, for payloads that are not the toy generator to copy. */
public final class Hdf5Fixtures {

    private Hdf5Fixtures() {
    }

    /** A valid HDF5 file whose only dataset is {@code /x} (three rows). */
    public static Path onlyX(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (WritableHdfFile hdf = HdfFile.write(file)) {
                hdf.putDataset("x", new double[] {1.0, 2.0, 3.0});
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A valid HDF5 file holding no dataset, only an empty group. */
    public static Path noDataset(Path file) {
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putGroup("empty");
        }
        return file;
    }

    /** Datasets {@code x}, {@code y}, {@code z}, {@code magnitude} (the toy generator's names) of {@code rows} rows each. */
    public static Path toyLike(Path file, int rows) {
        double[] values = new double[rows];
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            for (String name : new String[] {"x", "y", "z", "magnitude"}) {
                hdf.putDataset(name, values);
            }
        }
        return file;
    }
}
