package io.productionmanager.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;

/** Builds and validates production tag names: {@code production/{name}_{version}[_allow_dirty]_{YYYYMMDD_HHMMSS}}. */
final class TagNames {

    static final String PREFIX = "production/";

    /** Timestamps are UTC so that the same instant gives the same tag on every machine. */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);

    /** Substrings git forbids in a ref name (git check-ref-format), and '/' which would split the component. */
    private static final String[] FORBIDDEN = {"..", "~", "^", ":", "?", "*", "[", "\\", "@{", "/"};

    private TagNames() {
    }

    /** The base name without collision suffix; {@code at} is formatted in UTC. */
    static String base(String name, String version, boolean allowDirty, Instant at) {
        validateComponent("production.name", name);
        validateComponent("production.version", version);
        String stamp = TIMESTAMP.format(at);
        String candidate = PREFIX + name + "_" + version + (allowDirty ? "_allow_dirty_" : "_") + stamp;
        if (!Repository.isValidRefName(Constants.R_TAGS + candidate)) {
            throw new GitProvenanceException("production.name '" + name + "' and production.version '" + version
                    + "' do not form a valid git tag name (" + candidate + ")");
        }
        return candidate;
    }

    /** The base name, with {@code _2}, {@code _3}, ... appended while a tag of that name already exists. */
    static String unique(String name, String version, boolean allowDirty, Instant at, Repository repo) {
        String base = base(name, version, allowDirty, at);
        try {
            String candidate = base;
            for (int n = 2; repo.exactRef(Constants.R_TAGS + candidate) != null; n++) {
                candidate = base + "_" + n;
            }
            return candidate;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tags of " + repo.getDirectory(), e);
        }
    }

    static void validateComponent(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new GitProvenanceException(field + " is empty; it is part of the git tag name and must be set");
        }
        String problem = problem(value);
        if (problem != null) {
            throw new GitProvenanceException(field + " '" + value + "' cannot be used in a git tag name: it "
                    + problem + ". Use letters, digits and . _ - + (for example v1.0 or 2.1.0-rc1).");
        }
    }

    private static String problem(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c)) {
                return "contains a space";
            }
            if (Character.isISOControl(c)) {
                return "contains a control character";
            }
        }
        for (String s : FORBIDDEN) {
            if (value.contains(s)) {
                return "contains '" + s + "'";
            }
        }
        if (value.endsWith(".")) {
            return "ends with '.'";
        }
        return null;
    }
}
