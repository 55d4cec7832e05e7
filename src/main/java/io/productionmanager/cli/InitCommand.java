package io.productionmanager.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import io.productionmanager.app.PmApplication;
import io.productionmanager.init.InitRequest;
import io.productionmanager.init.InitResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code init}: creates a production's folders, job database and git tag (route {@code init}). */
@Command(name = "init",
        header = "Initialize a production: folders, job database, resolved config and git tag.",
        footer = {"", "Refuses a working tree with uncommitted changes to tracked files unless --allow-dirty.",
                "Exit codes: 0 created, 2 invalid input (nothing created), 1 runtime error (nothing left behind)."})
public class InitCommand implements Callable<Integer> {

    @ParentCommand
    ProductionManagerCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Parameters(index = "0", paramLabel = "NAME|FILE", description = "Production name (config/productions/NAME.yaml) or file path.")
    String production;

    @Option(names = "--version", paramLabel = "V", description = "Production version (overrides production.version).")
    String version;

    @Option(names = "--allow-dirty", description = "Tag even with uncommitted changes (tag gets _allow_dirty_).")
    boolean allowDirty;

    @Option(names = "--no-git", description = "The configuration is not in a git repository: create no tag, record that.")
    boolean noGit;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (PmApplication app = AppLauncher.start(parent)) {
            InitResult r = app.request("direct:init", new InitRequest(production, version, allowDirty, noGit), InitResult.class);
            out.printf("initialized %s %s: %,d jobs in %s%n", r.name(), r.version(), r.jobs(), r.productionDir());
            out.printf("tag: %s%n", r.tag() == null ? "(none: --no-git)" : r.tag());
            out.printf("next: production-manager stage %s%n", r.name());
            out.flush();
        }
        return ExitCodes.OK;
    }
}
