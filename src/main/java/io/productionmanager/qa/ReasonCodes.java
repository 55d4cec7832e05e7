package io.productionmanager.qa;

/** Turns a free-text failure reason into the short code failures are grouped by. */
public final class ReasonCodes {

    /** Code used when no reason was recorded. */
    public static final String UNKNOWN = "UNKNOWN";

    private ReasonCodes() {
    }

    /** The text before the first ':' (trimmed), e.g. {@code "exit 3: segfault"} gives {@code "exit 3"}. */
    public static String code(String reason) {
        if (reason == null || reason.isBlank()) {
            return UNKNOWN;
        }
        int colon = reason.indexOf(':');
        String code = (colon < 0 ? reason : reason.substring(0, colon)).strip();
        return code.isEmpty() ? UNKNOWN : code;
    }
}
