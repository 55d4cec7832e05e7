package io.productionmanager.app;

import io.productionmanager.config.ProductionName;
import io.productionmanager.production.Workspace;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.productionmanager.config.ConfigProblem;
import io.productionmanager.config.ResolvedConfig;
import io.productionmanager.init.InitRequest;

/**
 * Decides what a production file seen by the watch route asks for, and records what went wrong
 * with a file (in {@code {state-dir}/watch/NAME.txt}, which {@code list} shows) until it is fixed.
 */
public final class ProductionWatcher {

    /** What the watch route does with a file. */
    public enum Action { INIT, IGNORE, INVALID }

    /** The decision for one file; {@code request} is set for INIT. */
    public record Decision(Action action, String production, boolean autoSubmit, InitRequest request, String file) {
        public String getAction() {
            return action.name();
        }
    }

    /** The logger, set up on first use: {@code list} reads {@link #recorded} without starting the logging framework. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(ProductionWatcher.class);
    }

    private final Workspace workspace;
    private final Path recordDir;

    public ProductionWatcher(Workspace workspace, Path stateDir) {
        this.workspace = workspace;
        this.recordDir = stateDir.resolve("watch");
    }

    /** Examines a new or changed production file. */
    public Decision examine(File file) {
        Path path = file.toPath().toAbsolutePath();
        String stem = ProductionName.stem(path);
        List<ConfigProblem> problems = workspace.resolver().check(path);
        if (!problems.isEmpty()) {
            String text = problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
            Log.LOG.warn("{} is invalid and was not started:\n{}", path, text);
            record(stem, "invalid: " + problems.get(0) + (problems.size() > 1 ? " (+" + (problems.size() - 1) + " more)" : ""));
            return new Decision(Action.INVALID, stem, false, null, path.toString());
        }
        ResolvedConfig rc = workspace.resolve(path.toString(), java.util.Map.of());
        String name = rc.config().name();
        if (workspace.isInitialized(path.toString())) {
            Log.LOG.info("{}: production '{}' is already initialized; changes to its file do not re-initialize it", path, name);
            clear(stem);
            return new Decision(Action.IGNORE, name, false, null, path.toString());
        }
        clear(stem);
        Log.LOG.info("{}: starting production '{}'", path, name);
        // a file dropped with auto_submit true asks the daemon to submit it: that intent is registered by init
        boolean autoSubmit = rc.config().execution().autoSubmit();
        return new Decision(Action.INIT, name, autoSubmit,
                new InitRequest(path.toString(), null, false, false, autoSubmit), path.toString());
    }

    /** Records that starting the production of {@code decision} failed. */
    public void failed(Decision decision, Exception e) {
        String stem = ProductionName.stem(Path.of(decision.file()));
        Log.LOG.error("{}: starting production '{}' failed: {}", decision.file(), decision.production(), e.getMessage());
        record(stem, "start failed: " + e.getMessage());
    }

    /** What is recorded for the production file with this stem, if anything. */
    public static Optional<String> recorded(Path stateDir, String stem) {
        Path f = stateDir.resolve("watch").resolve(stem + ".txt");
        try {
            return Files.isRegularFile(f) ? Optional.of(Files.readString(f).trim()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private void record(String stem, String text) {
        try {
            Files.createDirectories(recordDir);
            Files.writeString(recordDir.resolve(stem + ".txt"), text + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void clear(String stem) {
        try {
            Files.deleteIfExists(recordDir.resolve(stem + ".txt"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
