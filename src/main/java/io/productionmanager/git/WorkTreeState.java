package io.productionmanager.git;

import java.nio.file.Path;
import java.util.List;

/**
 * What git knows about the repository holding a production file, as found by {@link GitProvenance#inspect(Path)}.
 *
 * @param configFile     the production file, absolute and normalised
 * @param repoRoot       working tree root, or null when the file is not inside any repository
 * @param configRepoPath the production file relative to {@code repoRoot} ({@code /}-separated), or null
 * @param headCommit     HEAD commit id, or null when outside a repository or the repository has no commits
 * @param branch         current branch short name, or null when HEAD is detached or there is no repository
 * @param modifiedFiles  tracked files with uncommitted changes (changed, added, removed, missing, modified,
 *                       conflicting), sorted; these make the tree dirty
 * @param untrackedFiles untracked, not ignored files, sorted, a wholly untracked directory once as {@code dir/};
 *                       listed but they do not make the tree dirty
 * @param configTracked  whether the production file itself is in the index
 */
public record WorkTreeState(
        Path configFile,
        Path repoRoot,
        String configRepoPath,
        String headCommit,
        String branch,
        List<String> modifiedFiles,
        List<String> untrackedFiles,
        boolean configTracked) {

    public WorkTreeState {
        modifiedFiles = List.copyOf(modifiedFiles);
        untrackedFiles = List.copyOf(untrackedFiles);
    }

    /** State of a file that no repository holds. */
    public static WorkTreeState notInRepository(Path configFile) {
        return new WorkTreeState(configFile, null, null, null, null, List.of(), List.of(), false);
    }

    public boolean inRepository() {
        return repoRoot != null;
    }

    public boolean hasCommits() {
        return headCommit != null;
    }

    /** Clean means no tracked file has uncommitted changes; untracked files do not count. */
    public boolean clean() {
        return modifiedFiles.isEmpty();
    }

    /** Whether the production file itself has uncommitted changes. */
    public boolean configModified() {
        return configRepoPath != null && modifiedFiles.contains(configRepoPath);
    }
}
