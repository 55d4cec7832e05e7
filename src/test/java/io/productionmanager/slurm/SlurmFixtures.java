package io.productionmanager.slurm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the real SLURM outputs captured under {@code src/test/resources/slurm/}. */
final class SlurmFixtures {

    private SlurmFixtures() {
    }

    static String read(String name) {
        try (InputStream in = SlurmFixtures.class.getResourceAsStream("/slurm/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource /slurm/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
