package io.productionmanager.stage;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One array task of a batch: the job it runs and the values its command's placeholders take.
 *
 * @param jobId       the job's id, e.g. {@code r0000_z0.500}
 * @param realization the realization number
 * @param redshift    the redshift
 * @param outputPath  the job's output file, absolute
 * @param attempt     the attempt number this run counts as
 */
public record TaskSpec(String jobId, int realization, double redshift, Path outputPath, int attempt) {

    public TaskSpec {
        Objects.requireNonNull(outputPath, "outputPath");
        SafeValues.requireJobId(jobId);
        if (!Double.isFinite(redshift)) {
            throw new IllegalArgumentException("job " + jobId + ": redshift must be a finite number, got " + redshift);
        }
        if (!outputPath.isAbsolute()) {
            throw new IllegalArgumentException("job " + jobId + ": output path must be absolute, got " + outputPath);
        }
        // The manifest is tab-separated and line-based: these characters would split a field or a line.
        SafeValues.requireNoControlCharacters("output path of job " + jobId, outputPath.toString());
        if (attempt < 0) {
            throw new IllegalArgumentException("job " + jobId + ": attempt must not be negative, got " + attempt);
        }
    }

    /** The redshift as the command sees it: the shortest decimal that round-trips, never in E notation. */
    public String redshiftText() {
        return BigDecimal.valueOf(redshift).toPlainString();
    }

    /** This task's manifest line (without the line break): tab-separated, in the contract's column order. */
    public String manifestLine() {
        return jobId + '\t' + realization + '\t' + redshiftText() + '\t' + outputPath + '\t' + attempt;
    }
}
