package io.productionmanager.config;

/** Dotted field paths: {@code execution.retry_policy.max_retries}, {@code science.redshifts[2]}. */
final class FieldPaths {

    private FieldPaths() {
    }

    static String child(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    static String item(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /** The enclosing path, {@code ""} for a top-level key. */
    static String parent(String path) {
        int end = path.length();
        if (end > 0 && path.charAt(end - 1) == ']') {
            return path.substring(0, path.lastIndexOf('['));
        }
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }
}
