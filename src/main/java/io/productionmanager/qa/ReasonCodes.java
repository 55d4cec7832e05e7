package io.productionmanager.qa;

/**
 * Turns a free-text failure reason into the short code failures are grouped by: {@code exit 1},
 * {@code TIMEOUT}, {@code OUT_OF_MEMORY}, {@code NODE_FAIL}, {@code PREEMPTED}, {@code INVALID_OUTPUT},
 * {@code LOST}, ... The full text stays in the report's tables.
 */
public final class ReasonCodes {

    /** Code used when no reason was recorded. */
    public static final String UNKNOWN = "UNKNOWN";

    private ReasonCodes() {
    }

    /**
     * The text before the first {@code ':'}, {@code ';'} or {@code '('} (trimmed): {@code "exit 3: segfault"} and
     * {@code "exit 3; retry 1 of 3 after 1.2 s"} both give {@code "exit 3"}, so one exit status is one group
     * whatever attempt it ended and whatever the retry planner decided.
     */
    public static String code(String reason) {
        if (reason == null || reason.isBlank()) {
            return UNKNOWN;
        }
        int end = reason.length();
        for (char c : new char[] {':', ';', '('}) {
            int i = reason.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        String code = reason.substring(0, end).strip();
        return code.isEmpty() ? UNKNOWN : code;
    }
}
