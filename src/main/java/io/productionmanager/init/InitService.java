package io.productionmanager.init;

import io.productionmanager.files.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.productionmanager.production.Production;
import io.productionmanager.production.ProductionExistsException;
import io.productionmanager.production.Workspace;
import io.productionmanager.catalog.CatalogEntry;
import io.productionmanager.config.ConfigException;
import io.productionmanager.config.ConfigProblem;
import io.productionmanager.config.OutputFilename;
import io.productionmanager.config.ProductionConfig;
import io.productionmanager.config.ResolvedConfig;
import io.productionmanager.git.GitProvenance;
import io.productionmanager.git.Provenance;
import io.productionmanager.git.ProvenanceRequest;
import io.productionmanager.git.TagHandle;
import io.productionmanager.store.Database;
import io.productionmanager.store.JobStore;
import io.productionmanager.store.NewJob;

/**
 * INIT: validate → check git → create folders → write the resolved configuration → create every job
 * row in one transaction → tag → write version_info.json → register in the workspace catalog. All or nothing:
 * a failure removes what was made; a name the catalog knows is refused before anything is made.
 */
public final class InitService {

    /** The production's sub-folders, created by init. */
    public static final List<String> FOLDERS = List.of("catalogs", "metadata", "logs",
            "qa/validation_reports", "qa/summary_plots");

    private final Workspace workspace;
    private final GitProvenance git;
    private final Clock clock;
    private final Consumer<InitStep> beforeStep;

    public InitService(Workspace workspace, GitProvenance git, Clock clock) {
        this(workspace, git, clock, step -> { });
    }

    /** With a hook called before each step (tests use it to inject a failure at a chosen step). */
    public InitService(Workspace workspace, GitProvenance git, Clock clock, Consumer<InitStep> beforeStep) {
        this.workspace = workspace;
        this.git = git;
        this.clock = clock;
        this.beforeStep = beforeStep;
    }

    /** Initializes a production; see the class comment for the steps. */
    public InitResult init(InitRequest request) {
        long t0 = System.nanoTime();
        Map<String, String> flags = new HashMap<>();
        if (request.version() != null) {
            flags.put("production.version", request.version());
        }
        // VALIDATE: configuration errors are reported as they are (file:line:column), before anything exists
        beforeStep.accept(InitStep.VALIDATE);
        ResolvedConfig resolved = workspace.resolve(request.nameOrFile(), flags);
        ProductionConfig cfg = resolved.config();
        if (cfg.execution().command().isEmpty()) {
            // validate only warns (a machine-neutral example may leave the command to the site); init cannot
            List<ConfigProblem> missing = resolved.warnings().stream()
                    .filter(w -> w.field().equals("execution.command")).toList();
            throw new ConfigException(missing.isEmpty()
                    ? List.of(new ConfigProblem(null, 0, 0, "execution.command", "required for machine '" + cfg.machine() + "'"))
                    : missing);
        }
        Path dir = cfg.productionDir().toAbsolutePath().normalize();
        Optional<CatalogEntry> registered = workspace.catalog().find(cfg.name());
        if (registered.isPresent()) {
            throw ProductionExistsException.registered(cfg.name(), registered.get().dir(), workspace.catalog().file());
        }
        if (Files.exists(dir)) {
            throw new ProductionExistsException(cfg.name(), dir);
        }
        // CHECK_GIT: refusals (dirty tree, no repository) come before anything is created
        beforeStep.accept(InitStep.CHECK_GIT);
        Provenance provenance = git.prepare(ProvenanceRequest.of(cfg, request.allowDirty(), request.noGit()));

        Undo undo = new Undo();
        InitStep step = InitStep.CREATE_DIRECTORIES;
        Database db = null;
        try {
            beforeStep.accept(step);
            undo.createProductionDir(cfg.name(), dir);
            for (String f : FOLDERS) {
                Files.createDirectories(dir.resolve(f));
            }

            step = InitStep.WRITE_CONFIG;
            beforeStep.accept(step);
            AtomicFiles.write(Production.configFile(dir), resolved.toYaml());

            step = InitStep.CREATE_JOBS;
            beforeStep.accept(step);
            db = Database.open(Production.databaseFile(dir));
            JobStore store = new JobStore(db, clock);
            int created = store.createJobs(jobs(cfg));
            store.putMeta("name", cfg.name());
            store.putMeta("version", cfg.version());
            store.putMeta("machine", cfg.machine());
            store.putMeta("config_sha256", resolved.sha256());
            store.putMeta("config_file", String.valueOf(cfg.sourceFile()));
            store.putMeta("created_at", clock.instant().toString());
            // empty until init registers it as its last step: nobody else registers a production being made
            store.putMeta(Workspace.REGISTERED_IN, "");

            step = InitStep.CREATE_TAG;
            beforeStep.accept(step);
            String tag = null;
            if (!request.noGit()) {
                TagHandle handle = git.createTag(provenance);
                undo.tag = handle;
                tag = handle.tagName();
            }
            store.putMeta("tag", tag == null ? "" : tag);

            step = InitStep.WRITE_VERSION_INFO;
            beforeStep.accept(step);
            AtomicFiles.write(dir.resolve("metadata").resolve("version_info.json"), provenance.toJson());

            // last: once registered, the production exists for every command; the catalog's unique name decides a race
            step = InitStep.REGISTER;
            beforeStep.accept(step);
            workspace.catalogWriter().register(new CatalogEntry(cfg.name(), dir, cfg.machine(), tag == null ? "" : tag,
                    resolved.sha256(), clock.instant(), request.autoSubmit(), "", false));
            undo.registered = true;
            store.putMeta(Workspace.REGISTERED_IN, workspace.catalog().file().toString());

            return new InitResult(cfg.name(), cfg.version(), dir, created, tag, cfg.execution().autoSubmit(),
                    (System.nanoTime() - t0) / 1_000_000);
        } catch (ProductionExistsException e) {
            // another init of the same production won the race: its folder (or registration) is not ours to
            // remove; what this init made is
            closeQuietly(db);
            db = null;
            undo.run();
            throw e;
        } catch (RuntimeException | IOException e) {
            // close before removing the files, so no connection of this process writes to a deleted database
            closeQuietly(db);
            db = null;
            undo.run();
            workspace.forget(dir);
            throw new InitException(cfg.name(), step, e);
        } finally {
            // the production is opened again through the workspace; this connection was only for creating it
            closeQuietly(db);
        }
    }

