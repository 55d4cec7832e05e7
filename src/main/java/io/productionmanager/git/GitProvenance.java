package io.productionmanager.git;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.eclipse.jgit.lib.Repository;

/**
 * Checks that a production's configuration is committed, names and creates its annotated git tag, and records its
 * provenance; tag timestamps are in UTC.
 */
public final class GitProvenance {

    static final String NO_GIT_WARNING = "configuration is not under version control";

    private final Clock clock;
    private final String appVersion;
    private final WorkTreeInspector inspector = new WorkTreeInspector();
    private final ProductionTagger tagger;

    public GitProvenance(Clock clock, String appVersion) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.appVersion = Objects.requireNonNull(appVersion, "appVersion");
        this.tagger = new ProductionTagger(clock);
    }

    /** Git state of the repository holding {@code configFile}; a state with no repository root when none holds it. */
    public WorkTreeState inspect(Path configFile) {
        return inspector.inspect(configFile);
    }

    /**
     * Refuses to tag: outside a repository ({@link NotInRepositoryException}), a repository with no commits
     * ({@link GitProvenanceException}), or uncommitted changes to tracked files without {@code allowDirty}
     * ({@link DirtyTreeException}). Untracked files never refuse.
     */
    public void requireTaggable(WorkTreeState state, boolean allowDirty) {
        if (!state.inRepository()) {
            throw new NotInRepositoryException(state.configFile());
        }
        if (!state.hasCommits()) {
            throw new GitProvenanceException("repository has no commits (" + state.repoRoot() + "), so there is "
                    + "nothing to tag: commit the configuration first, or use --no-git");
        }
        if (!state.clean() && !allowDirty) {
            throw new DirtyTreeException(state.repoRoot(), state.modifiedFiles());
        }
    }

    /**
     * {@code production/{name}_{version}_{YYYYMMDD_HHMMSS}} ({@code _allow_dirty_} before the timestamp with
     * {@code allowDirty}), {@code at} in UTC, with {@code _2}, {@code _3}, ... appended if the tag exists.
     *
     * @throws GitProvenanceException naming {@code production.name}/{@code production.version} when they cannot
     *                                be part of a git ref name
     */
    public String tagName(String name, String version, boolean allowDirty, Instant at, Repository repo) {
        return TagNames.unique(name, version, allowDirty, at, repo);
    }

    /** {@link #tagName(String, String, boolean, Instant, Repository)} for the repository at {@code repoRoot}. */
    public String tagName(String name, String version, boolean allowDirty, Instant at, Path repoRoot) {
        try (Repository repo = ProductionTagger.open(repoRoot)) {
            return tagName(name, version, allowDirty, at, repo);
        } catch (IOException e) {
            throw new GitProvenanceException("cannot open the git repository at " + repoRoot + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks, names and records everything {@code init} needs, creating nothing: with {@code noGit} git is not
     * consulted and there is no tag name. The tag timestamp and {@code created_at} are the same clock instant.
     */
    public Provenance prepare(ProvenanceRequest request) {
        // Whole seconds, so created_at and the tag timestamp read the same.
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        if (request.noGit()) {
            return record(request, null, null, now);
        }
        TagNames.base(request.name(), request.version(), request.allowDirty(), now);
        WorkTreeState state = inspect(request.configFile());
        requireTaggable(state, request.allowDirty());
        String tag = tagName(request.name(), request.version(), request.allowDirty(), now, state.repoRoot());
        return record(request, state, tag, now);
    }

    /**
     * Provenance of a production; {@code state} and {@code tagName} are null with {@code --no-git}.
     * Hashes the production file's bytes.
     */
    public Provenance record(ProvenanceRequest request, WorkTreeState state, String tagName, Instant createdAt) {
        boolean git = state != null && state.inRepository();
        Path configFile = git ? state.configFile() : request.configFile().toAbsolutePath().normalize();
        List<String> modified = git ? state.modifiedFiles() : List.of();
        List<String> untracked = git ? state.untrackedFiles() : List.of();
        return new Provenance(
                request.name(), request.version(), request.machine(), request.jobCount(),
                configFile, git ? state.configRepoPath() : null, sha256(configFile), git && state.configTracked(),
                git ? (state.clean() ? "clean" : "dirty") : "unknown",
                modified, untracked, request.allowDirty(), request.noGit(),
                git ? state.headCommit() : null, git ? state.branch() : null, git ? state.repoRoot() : null,
                tagName, appVersion, Runtime.version().toString(), System.getProperty("java.vendor"), os(), host(),
                createdAt, warnings(state));
    }

    /** Annotated tag named {@link Provenance#tagName()} on the recorded commit, with {@link Provenance#tagMessage()}. */
    public TagHandle createTag(Provenance provenance) {
        if (provenance.noGit() || provenance.tagName() == null) {
            throw new GitProvenanceException("production " + provenance.name() + " was initialised with --no-git; "
                    + "there is no tag to create");
        }
        return tagger.create(provenance.repoRoot(), provenance.tagName(), provenance.tagMessage(),
                provenance.gitCommit());
    }

    /**
     * Annotated tag on HEAD; the tagger is {@code user.name}/{@code user.email} from the repository's config or
     * {@code production-manager <production-manager@localhost>}. Never moves an existing tag.
     */
    public TagHandle createTag(Path repoRoot, String tagName, String message) {
        return tagger.create(repoRoot, tagName, message, null);
    }

    /** Removes a tag this class created (rolling back a failed {@code init}); false if it was already gone. */
    public boolean deleteTag(TagHandle handle) {
        return tagger.delete(handle);
    }

    private static List<String> warnings(WorkTreeState state) {
        List<String> w = new ArrayList<>();
        if (state == null || !state.inRepository()) {
            w.add(NO_GIT_WARNING);
            return w;
        }
        if (!state.clean()) {
            w.add("working tree has uncommitted changes (" + state.modifiedFiles().size()
                    + " tracked files); the tag does not capture them");
        }
        if (!state.configTracked()) {
            w.add("configuration file is untracked: the tag does not contain it");
        } else if (state.configModified()) {
            w.add("configuration file has uncommitted changes: the tag holds a different version of it");
        }
        if (!state.untrackedFiles().isEmpty()) {
            w.add("working tree has " + state.untrackedFiles().size() + " untracked files");
        }
        if (state.branch() == null) {
            w.add("HEAD is detached (no branch)");
        }
        return w;
    }

    private static String sha256(Path file) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new GitProvenanceException("cannot read production file " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256.
            throw new IllegalStateException(e);
        }
    }

    private static String os() {
        return System.getProperty("os.name") + " " + System.getProperty("os.version")
                + " (" + System.getProperty("os.arch") + ")";
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException e) {
            // Hosts with broken name resolution still run productions; fall back to what the shell knows.
            String env = System.getenv("HOSTNAME");
            return env != null && !env.isBlank() ? env : "unknown";
        }
    }
}
