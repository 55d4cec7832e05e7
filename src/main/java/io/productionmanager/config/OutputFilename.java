package io.productionmanager.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code outputs.filename}: the name of each job's output file, with the placeholders {@code {realization}}
 * (zero-padded, as in the folder names: {@code 0007}), {@code {redshift}} (three decimals: {@code 0.500}) and
 * {@code {job_id}} ({@code r0007_z0.500}). The realization is always part of the path (its folder in the
 * hierarchical layout, a {@code r0007_} prefix in the flat one), so only the redshift must be in the name.
 */
public final class OutputFilename {

    /** The placeholders a file name may use. */
    public static final Set<String> PLACEHOLDERS = Set.of("realization", "redshift", "job_id");

    /** Literal text and placeholders, in order; a placeholder is held as {@code {name}}. */
    private final List<String> parts;

    private OutputFilename(List<String> parts) {
        this.parts = parts;
    }

    /**
     * Parses a file name.
     *
     * @throws IllegalArgumentException naming what is wrong: an unknown placeholder, a brace, a '/', "." or ".."
     */
    public static OutputFilename parse(String filename) {
        if (filename == null || filename.isEmpty()) {
            throw new IllegalArgumentException("the file name is empty");
        }
        if (filename.indexOf('/') >= 0 || filename.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("'" + filename + "' is not a file name: it must not contain '/'");
        }
        List<String> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < filename.length(); i++) {
            char c = filename.charAt(i);
            if (c == '{') {
                int end = filename.indexOf('}', i);
                String name = end < 0 ? "" : filename.substring(i + 1, end);
                if (end < 0 || !PLACEHOLDERS.contains(name)) {
                    throw new IllegalArgumentException((end < 0 ? "unclosed '{' at position " + (i + 1)
                            : "unknown placeholder '{" + name + "}'") + "; allowed placeholders: {job_id} {realization} {redshift}");
                }
                if (!literal.isEmpty()) {
                    parts.add(literal.toString());
                    literal.setLength(0);
                }
                parts.add("{" + name + "}");
                i = end;
            } else if (c == '}') {
                throw new IllegalArgumentException("unmatched '}' at position " + (i + 1));
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            parts.add(literal.toString());
        }
        if (filename.equals(".") || filename.equals("..")) {
            throw new IllegalArgumentException("'" + filename + "' is not a file name");
        }
        return new OutputFilename(List.copyOf(parts));
    }

    /** True when jobs of different redshifts get different names ({@code {redshift}} or {@code {job_id}} is used). */
    public boolean distinguishesRedshifts() {
        return parts.contains("{redshift}") || parts.contains("{job_id}");
    }

    /**
     * The file name of the job with id {@code r<realization>_z<redshift>} (the conventional job id, whose two
     * parts are exactly the texts the placeholders take).
     */
    public String render(String jobId) {
        int z = jobId.indexOf("_z");
        if (!jobId.startsWith("r") || z < 0) {
            throw new IllegalArgumentException("not a conventional job id: " + jobId);
        }
        StringBuilder out = new StringBuilder(48);
        for (String part : parts) {
            switch (part) {
                case "{realization}" -> out.append(jobId, 1, z);
                case "{redshift}" -> out.append(jobId, z + 2, jobId.length());
                case "{job_id}" -> out.append(jobId);
                default -> out.append(part);
            }
        }
        return out.toString();
    }

    /**
     * The job's output path relative to the production folder: {@code catalogs/r0000/NAME} (hierarchical) or
     * {@code catalogs/r0000_NAME} (flat).
     */
    public String outputPath(String jobId, boolean flat) {
        int z = jobId.indexOf("_z");
        String realizationFolder = jobId.substring(0, z);
        return "catalogs/" + realizationFolder + (flat ? "_" : "/") + render(jobId);
    }
}
