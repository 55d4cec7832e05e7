package io.productionmanager.cli;

import io.productionmanager.app.ProductionWatcher;
import io.productionmanager.config.ConfigResolver;
import io.productionmanager.config.ProductionRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code list}: every production in config/productions with its file, invalid ones marked. */
@Command(name = "list", header = "List the productions in config/productions and whether they are valid.",
        footer = {"", "A file the daemon's watcher could not start is marked [watch: ...] with what it recorded",
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
        PrintWriter out = spec.commandLine().getOut();
        ConfigResolver resolver = new ConfigResolver(parent.configDir());
        // with an unknown machine every entry would fail the same way: say it once
        List<String> machines = resolver.machines();
        String machine = machines.contains(parent.machine()) ? parent.machine() : null;
        if (machine == null) {
            spec.commandLine().getErr().println("warning: unknown machine '" + parent.machine() + "' (available: "
                    + String.join(", ", machines) + "); checking production files on their own");
        }
        List<ProductionRegistry.Entry> entries = new ProductionRegistry(parent.configDir()).list(machine);
        if (entries.isEmpty()) {
            out.println("no productions in " + resolver.display(resolver.productionsDir()));
        }
        for (ProductionRegistry.Entry e : entries) {
            String line = String.format("%-20s -> %s", e.name(), e.file());
            // what the daemon's watcher recorded for this file (invalid, or failed to start) says more than our own check
            Optional<String> watched = ProductionWatcher.recorded(parent.stateDir(), e.name());
            if (watched.isPresent()) {
                line += "  [watch: " + watched.get().lines().findFirst().orElse("") + "]";
            } else if (!e.valid()) {
                int n = e.problemCount();
                line += "  [invalid: " + e.firstProblem() + (n > 1 ? ", " + n + " problems" : "") + "]";
            }
            out.println(line);
        }
        out.flush();
        return ExitCodes.OK;
    }
}
