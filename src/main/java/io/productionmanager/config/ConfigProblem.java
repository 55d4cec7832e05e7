package io.productionmanager.config;

import java.nio.file.Path;

/**
 * One problem found in a configuration: where it is (file, 1-based line and column) and what is wrong.
 *
 * @param file    the file the problem is in, as shown to the user; null when the problem comes from
 *                the command line rather than a file
 * @param line    1-based line, 0 when unknown
 * @param column  1-based column, 0 when unknown
 * @param field   dotted field path, e.g. {@code execution.retry_policy.max_retries} or {@code science.redshifts[2]}
 * @param message what is wrong, in plain words
 */
public record ConfigProblem(Path file, int line, int column, String field, String message) {

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file).append(':').append(line).append(':').append(column).append(": ");
        } else {
            sb.append("command line: ");
        }
        if (field != null && !field.isEmpty()) {
            sb.append(field).append(": ");
        }
        return sb.append(message).toString();
    }
}
