package io.productionmanager.stage;

import io.productionmanager.config.ProductionName;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Checks every value before it is written into a batch script or manifest (defence in depth behind the config loader). */
public final class SafeValues {

    /** Scheduler resource strings: account, partition, qos, constraint, job name. */
    public static final Pattern RESOURCE = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_.,:+-]*$");

    /** Production names, as the configuration schema defines them. */
    public static final Pattern PRODUCTION_NAME = ProductionName.PATTERN;

    /** Job ids, e.g. {@code r0000_z0.500}. */
    public static final Pattern JOB_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_.:+-]*$");

    /**
     * Absolute paths that may appear in {@code #SBATCH} lines: sbatch reads those lines without any
     * quoting, so spaces cannot be escaped, and {@code %} would be taken as a filename pattern.
     */
    public static final Pattern SBATCH_PATH = Pattern.compile("^/[A-Za-z0-9_./+,:@=-]*$");

    private SafeValues() {
    }

    /** Returns {@code value} if it matches {@link #RESOURCE}; otherwise fails naming {@code field}. */
    public static String requireResource(String field, String value) {
        if (value == null || !RESOURCE.matcher(value).matches()) {
            throw new IllegalArgumentException(field + ": '" + printable(value) + "' is not allowed in a batch script; "
                    + "use letters, digits and _ . , : + - only (starting with a letter or digit)");
        }
        return value;
    }

    /** Returns {@code name} if it is a valid production name; otherwise fails naming the field {@code name}. */
    public static String requireProductionName(String name) {
        if (name == null || !PRODUCTION_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name: production name '" + printable(name)
                    + "' is not allowed; use letters, digits and _ . - only (starting with a letter or digit)");
        }
        return name;
    }

    /** Returns {@code jobId} if it matches {@link #JOB_ID}. */
    public static String requireJobId(String jobId) {
        if (jobId == null || !JOB_ID.matcher(jobId).matches()) {
            throw new IllegalArgumentException("job id '" + printable(jobId)
                    + "' is not allowed; use letters, digits and _ . : + - only (starting with a letter or digit)");
        }
        return jobId;
    }

    /** Returns {@code path} if it can be written into an {@code #SBATCH} line as it is; otherwise fails naming {@code field}. */
    public static Path requireSbatchPath(String field, Path path) {
        String text = path.toString();
        if (!SBATCH_PATH.matcher(text).matches()) {
            throw new IllegalArgumentException(field + ": path '" + printable(text) + "' cannot be used: it appears in "
                    + "#SBATCH --output/--error lines, which SLURM reads without quoting, so it must be absolute and "
                    + "contain only letters, digits and _ . / + , : @ = - (no spaces, quotes, %, $ or line breaks)");
        }
        return path;
    }

    /** Fails naming {@code field} if {@code value} holds a tab, line break or NUL (they would break the manifest or the script). */
    public static String requireNoControlCharacters(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\t' || c == '\n' || c == '\r' || c == '\0') {
                throw new IllegalArgumentException(field + ": '" + printable(value)
                        + "' contains a tab, line break or NUL character, which is not allowed");
            }
        }
        return value;
    }

    /** The value with control characters made visible, so error messages stay on one line. */
    static String printable(String value) {
        if (value == null) {
            return "null";
        }
        return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t").replace("\0", "\\0");
    }
}
