package io.productionmanager.mock;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes a {@link MockCatalog} as an HDF5 file under a temporary name, then moves it to its final name. */
public final class CatalogWriter {

    /** Value of the root attribute {@code generator}. */
    public static final String GENERATOR = "production-manager mock 1";

    /** Called between writing the temporary file and moving it into place. */
    @FunctionalInterface
    interface BeforeMove {
        void accept(Path temporary) throws IOException;
    }

    private CatalogWriter() {
    }

    /** The temporary file a catalog is written to before it gets {@code output}'s name. */
    public static Path temporaryFor(Path output) {
        return output.resolveSibling(output.getFileName() + ".tmp");
    }

    /** Writes {@code catalog} to {@code output} so that the final name only ever holds a complete file. */
    public static void write(MockCatalog catalog, Path output) throws IOException {
        write(catalog, output, temporary -> { });
    }

    static void write(MockCatalog catalog, Path output, BeforeMove beforeMove) throws IOException {
        Path absolute = output.toAbsolutePath();
        Path parent = absolute.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path temporary = temporaryFor(absolute);
        // a previous attempt killed mid-write may have left one behind
        Files.deleteIfExists(temporary);
        try (WritableHdfFile file = HdfFile.write(temporary)) {
            file.putDataset("x", catalog.x());
            file.putDataset("y", catalog.y());
            file.putDataset("z", catalog.z());
            file.putDataset("vx", catalog.vx());
            file.putDataset("vy", catalog.vy());
            file.putDataset("vz", catalog.vz());
            file.putDataset("magnitude", catalog.magnitude());
            file.putDataset("galaxy_id", catalog.galaxyId());
            file.putAttribute("realization", catalog.realization());
            file.putAttribute("redshift", catalog.redshift());
            file.putAttribute("seed", catalog.seed());
            file.putAttribute("rows", catalog.rows());
            file.putAttribute("generator", GENERATOR);
        }
        beforeMove.accept(temporary);
        Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