    private static void closeQuietly(Database db) {
        if (db != null) {
            db.close();
        }
    }

    /**
     * Every job: realizations × redshifts, ids {@code r0000_z0.500}, outputs relative to the production folder,
     * named by {@code outputs.filename} ({@link OutputFilename#outputPath}).
     */
    static Stream<NewJob> jobs(ProductionConfig cfg) {
        ProductionConfig.Science s = cfg.science();
        boolean flat = "flat".equals(cfg.outputs().structure());
        OutputFilename filename = OutputFilename.parse(cfg.outputs().filename());
        return IntStream.range(0, s.realizationCount())
                .map(i -> s.realizationStart() + i * s.realizationStep())
                .boxed()
                .flatMap(r -> s.redshifts().stream().map(z -> {
                    String id = NewJob.idFor(r, z);
                    return new NewJob(id, r, z, filename.outputPath(id, flat));
                }));
    }

    /** What init created, to remove on failure: the folders it made (outermost first) and the tag. */
    private final class Undo {
        private final List<Path> createdRoots = new ArrayList<>();
        private TagHandle tag;
        private boolean registered;
        private String name;
        private Path dir;

        /**
         * Creates the production folder and any missing parents. The folder itself is created with one
         * atomic call, so of two inits of the same production (a command and the watcher) exactly one
         * proceeds; the other gets {@link ProductionExistsException} and removes nothing.
         */
        void createProductionDir(String name, Path dir) throws IOException {
            this.name = name;
            this.dir = dir;
            // remember the outermost folder that did not exist, so a failure also removes a base_path init made
            Path p = dir;
            Path outermost = null;
            while (p != null && !Files.exists(p)) {
                outermost = p;
                p = p.getParent();
            }
            Files.createDirectories(dir.getParent());
            try {
                Files.createDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                throw new ProductionExistsException(name, dir);
            }
            createdRoots.add(outermost == null ? dir : outermost);
        }

        void run() {
            if (registered) {
                try {
                    workspace.catalogWriter().unregister(name, dir);
                } catch (RuntimeException ignored) {
                    // reported by the caller's exception
                }
            }
            if (tag != null) {
                try {
                    git.deleteTag(tag);
                } catch (RuntimeException ignored) {
                    // reported by the caller's exception; the tag name is in its message
                }
            }
            for (Path root : createdRoots) {
                deleteTree(root);
            }
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
