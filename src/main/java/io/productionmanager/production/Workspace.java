package io.productionmanager.production;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import io.productionmanager.catalog.CatalogEntry;
import io.productionmanager.catalog.CatalogReader;
import io.productionmanager.catalog.CatalogWriter;
import io.productionmanager.config.ConfigResolver;
import io.productionmanager.config.ProductionName;
import io.productionmanager.config.ProductionRegistry;
import io.productionmanager.config.ResolvedConfig;
import io.productionmanager.config.YamlLoader;
import io.productionmanager.store.Database;
import io.productionmanager.store.JobStore;

/**
 * Where productions are found: the workspace catalog (name to folder, machine and intent), the
 * configuration folder and machine in use, and the open job stores of initialized productions (kept
 * open for the daemon, closed with the workspace).
 */
public final class Workspace implements AutoCloseable {

    /** The logger, set up on first use: a read-only command that logs nothing does not start the logging framework. */
    private static final class Log {
        static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Workspace.class);
    }
    /** Store key of the hold on automatic submission in job stores written before the catalog existed. */
    private static final String LEGACY_HOLD = "submit_hold";
    /**
     * Store key of the catalog a production was registered in: empty while its init runs (nobody else may
     * register it then), absent in productions initialized before the catalog existed.
     */
    public static final String REGISTERED_IN = "registered_in";


    private final ConfigResolver resolver;
    private final Path configDir;
    private final String machine;
    private final boolean machineGiven;
    private final CatalogReader catalog;
    private final CatalogWriter catalogWriter;
    private final Clock clock;
    private final Map<Path, Production> open = new ConcurrentHashMap<>();
    /** One per production folder in this JVM: the OS file lock below belongs to the process, not to a workspace. */
    private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    /** A read-only workspace on the default catalog ({@link #defaultStateDir}), the machine not given explicitly. */
    public Workspace(Path configDir, String machine, Clock clock) {
        this(configDir, machine, false, defaultCatalog(defaultStateDir(configDir)), null, clock);
    }

    /**
     * @param machineGiven  true when the machine was asked for ({@code --machine}, {@code PM_MACHINE}): a
     *                      production initialized for another machine is then refused rather than used
     * @param catalogFile   the workspace catalog
     * @param catalogWriter writes the catalog (the camel-sql routes); null for read-only commands
     */
    public Workspace(Path configDir, String machine, boolean machineGiven, Path catalogFile, CatalogWriter catalogWriter,
                     Clock clock) {
        this.configDir = configDir;
        this.resolver = new ConfigResolver(configDir);
        this.machine = machine;
        this.machineGiven = machineGiven;
        this.catalog = new CatalogReader(catalogFile);
        this.catalogWriter = catalogWriter;
        this.clock = clock;
    }

    /** The state folder when none is given: {@code .pm} next to the configuration folder, whatever the working folder. */
    public static Path defaultStateDir(Path configDir) {
        Path abs = configDir.toAbsolutePath().normalize();
        return (abs.getParent() != null ? abs.getParent() : abs).resolve(".pm");
    }

    /** The catalog file when none is given: {@code catalog.db} in the state folder. */
    public static Path defaultCatalog(Path stateDir) {
        return stateDir.toAbsolutePath().normalize().resolve("catalog.db");
    }

    /** The workspace catalog, read with plain JDBC. */
    public CatalogReader catalog() {
        return catalog;
    }

    /** Writes the workspace catalog; only where the application (its camel-sql routes) runs. */
    public CatalogWriter catalogWriter() {
        if (catalogWriter == null) {
            throw new IllegalStateException("the workspace catalog is read-only in this command");
        }
        return catalogWriter;
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

    /** True when the production is registered, or its job database exists (initialized before the catalog). */
    public boolean isInitialized(String nameOrFile) {
        if (registered(nameOrFile).isPresent()) {
            return true;
        }
        return Files.isRegularFile(Production.databaseFile(productionDir(nameOrFile)));
    }

    /**
     * Opens an initialized production: the configuration written by init (not the file as it is
     * now, which may have been edited since) and its job store.
     */
    public Production open(String nameOrFile) {
        Optional<CatalogEntry> entry = registered(nameOrFile);
        if (entry.isPresent()) {
            CatalogEntry e = entry.get();
            checkMachine(e);
            if (!Files.isRegularFile(Production.databaseFile(e.dir()))) {
                throw new NotInitializedException(e.name(), e.dir(), catalog.file());
            }
            return openDir(e.dir(), e.name());
        }
        // not registered: a production initialized before the catalog existed, found through its file.
        // Finding its folder needs only the name and base_path, not a full validation (a third of a second)
        Path dir = initializedDir(nameOrFile);
        if (dir == null) {
            dir = productionDir(nameOrFile).toAbsolutePath().normalize();
        }
        Production p = openDir(dir, nameOrFile);
        if (catalogWriter != null) {
            register(p);
        }
        return p;
    }

    /** The registered production of a name (or of the name a production file declares). */
    public Optional<CatalogEntry> registered(String nameOrFile) {
        String name = nameOrFile;
        if (ConfigResolver.looksLikePath(nameOrFile)) {
            try {
                Path file = resolver.locate(nameOrFile);
                JsonNode n = YamlLoader.load(file, file).root().path("production").path("name");
                if (!n.isTextual()) {
                    return Optional.empty();
                }
                name = n.asText();
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
        return catalog.find(name);
    }

    /** Refuses a machine asked for explicitly that is not the one the production was initialized for. */
    private void checkMachine(CatalogEntry e) {
        if (machineGiven && !e.machine().equals(machine)) {
            throw new IllegalArgumentException("production '" + e.name() + "' was initialized for machine '" + e.machine()
                    + "', not '" + machine + "' (--machine or PM_MACHINE): give --machine " + e.machine()
                    + " or leave it out");
        }
    }

    /**
     * Registers an initialized production that is not in the catalog (initialized before the catalog existed,
     * or the catalog was lost), with the machine, tag and hash init recorded in its job store. Its intent: submit when it
     * has been submitted before, and the hold a refused batch left.
     */
    private void register(Production p) {
        var store = p.store();
        String registeredIn = store.meta(REGISTERED_IN).orElse(null);
        if (registeredIn != null && registeredIn.isEmpty()) {
            // an init that registers it as its last step is still running (or died half-way): not ours to register
            return;
        }
        if (registeredIn != null && !Path.of(registeredIn).equals(catalog.file()) && Files.exists(Path.of(registeredIn))) {
            // it belongs to another workspace's catalog, which still exists
            return;
        }
        if (catalog.find(p.name()).isPresent()) {
            return;
        }
        boolean submitted = !store.batches(io.productionmanager.store.BatchState.SUBMITTING,
                io.productionmanager.store.BatchState.SUBMITTED, io.productionmanager.store.BatchState.FINISHED).isEmpty();
        Instant created = store.meta("created_at").map(Instant::parse).orElse(clock.instant());
        try {
            catalogWriter.register(new CatalogEntry(p.name(), p.dir(), store.meta("machine").orElse(p.config().machine()),
                    store.meta("tag").orElse(""), store.meta("config_sha256").orElse(""), created, submitted,
                    store.meta(LEGACY_HOLD).orElse(""), false));
            Log.LOG.info("{}: registered in the workspace catalog {} ({})", p.name(), catalog.file(), p.dir());
        } catch (ProductionExistsException e) {
            // registered meanwhile by another process, or the name belongs to another folder: leave the catalog as it is
            Log.LOG.warn("{}: not registered: {}", p.name(), e.getMessage());
        }
    }

    /**
     * Registers every initialized production of the configuration folder that the catalog does not know
     * (those initialized before it existed); the poll route calls it before reading the catalog.
     */
    public void registerUnregistered() {
        for (ProductionRegistry.Entry e : new ProductionRegistry(configDir).list(null)) {
            if (!e.valid() || catalog.find(e.name()).isPresent()) {
                continue;
            }
            try {
                Path dir = initializedDir(e.name());
                if (dir != null) {
                    register(openDir(dir, e.name()));
                }
            } catch (RuntimeException ex) {
                Log.LOG.warn("{}: cannot register: {}", e.name(), ex.getMessage());
            }
        }
    }

    /** The folder of a production initialized before the catalog existed and not registered yet, if any. */
    public Optional<Path> initializedBeforeCatalog(String name) {
        if (catalog.find(name).isPresent()) {
            return Optional.empty();
        }
        return Optional.ofNullable(initializedDir(name));
    }

    /** Why automatic submission of the production is on hold (a refused batch), empty when it is not. */
    public String heldReason(Production p) {
        return catalog.find(p.name()).map(CatalogEntry::held).orElse(p.store().meta(LEGACY_HOLD).orElse(""));
    }

    /** Puts automatic submission of the production on hold (a refused batch); the daemon skips it until a user submits. */
    public void hold(Production p, String reason) {
        catalogWriter().setHeld(p.name(), reason);
    }

    /**
     * Records a user's go-ahead: the daemon may submit the production (and its retries) from now on, and a
     * hold after a refused batch is lifted. Returns true when a hold was lifted.
     */
    public boolean recordSubmitIntent(String name) {
        Production p = open(name);
        CatalogEntry e = catalog.find(p.name()).orElseThrow(() -> new IllegalStateException(
                "production '" + p.name() + "' is not registered in the workspace catalog " + catalog.file()));
        boolean wasHeld = !e.held().isEmpty();
        if (wasHeld) {
            catalogWriter().setHeld(e.name(), "");
        }
        if (!e.autoSubmit()) {
            catalogWriter().setAutoSubmit(e.name(), true);
        }
        return wasHeld;
    }

    /**
     * The folder of an initialized production from {@code production.name} and {@code outputs.base_path}
     * (the production's, else the machine's, else the built-in default) without validating
     * anything, or null when that folder holds no initialized production or the files cannot be read.
     */
    private Path initializedDir(String nameOrFile) {
        try {
            Path file = resolver.locate(nameOrFile);
            JsonNode prod = YamlLoader.load(file, file).root();
            JsonNode name = prod.path("production").path("name");
            if (!name.isTextual() || !ProductionName.isValid(name.asText())) {
                return null;
            }
            JsonNode base = prod.path("outputs").path("base_path");
            Path machineFile = configDir.resolve("defaults").resolve(machine + ".yaml");
            if (!base.isTextual() && ProductionName.isValid(machine) && Files.isRegularFile(machineFile)) {
                base = YamlLoader.load(machineFile, machineFile).root().path("outputs").path("base_path");
            }
            // the built-in default of outputs.base_path (builtin-defaults.yaml), relative to the folder holding config/
            String basePath = base.isTextual() ? base.asText() : resolver.builtInDefault("outputs.base_path");
            Path dir = ConfigResolver.baseDirOf(configDir).resolve(basePath).resolve(name.asText()).normalize();
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

    /**
     * Names of the registered productions that are not archived, then of the valid production files whose
     * production is initialized but not registered yet.
     */
    public List<String> initializedProductions() {
        List<String> names = new ArrayList<>();
        for (CatalogEntry e : catalog.entries()) {
            if (!e.archived()) {
                names.add(e.name());
            }
        }
        for (ProductionRegistry.Entry e : new ProductionRegistry(configDir).list(machine)) {
            if (e.valid() && !names.contains(e.name()) && catalog.find(e.name()).isEmpty()) {
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
