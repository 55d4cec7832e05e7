package io.productionmanager.store;

import java.util.Locale;
import java.util.Objects;

/** A job to create: its id, what it computes and where its output goes. */
public record NewJob(String id, int realization, double redshift, String outputPath) {

    public NewJob {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(outputPath, "outputPath");
    }

    /** A job with the conventional id for its realization and redshift ({@code r0000_z0.500}). */
    public static NewJob of(int realization, double redshift, String outputPath) {
        return new NewJob(idFor(realization, redshift), realization, redshift, outputPath);
    }

    /** The conventional job id: {@code r} + realization (4+ digits) + {@code _z} + redshift (3 decimals). */
    public static String idFor(int realization, double redshift) {
        return String.format(Locale.ROOT, "r%04d_z%.3f", realization, redshift);
    }
}
