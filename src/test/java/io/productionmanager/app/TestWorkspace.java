package io.productionmanager.app;

import io.productionmanager.production.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;

import io.productionmanager.catalog.JdbcCatalogWriter;
import io.productionmanager.config.ConfigFixtures;
import io.productionmanager.git.GitProvenance;
import io.productionmanager.init.InitService;
import io.productionmanager.init.InitStep;

/**
 * A throw-away project for tests: {@code root/config} (the project's schemas, machine defaults and template,
 * no productions) optionally in its own git repository, and an output folder outside the repository.
 */
public final class TestWorkspace implements AutoCloseable {

    public final Path root;
    public final Path configDir;
    public final Path outputs;
    private final Git git;

    private TestWorkspace(Path root, Path outputs, Git git) {
        this.root = root;
        this.configDir = root.resolve("config");
        this.outputs = outputs;
        this.git = git;
    }

    /** A git repository at {@code tmp/repo} with the configuration committed; outputs in {@code tmp/outputs}. */
    public static TestWorkspace inGitRepo(Path tmp) {
        try {
            Path root = Files.createDirectories(tmp.resolve("repo")).toRealPath();
            Git git = Git.init().setDirectory(root.toFile()).setInitialBranch("main").call();
            StoredConfig config = git.getRepository().getConfig();
            config.setString("user", null, "name", "Ada Lovelace");
            config.setString("user", null, "email", "ada@example.org");
            config.save();
            TestWorkspace ws = new TestWorkspace(root, tmp.toRealPath().resolve("outputs"), git);
            ws.copyProjectConfig();
            ws.commitAll("Configuration");
            return ws;
        } catch (IOException | GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The configuration in a plain folder (no repository anywhere above a temporary directory). */
    public static TestWorkspace withoutGit(Path tmp) {
        try {
            Path root = Files.createDirectories(tmp.resolve("plain")).toRealPath();
            TestWorkspace ws = new TestWorkspace(root, tmp.toRealPath().resolve("outputs"), null);
            ws.copyProjectConfig();
            return ws;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void copyProjectConfig() {
        Path project = ConfigFixtures.projectDir().resolve("config");
        for (String sub : List.of("schemas", "defaults", "templates")) {
            try (Stream<Path> files = Files.list(project.resolve(sub))) {
                Files.createDirectories(configDir.resolve(sub));
                for (Path f : files.toList()) {
                    Files.copy(f, configDir.resolve(sub).resolve(f.getFileName()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try {
            Files.createDirectories(configDir.resolve("productions"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base_path productions of this workspace are written under. */
    public Path basePath() {
        return outputs.resolve("productions");
    }

    /** YAML of a small valid production on the local executor that stops after stage. */
    public String productionYaml(String name, int realizations, double... redshifts) {
        StringBuilder z = new StringBuilder();
        for (double r : redshifts) {
            z.append(z.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4f", r));
        }
        return """
                production:
                  name: %s
                  version: v1.0
                  description: "a test production"
                science:
                  cosmology: toy
                  redshifts: [%s]
                  realizations: {start: 0, count: %d, step: 1}
                execution:
                  job_type: cpu_intensive
                  executor: local
                  batch_size: 10
                  command: "true"
                  auto_submit: false
                outputs:
                  base_path: "%s"
                """.formatted(name, z, realizations, basePath());
    }

    /** Writes {@code config/productions/NAME.yaml} with {@link #productionYaml}. */
    public Path writeProduction(String name, int realizations, double... redshifts) {
        return write("config/productions/" + name + ".yaml", productionYaml(name, realizations, redshifts));
    }

    public Path write(String relative, String content) {
        Path file = root.resolve(relative);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    public String commitAll(String message) {
        try {
            git.add().addFilepattern(".").call();
            PersonIdent who = new PersonIdent("Ada Lovelace", "ada@example.org",
                    Instant.parse("2025-07-01T00:00:00Z"), ZoneOffset.UTC);
            return git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call().name();
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    public String head() {
        try {
            return git.getRepository().resolve(Constants.HEAD).name();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Repository repository() {
        return git.getRepository();
    }

    /** Short names of every tag of the repository (none without git). */
    public List<String> tags() {
        List<String> names = new ArrayList<>();
        if (git == null) {
            return names;
        }
        try {
            for (Ref ref : git.tagList().call()) {
                names.add(Repository.shortenRefName(ref.getName()));
            }
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }

    /** A workspace on this configuration, machine {@code local}, its catalog written over plain JDBC. */
    public Workspace workspace(Clock clock) {
        Path catalog = catalogFile();
        return new Workspace(configDir, "local", false, catalog, new JdbcCatalogWriter(catalog), clock);
    }

    /**
     * Properties of a daemon on this configuration with its poller on (a cycle every second), state in
     * {@code stateDir}, no HTTP server and no JMX.
     */
    public java.util.Map<String, String> daemonProperties(Path stateDir) {
        java.util.Map<String, String> p = new java.util.LinkedHashMap<>();
        p.put("pm.config-dir", configDir.toString());
        p.put("pm.machine", "local");
        p.put("pm.state-dir", stateDir.toString());
        p.put("pm.daemon", "true");
        p.put("poll.cron", "0/1 * * * * ?");
        p.put("camel.management.enabled", "false");
        p.put("camel.main.jmx-enabled", "false");
        return p;
    }

    /** The workspace catalog of this project: {@code .pm/catalog.db} next to its configuration folder. */
    public Path catalogFile() {
        return Workspace.defaultCatalog(Workspace.defaultStateDir(configDir));
    }

    /** The init service of the application, with a hook run before each step. */
    public InitService initService(Workspace workspace, Clock clock, Consumer<InitStep> beforeStep) {
        return new InitService(workspace, new GitProvenance(clock, "test"), clock, beforeStep);
    }

    /** Every file and folder under {@code dir} with its size and modification time, to compare before and after. */
    public static TreeMap<String, String> snapshot(Path dir) {
        TreeMap<String, String> m = new TreeMap<>();
        if (!Files.exists(dir)) {
            return m;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                m.put(dir.relativize(p).toString(), Files.isDirectory(p) ? "dir"
                        : Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    @Override
    public void close() {
        if (git != null) {
            git.close();
        }
    }
}
