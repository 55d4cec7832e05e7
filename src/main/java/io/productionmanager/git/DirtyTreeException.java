package io.productionmanager.git;

import java.nio.file.Path;
import java.util.List;

/** Tracked files have uncommitted (modified or staged) changes and {@code --allow-dirty} was not given. */
public class DirtyTreeException extends GitProvenanceException {

    /** How many files the message lists before summarising the rest. */
    static final int MAX_LISTED = 20;

    private final transient Path repoRoot;
    private final List<String> files;

    public DirtyTreeException(Path repoRoot, List<String> files) {
        super(message(repoRoot, files));
        this.repoRoot = repoRoot;
        this.files = List.copyOf(files);
    }

    /** Repository root whose working tree is dirty. */
    public Path repoRoot() {
        return repoRoot;
    }

    /** Every tracked file with uncommitted changes, relative to the repository root. */
    public List<String> files() {
        return files;
    }

    private static String message(Path repoRoot, List<String> files) {
        StringBuilder sb = new StringBuilder();
        sb.append("Working tree of ").append(repoRoot).append(" has uncommitted changes to ")
                .append(files.size()).append(files.size() == 1 ? " tracked file:" : " tracked files:");
        files.stream().limit(MAX_LISTED).forEach(f -> sb.append("\n  ").append(f));
        if (files.size() > MAX_LISTED) {
            sb.append("\n  and ").append(files.size() - MAX_LISTED).append(" more");
        }
        sb.append("\nCommit the changes first (recommended for production runs), "
                + "or use --allow-dirty to tag the production anyway.");
        return sb.toString();
    }
}
