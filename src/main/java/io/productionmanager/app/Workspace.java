package io.productionmanager.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.productionmanager.config.ConfigResolver;
import io.productionmanager.config.ProductionRegistry;
import io.productionmanager.config.ResolvedConfig;
import io.productionmanager.config.YamlLoader;
import io.productionmanager.store.Database;
import io.productionmanager.store.JobStore;

/**
 * Where productions are found: the configuration folder and machine in use, and the open job
 * stores of initialized productions (kept open for the daemon, closed with the workspace).
 */
public final class Workspace implements AutoCloseable {

    private static final Pattern SIMPLE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

    private final ConfigResolver resolver;
    private final Path configDir;
    private final String machine;
    private final Clock clock;
    private final Map<Path, Production> open = new ConcurrentHashMap<>();
    /** One per production folder in this JVM: the OS file lock below belongs to the process, not to a workspace. */
    private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    public Workspace(Path configDir, String machine, Clock clock) {
        this.configDir = configDir;
        this.resolver = new ConfigResolver(configDir);
        this.machine = machine;
        this.clock = clock;
    }

    public Path configDir() {
        return configDir;
    }

    public String machine() {
        return machine;
    }

    public Clock clock() {
        return clock;
    }

    public ConfigResolver resolver() {
        return resolver;
    }

    /** Resolves a production file (by name or path) against the machine defaults and flags. */
    public ResolvedConfig resolve(String nameOrFile, Map<String, String> flags) {
        return resolver.resolve(nameOrFile, machine, flags);
    }

    /** The folder of a production, from its configuration ({@code base_path/name}). */
    public Path productionDir(String nameOrFile) {
        return resolve(nameOrFile, Map.of()).config().productionDir();
    }

    /** True when the production's job database exists. */
    public boolean isInitialized(String nameOrFile) {
        return Files.isRegularFile(Production.databaseFile(productionDir(nameOrFile)));
    }

    /**
     * Opens an initialized production: the configuration written by init (not the file as it is
     * now, which may have been edited since) and its job store.
     */
    public Production open(String nameOrFile) {
        // an initialized production carries its resolved configuration: finding its folder needs only the
        // name and base_path, not a full validation (which costs a third of a second in a command like status)
        Path dir = initializedDir(nameOrFile);
        if (dir == null) {
            dir = productionDir(nameOrFile).toAbsolutePath().normalize();
        }
        return openDir(dir, nameOrFile);
    }

    /**
     * The folder of an initialized production from {@code production.name} and {@code outputs.base_path}
     * (the production's, else the machine's, else the built-in {@code ./productions}) without validating
     * anything, or null when that folder holds no initialized production or the files cannot be read.
     */
    private Path initializedDir(String nameOrFile) {
        try {
            Path file = resolver.locate(nameOrFile);
            JsonNode prod = YamlLoader.load(file, file).root();
            JsonNode name = prod.path("production").path("name");
            if (!name.isTextual() || !SIMPLE_NAME.matcher(name.asText()).matches()) {
                return null;
            }
            JsonNode base = prod.path("outputs").path("base_path");
            Path machineFile = configDir.resolve("defaults").resolve(machine + ".yaml");
            if (!base.isTextual() && SIMPLE_NAME.matcher(machine).matches() && Files.isRegularFile(machineFile)) {
                base = YamlLoader.load(machineFile, machineFile).root().path("outputs").path("base_path");
            }
            // the built-in default of outputs.base_path (builtin-defaults.yaml)
            String basePath = base.isTextual() ? base.asText() : "./productions";
            Path dir = Path.of("").toAbsolutePath().resolve(basePath).resolve(name.asText()).normalize();
            boolean initialized = Files.isRegularFile(Production.databaseFile(dir))
                    && Files.isRegularFile(Production.configFile(dir));
            return initialized ? dir : null;
        } catch (RuntimeException e) {
            // anything unusual is left to the full resolution, which reports it properly
            return null;
        }
    }

    /** Opens the production in {@code dir} (its folder), with the configuration init wrote there. */
    public Production openDir(Path dir, String nameForErrors) {
        Production p = open.get(dir);
        if (p != null) {
            return p;
        }
        if (!Files.isRegularFile(Production.databaseFile(dir))) {
            throw new NotInitializedException(nameForErrors, dir);
        }
        return open.computeIfAbsent(dir, d -> {
            ResolvedConfig rc = ResolvedConfig.fromResolvedYaml(Production.configFile(d));
            Database db = Database.openExisting(Production.databaseFile(d));
            return new Production(rc.config().name(), d, rc.config(), db, new JobStore(db, clock));
        });
    }

    /** Names of the valid production files in the configuration folder whose production is initialized. */
    public List<String> initializedProductions() {
        List<String> names = new ArrayList<>();
        for (ProductionRegistry.Entry e : new ProductionRegistry(configDir).list(machine)) {
            if (e.valid()) {
                try {
                    if (isInitialized(e.name())) {
                        names.add(e.name());
                    }
                } catch (RuntimeException ignored) {
                    // a file that stopped resolving is reported by list/validate, not here
                }
            }
        }
        return names;
    }

    /** The lock file of a production folder, held while its batches are staged or submitted. */
    public static Path lockFile(Path productionDir) {
        return productionDir.resolve("metadata").resolve("production.lock");
    }

    /**
     * Runs {@code work} as the only stage, submit or retry of the production at this moment, across
     * threads (the watcher and the poller of the daemon) and processes (a command next to the daemon):
     * two submits at once would each take the other's SUBMITTING batch for a crash leftover.
     */
    public <T> T exclusively(Production p, Supplier<T> work) {
        ReentrantLock lock = LOCKS.computeIfAbsent(p.dir().toAbsolutePath().normalize(), d -> new ReentrantLock());
        lock.lock();
        try {
            if (lock.getHoldCount() > 1) {
                // nested (submit stages first): this thread holds the file lock already
                return work.get();
            }
            // never the database file itself: closing another descriptor of it would drop SQLite's own locks
            Path file = lockFile(p.dir());
            try (FileChannel channel = openLockFile(file);
                 FileLock ignored = channel.lock()) {
                return work.get();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
            }
        } finally {
            lock.unlock();
        }
    }

    private static FileChannel openLockFile(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    /** Forgets (and closes) an open production, e.g. after a failed init removed it. */
    public void forget(Path dir) {
        Production p = open.remove(dir.toAbsolutePath().normalize());
        if (p != null) {
            p.database().close();
        }
    }

    @Override
    public void close() {
        open.values().forEach(p -> p.database().close());
        open.clear();
    }
}
