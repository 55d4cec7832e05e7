package io.productionmanager.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/** Reads the git state of the repository holding a production file, without changing anything. */
final class WorkTreeInspector {

    WorkTreeState inspect(Path configFile) {
        Path abs = configFile.toAbsolutePath().normalize();
        if (!Files.isRegularFile(abs)) {
            throw new GitProvenanceException("production file " + abs + " does not exist or is not a file");
        }
        try {
            // Symlinks resolved so the path can be made relative to the repository's real root.
            Path real = abs.toRealPath();
            FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(real.getParent().toFile());
            if (builder.getGitDir() == null) {
                return WorkTreeState.notInRepository(abs);
            }
            try (Repository repo = builder.setMustExist(true).build()) {
                if (repo.isBare()) {
                    return WorkTreeState.notInRepository(abs);
                }
                return inspect(repo, abs, real);
            }
        } catch (IOException e) {
            throw new GitProvenanceException("cannot read the git repository holding " + abs + ": " + e.getMessage(), e);
        } catch (GitAPIException e) {
            throw new GitProvenanceException("cannot read the git status of the repository holding " + abs + ": "
                    + e.getMessage(), e);
        }
    }

    private WorkTreeState inspect(Repository repo, Path abs, Path real) throws IOException, GitAPIException {
        Path root = repo.getWorkTree().toPath().toRealPath();
        String rel = toRepoPath(root.relativize(real));
        ObjectId head = repo.resolve(Constants.HEAD);
        String fullBranch = repo.getFullBranch();
        String branch = fullBranch != null && fullBranch.startsWith(Constants.R_HEADS)
                ? Repository.shortenRefName(fullBranch) : null;
        Status status = Git.wrap(repo).status().call();
        TreeSet<String> modified = new TreeSet<>();
        modified.addAll(status.getAdded());
        modified.addAll(status.getChanged());
        modified.addAll(status.getRemoved());
        modified.addAll(status.getMissing());
        modified.addAll(status.getModified());
        modified.addAll(status.getConflicting());
        List<String> untracked = collapseUntracked(status.getUntracked(), status.getUntrackedFolders());
        boolean tracked = repo.readDirCache().findEntry(rel) >= 0;
        return new WorkTreeState(abs, root, rel, head == null ? null : head.name(), branch,
                new ArrayList<>(modified), untracked, tracked);
    }

    /**
     * Untracked files, with each wholly untracked directory listed once as {@code dir/} as git status does, so an
     * output tree of thousands of files inside the repository stays one entry.
     */
    static List<String> collapseUntracked(Set<String> files, Set<String> folders) {
        TreeSet<String> out = new TreeSet<>();
        for (String folder : folders) {
            if (!insideAny(folder, folders)) {
                out.add(folder + "/");
            }
        }
        for (String file : files) {
            if (!insideAny(file, folders)) {
                out.add(file);
            }
        }
        return new ArrayList<>(out);
    }

    /** Whether a proper ancestor directory of {@code path} is one of {@code folders}. */
    private static boolean insideAny(String path, Set<String> folders) {
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            if (folders.contains(path.substring(0, slash))) {
                return true;
            }
        }
        return false;
    }

    private static String toRepoPath(Path relative) {
        StringBuilder sb = new StringBuilder();
        for (Path part : relative) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(part);
        }
        return sb.toString();
    }
}
