package io.productionmanager.qa;

/**
 * The verdict on one output file.
 *
 * @param valid   true when the file is a readable HDF5 catalog with every required dataset
 * @param reason  null when valid, else one of the reason codes of this record ({@link #MISSING}, …)
 * @param message what was found, naming the file
 * @param rows    number of rows of the required datasets (0 when not valid)
 */
public record ValidationResult(boolean valid, String reason, String message, long rows) {

    /** The file does not exist (or is not a regular file). */
    public static final String MISSING = "MISSING";
    /** The file has zero bytes. */
    public static final String EMPTY = "EMPTY";
    /** The file is not a readable HDF5 file: wrong signature, corrupt or truncated. */
    public static final String NOT_HDF5 = "NOT_HDF5";
    /** A required dataset is absent (or is a group). */
    public static final String MISSING_DATASET = "MISSING_DATASET";
    /** Required datasets are scalar or disagree on their number of rows. */
    public static final String BAD_SHAPE = "BAD_SHAPE";

    /** A valid file with {@code rows} rows. */
    public static ValidationResult ok(String message, long rows) {
        return new ValidationResult(true, null, message, rows);
    }

    /** An invalid file. */
    public static ValidationResult failure(String reason, String message) {
        return new ValidationResult(false, reason, message, 0);
    }
}
