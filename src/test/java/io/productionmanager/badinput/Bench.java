package io.productionmanager.badinput;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.StoredConfig;

import io.productionmanager.cli.ProductionManagerCommand;
import io.productionmanager.config.ConfigFixtures;
import picocli.CommandLine;

/**
 * A throw-away git repository with a configuration folder and an output folder outside it, in which
 * a bad input is run through the real command line and whose state can be compared before and after.
 */
final class Bench implements AutoCloseable {

    /** A valid production; cases replace parts of it. Lines: 2 name, 6 realizations, 8 base_path, 10 batch_size. */
    static final String GOOD = """
            production:
              name: "NAME"
              version: "v1.0"
            science:
              redshifts: [0.5, 1.0]
              realizations: {count: 3}
            outputs:
              base_path: "OUT"
            execution:
              batch_size: 2
            """;

    /** What the command line did. */
    record Run(int exitCode, String out, String err) {
    }

    final Path root;
    final Path repo;
    final Path config;
    final Path out;
    private final List<Runnable> cleanups = new ArrayList<>();

    Bench(Path root) {
        try {
            this.root = root.toRealPath();
            this.repo = this.root.resolve("repo");
            this.out = this.root.resolve("out");
            this.config = ConfigFixtures.copyOfProjectConfig(repo);
            // the project's sample productions write to ./productions: keep only this bench's own
            try (Stream<Path> files = Files.list(config.resolve("productions"))) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            copyTemplates();
            writeProduction("good", production("good"));
            Files.createDirectories(out);
            try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
                StoredConfig c = git.getRepository().getConfig();
                c.setString("user", null, "name", "Ada Lovelace");
                c.setString("user", null, "email", "ada@example.org");
                c.save();
            }
            commit("configuration");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    private void copyTemplates() throws IOException {
        Path from = ConfigFixtures.projectDir().resolve("config/templates");
        Path to = config.resolve("templates");
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    /** The valid production text for {@code name}, writing to this bench's output folder. */
    String production(String name) {
        return GOOD.replace("NAME", name).replace("OUT", out.toString());
    }

    Path writeProduction(String name, String text) {
        return write(config.resolve("productions").resolve(name + ".yaml"), text);
    }

    Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void commit(String message) {
        try (Git git = Git.open(repo.toFile())) {
            git.add().addFilepattern(".").call();
            git.add().addFilepattern(".").setUpdate(true).call();
            git.commit().setMessage(message).call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs the command line with this bench's configuration folder first. */
    Run cli(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--config-dir";
        all[1] = config.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return rawCli(all);
    }

    /** Runs the command line with exactly these arguments. */
    static Run rawCli(String... args) {
        CommandLine cl = ProductionManagerCommand.commandLine();
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        cl.setOut(new PrintWriter(o, true));
        cl.setErr(new PrintWriter(e, true));
        int code = cl.execute(args);
        return new Run(code, o.toString(), e.toString());
    }

    /** Initializes the valid production "good" (tagged); fails the test set-up if that does not work. */
    void initGood() {
        Run r = cli("init", "good");
        if (r.exitCode() != 0) {
            throw new IllegalStateException("set-up: init good failed: " + r);
        }
    }

    /** Mounts a tmpfs at {@code dir} (root only); returns false when mounting is not allowed here. */
    boolean mountTmpfs(Path dir, String options) {
        try {
            Files.createDirectories(dir);
            Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString())
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() != 0) {
                return false;
            }
            cleanups.add(() -> umount(dir));
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void umount(Path dir) {
        try {
            new ProcessBuilder("umount", dir.toString()).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Everything a command could have changed: every file under the output folder (SQLite's -wal and
     * -shm companions aside, which a reader may create), the git tags, and each job database's rows.
     */
    String snapshot() {
        StringBuilder s = new StringBuilder();
        List<Path> dbs = new ArrayList<>();
        for (Path base : List.of(out, root.resolve("tiny"), root.resolve("ro"))) {
            if (!Files.isDirectory(base)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(base)) {
                for (Path p : walk.sorted().toList()) {
                    String n = p.getFileName().toString();
                    // the lock file only says that a stage or submit ran, not what it changed
                    if (n.endsWith("-wal") || n.endsWith("-shm") || n.equals("production.lock")) {
                        continue;
                    }
                    s.append("file ").append(root.relativize(p)).append('\n');
                    if (n.equals("production.db")) {
                        dbs.add(p);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        s.append("tags ").append(tags()).append('\n');
        for (Path db : dbs) {
            s.append("db ").append(root.relativize(db)).append(' ').append(dbSummary(db)).append('\n');
        }
        return s.toString();
    }

    List<String> tags() {
        if (!Files.isDirectory(repo.resolve(".git"))) {
            return List.of();
        }
        try (Git git = Git.open(repo.toFile())) {
            return git.tagList().call().stream().map(Ref::getName).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String dbSummary(Path db) {
        TreeMap<String, String> rows = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement st = c.createStatement()) {
            for (String q : List.of(
                    "select 'jobs ' || state, count(*) || ' v' || sum(version) from jobs group by state",
                    "select 'batches ' || state, count(*) from batches group by state",
                    "select 'events', count(*) from events",
                    "select 'meta ' || key, value from meta")) {
                try (ResultSet rs = st.executeQuery(q)) {
                    while (rs.next()) {
                        rows.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
        } catch (SQLException e) {
            return "unreadable: " + e.getMessage();
        }
        return rows.toString();
    }

    @Override
    public void close() {
        cleanups.forEach(Runnable::run);
    }

    static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
