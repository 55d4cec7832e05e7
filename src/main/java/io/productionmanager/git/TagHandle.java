package io.productionmanager.git;

import java.nio.file.Path;

/**
 * An annotated production tag that was created, enough to find it again or roll it back.
 *
 * @param repoRoot    working tree root of the repository holding the tag
 * @param tagName     short tag name, e.g. {@code production/alpha_v1.0_20250717_143022}
 * @param tagObjectId id of the annotated tag object
 * @param commitId    id of the commit the tag points at
 */
public record TagHandle(Path repoRoot, String tagName, String tagObjectId, String commitId) {

    /** Full ref name, {@code refs/tags/...}. */
    public String refName() {
        return "refs/tags/" + tagName;
    }
}
