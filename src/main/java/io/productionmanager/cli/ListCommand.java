package io.productionmanager.cli;

import io.productionmanager.app.ProductionWatcher;
import io.productionmanager.production.Workspace;
import io.productionmanager.catalog.CatalogEntry;
import io.productionmanager.store.JobState;
import io.productionmanager.config.ConfigResolver;
import io.productionmanager.config.ProductionRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code list}: the productions registered in the workspace catalog with their state counts and intent, then
 * the production files in config/productions that are not registered, invalid ones marked (read-only).
 */
@Command(name = "list", header = "List the registered productions (state counts, intent) and the production files not initialized.",
        footer = {"", "Registered: NAME -> FOLDER  [machine, intent, jobs per state] (from the catalog, see --catalog).",
                "Intent: submit (the daemon submits it and its retries), stage only (until `submit`), held, archived.",
                "A file the daemon's watcher could not start is marked [watch: ...] with what it recorded",
                "(read from {state-dir}/watch/NAME.txt; see --state-dir)."})
public class ListCommand implements Callable<Integer> {

    @ParentCommand
    ProductionManagerCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Override
    public Integer call() {
        return run(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** The command, printing on {@code out} and {@code err} (also run without the picocli model: {@link QuickCommands}). */
    Integer run(PrintWriter out, PrintWriter err) {
        ConfigResolver resolver = new ConfigResolver(parent.configDir());
        // with an unknown machine every entry would fail the same way: say it once
        List<String> machines = resolver.machines();
        String machine = machines.contains(parent.machine()) ? parent.machine() : null;
        if (machine == null) {
            err.println("warning: unknown machine '" + parent.machine() + "' (available: "
                    + String.join(", ", machines) + "); checking production files on their own");
        }
        List<ProductionRegistry.Entry> entries = new ProductionRegistry(parent.configDir()).list(machine);
        Set<String> registered = new HashSet<>();
        try (Workspace ws = AppLauncher.workspace(parent)) {
            for (CatalogEntry c : ws.catalog().entries()) {
                registered.add(c.name());
                out.printf("%-20s -> %s  [%s, intent: %s%s, %s]%n", c.name(), c.dir(), c.machine(), c.intent(),
                        c.held().isEmpty() ? "" : " (" + c.held() + ")", counts(ws, c));
            }
            if (entries.isEmpty() && registered.isEmpty()) {
                out.println("no productions in " + resolver.display(resolver.productionsDir()));
            }
            for (ProductionRegistry.Entry e : entries) {
                if (!registered.contains(e.name())) {
                    out.println(fileLine(e, ws));
                }
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** "N jobs: 3 COMPLETED, 2 PENDING", or why the job store cannot be read. */
    private static String counts(Workspace ws, CatalogEntry c) {
        try {
            Map<JobState, Long> counts = ws.openDir(c.dir(), c.name()).store().counts();
            long total = counts.values().stream().mapToLong(Long::longValue).sum();
            StringBuilder b = new StringBuilder(total + " jobs");
            String sep = ": ";
            for (JobState st : JobState.values()) {
                if (counts.getOrDefault(st, 0L) > 0) {
                    b.append(sep).append(counts.get(st)).append(' ').append(st);
                    sep = ", ";
                }
            }
            return b.toString();
        } catch (RuntimeException e) {
            return "job store unreadable: " + e.getMessage();
        }
    }

    private String fileLine(ProductionRegistry.Entry e, Workspace ws) {
        String line = String.format("%-20s -> %s", e.name(), e.file());
        // what the daemon's watcher recorded for this file (invalid, or failed to start) says more than our own check
        Optional<String> watched = ProductionWatcher.recorded(parent.stateDir(), e.name());
        if (watched.isPresent()) {
            line += "  [watch: " + watched.get().lines().findFirst().orElse("") + "]";
        } else if (!e.valid()) {
            int n = e.problemCount();
            line += "  [invalid: " + e.firstProblem() + (n > 1 ? ", " + n + " problems" : "") + "]";
        } else {
            Optional<java.nio.file.Path> before = ws.initializedBeforeCatalog(e.name());
            if (before.isPresent()) {
                line += "  [initialized at " + before.get() + ", not registered yet: the next command on it or the daemon registers it]";
            }
        }
        return line;
    }
}
