package io.productionmanager.mock;

import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Path;

/** Writes one valid catalog that test payloads (bash scripts) copy to their outputs. */
public final class CatalogTemplate {

    private CatalogTemplate() {
    }

    /** Writes a small valid catalog to {@code file} and returns it. */
    public static Path write(Path file) {
        int code = MockCatalogGenerator.run(new String[] {"--realization", "0", "--redshift", "0.5", "--output",
                file.toString()}, new PrintStream(OutputStream.nullOutputStream()), millis -> { });
        if (code != 0) {
            throw new IllegalStateException("could not write the catalog template " + file + ": exit " + code);
        }
        return file;
    }
}
