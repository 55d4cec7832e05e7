package io.productionmanager.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;

/** A throw-away git repository in a test's temporary directory, with a production file under config/productions. */
final class TestRepo implements AutoCloseable {

    static final String CONFIG = "config/productions/alpha.yaml";

    final Path root;
    final Git git;

    private TestRepo(Path root, Git git) {
        this.root = root;
        this.git = git;
    }

    /** Empty repository (no commits) with a local identity. */
    static TestRepo init(Path dir) throws Exception {
        Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
        StoredConfig config = git.getRepository().getConfig();
        config.setString("user", null, "name", "Ada Lovelace");
        config.setString("user", null, "email", "ada@example.org");
        config.save();
        return new TestRepo(dir.toRealPath(), git);
    }

    /** Repository with one commit holding the production file and a README. */
    static TestRepo withCommittedConfig(Path dir) throws Exception {
        TestRepo repo = init(dir);
        repo.write(CONFIG, "production:\n  name: alpha\n  version: v1.0\n");
        repo.write("README.md", "analysis\n");
        repo.commitAll("Add alpha production");
        return repo;
    }

    Path write(String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    Path config() {
        return root.resolve(CONFIG);
    }

    String commitAll(String message) throws Exception {
        git.add().addFilepattern(".").call();
        PersonIdent who = new PersonIdent("Ada Lovelace", "ada@example.org",
                Instant.parse("2025-07-01T00:00:00Z"), ZoneOffset.UTC);
        return git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call().name();
    }

    String head() throws IOException {
        return git.getRepository().resolve(Constants.HEAD).name();
    }

    List<String> tagNames() throws Exception {
        List<String> names = new ArrayList<>();
        for (Ref ref : git.tagList().call()) {
            names.add(Repository.shortenRefName(ref.getName()));
        }
        return names;
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Override
    public void close() {
        git.close();
    }
}
