package io.productionmanager.stage;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Formats walltime and memory the way {@code sbatch --time} and {@code --mem} accept them. */
public final class SlurmFormats {

    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);
    private static final BigDecimal MB_PER_GB = BigDecimal.valueOf(1024);

    private SlurmFormats() {
    }

    /**
     * Walltime as {@code HH:MM:SS}, rounded up to the whole second; hours are not folded into days
     * (SLURM accepts {@code 48:00:00}), e.g. 24.0 → {@code 24:00:00}, 0.5 → {@code 00:30:00}.
     */
    public static String time(double hours) {
        if (!Double.isFinite(hours) || hours <= 0) {
            throw new IllegalArgumentException("walltime must be positive, got " + hours + " h");
        }
        // BigDecimal.valueOf keeps the decimal the user wrote (0.1 h is 360 s, not 360.00000000000006 s).
        long seconds = BigDecimal.valueOf(hours).multiply(SECONDS_PER_HOUR).setScale(0, RoundingMode.CEILING).longValueExact();
        return String.format("%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    /** Memory as {@code <N>G} when whole gigabytes, else {@code <MB>M} rounded up to the whole megabyte. */
    public static String memory(double gb) {
        if (!Double.isFinite(gb) || gb <= 0) {
            throw new IllegalArgumentException("memory must be positive, got " + gb + " GB");
        }
        BigDecimal exact = BigDecimal.valueOf(gb);
        if (exact.stripTrailingZeros().scale() <= 0) {
            return exact.toBigIntegerExact() + "G";
        }
        return exact.multiply(MB_PER_GB).setScale(0, RoundingMode.CEILING).toBigIntegerExact() + "M";
    }
}
