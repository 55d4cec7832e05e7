package io.productionmanager.git;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.RefAlreadyExistsException;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates and removes annotated production tags. */
final class ProductionTagger {

    static final String FALLBACK_NAME = "production-manager";
    static final String FALLBACK_EMAIL = "production-manager@localhost";

    private static final Logger LOG = LoggerFactory.getLogger(ProductionTagger.class);

    private final Clock clock;

    ProductionTagger(Clock clock) {
        this.clock = clock;
    }

    /** Annotated tag on {@code commitId}, or on HEAD when it is null; never moves an existing tag. */
    TagHandle create(Path repoRoot, String tagName, String message, String commitId) {
        try (Repository repo = open(repoRoot); Git git = Git.wrap(repo); RevWalk walk = new RevWalk(repo)) {
            ObjectId target = commitId != null ? ObjectId.fromString(commitId) : repo.resolve(Constants.HEAD);
            if (target == null) {
                throw new GitProvenanceException("repository has no commits (" + repoRoot + "), so there is "
                        + "nothing to tag: commit the configuration first, or use --no-git");
            }
            RevCommit commit = walk.parseCommit(target);
            Ref ref = git.tag()
                    .setName(tagName)
                    .setAnnotated(true)
                    .setMessage(message)
                    .setTagger(tagger(repo.getConfig()))
                    .setObjectId(commit)
                    // A batch tool cannot prompt for a passphrase, so tag.gpgSign in the user's config is ignored.
                    .setSigned(false)
                    .setForceUpdate(false)
                    .call();
            LOG.info("Created tag {} on {} in {}", tagName, commit.name(), repoRoot);
            return new TagHandle(repoRoot, tagName, ref.getObjectId().name(), commit.name());
        } catch (RefAlreadyExistsException e) {
            throw new GitProvenanceException("tag " + tagName + " already exists in " + repoRoot, e);
        } catch (IOException | GitAPIException e) {
            throw new GitProvenanceException("cannot create tag " + tagName + " in " + repoRoot + ": "
                    + e.getMessage(), e);
        }
    }

    /** Deletes the tag if it still is the one created; returns false when it is already gone. */
    boolean delete(TagHandle handle) {
        try (Repository repo = open(handle.repoRoot()); Git git = Git.wrap(repo)) {
            Ref ref = repo.exactRef(handle.refName());
            if (ref == null) {
                return false;
            }
            if (!ref.getObjectId().name().equals(handle.tagObjectId())) {
                throw new GitProvenanceException("tag " + handle.tagName() + " in " + handle.repoRoot()
                        + " was replaced since it was created (now " + ref.getObjectId().name() + "); not deleting it");
            }
            git.tagDelete().setTags(handle.refName()).call();
            LOG.info("Deleted tag {} in {}", handle.tagName(), handle.repoRoot());
            return true;
        } catch (IOException | GitAPIException e) {
            throw new GitProvenanceException("cannot delete tag " + handle.tagName() + " in " + handle.repoRoot()
                    + ": " + e.getMessage(), e);
        }
    }

    /** Tagger from {@code user.name}/{@code user.email}, else a fixed identity; time from the clock, in UTC. */
    PersonIdent tagger(Config config) {
        String name = config.getString("user", null, "name");
        String email = config.getString("user", null, "email");
        return new PersonIdent(
                name == null || name.isBlank() ? FALLBACK_NAME : name,
                email == null || email.isBlank() ? FALLBACK_EMAIL : email,
                clock.instant(), ZoneOffset.UTC);
    }

    static Repository open(Path repoRoot) throws IOException {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(repoRoot.toFile());
        if (builder.getGitDir() == null) {
            throw new GitProvenanceException(repoRoot + " is not inside a git repository");
        }
        return builder.setMustExist(true).build();
    }
}
