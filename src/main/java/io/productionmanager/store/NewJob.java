package io.productionmanager.store;

import java.math.BigDecimal;
import java.math.RoundingMode;
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

    /**
     * The conventional job id: {@code r} + realization (4+ digits) + {@code _z} + redshift (3 decimals, half up),
     * the same text as {@code String.format("r%04d_z%.3f", ...)} without its cost (called once per job at init).
     */
    public static String idFor(int realization, double redshift) {
        if (realization < 0) {
            throw new IllegalArgumentException("Realization must be >= 0, got " + realization);
        }
        if (!Double.isFinite(redshift) || redshift < 0) {
            throw new IllegalArgumentException("Redshift must be a finite number >= 0, got " + redshift);
        }
        String r = Integer.toString(realization);
        StringBuilder id = new StringBuilder(16).append('r');
        for (int pad = r.length(); pad < 4; pad++) {
            id.append('0');
        }
        // BigDecimal.valueOf rounds from the shortest decimal form, as java.util.Formatter does
        return id.append(r).append("_z")
                .append(BigDecimal.valueOf(redshift).setScale(3, RoundingMode.HALF_UP).toPlainString()).toString();
    }
}
