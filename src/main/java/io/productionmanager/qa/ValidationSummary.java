package io.productionmanager.qa;

/**
 * The result of validating one job's output file.
 *
 * @param valid  whether the output passed
 * @param reason why it failed (or a short note when it passed); may be null
 * @param rows   number of rows found in the output
 */
public record ValidationSummary(boolean valid, String reason, long rows) {
}
