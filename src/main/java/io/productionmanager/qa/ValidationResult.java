package io.productionmanager.qa;

/**
 * The verdict on one output file.
 *
 * @param valid   true when the file meets the production's {@code outputs.validation}
 * @param reason  null when valid, else one of the reason codes of this record ({@link #MISSING}, …)
 * @param message what was found, naming the file
 * @param rows    first dimension of the first required (or found) dataset; 0 when not valid or not HDF5
 */
public record ValidationResult(boolean valid, String reason, String message, long rows) {

    /** The file does not exist (or is not a regular file). */
    public static final String MISSING = "MISSING";
    /** The file has zero bytes. */
    public static final String EMPTY = "EMPTY";
    /** The file is smaller than {@code outputs.validation.min_bytes}. */
    public static final String TOO_SMALL = "TOO_SMALL";
    /** The file is not a readable HDF5 file: wrong signature, corrupt or truncated. */
    public static final String NOT_HDF5 = "NOT_HDF5";
    /** Required datasets are absent (or are groups), or the file holds no dataset at all when none is required. */
    public static final String MISSING_DATASET = "MISSING_DATASET";
    /** The check_command the batch script ran after the job's command exited non-zero. */
    public static final String CHECK_FAILED = "CHECK_FAILED";

    /** A valid file with {@code rows} rows. */
    public static ValidationResult ok(String message, long rows) {
        return new ValidationResult(true, null, message, rows);
    }

    /** An invalid file. */
    public static ValidationResult failure(String reason, String message) {
        return new ValidationResult(false, reason, message, 0);
    }
}
