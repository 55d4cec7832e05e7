package io.productionmanager.cli;

import io.productionmanager.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** The top-level {@code production-manager} command: global options and the list of subcommands. */
@Command(name = "production-manager",
        mixinStandardHelpOptions = true,
        versionProvider = ProductionManagerCommand.ManifestVersion.class,
        header = "Runs productions of thousands of batch jobs on SLURM or locally.",
        footer = {"", "Exit codes: 0 ok, 1 runtime error, 2 invalid input (configuration or usage)."},
        subcommandsRepeatable = false)
public class ProductionManagerCommand implements Runnable {

    /** Every subcommand, in the order help lists them; new commands are added here. */
    static List<Object> subcommands() {
        return List.of(
                new ListCommand(),
                new ValidateCommand(),
                new InitCommand(),
                new StageCommand(),
                new SubmitCommand(),
                new StatusCommand(),
                new MonitorCommand(),
                new RetryCommand(),
                new RerunCommand(),
                new CancelCommand(),
                new LogsCommand(),
                new CleanupCommand(),
                new ReportCommand(),
                new RunCommand(),
                new DemoCommand(),
                new CompletionCommand());
    }

    // No defaultValue on the global options: picocli applies an inherited option's default again when it parses
    // the subcommand, which overwrote a flag given before the subcommand (PM_MACHINE beat --machine). The
    // getters below apply the precedence instead: flag, then environment (or -D property), then default.
    @Option(names = "--config-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Configuration directory (productions/, defaults/, schemas/). Default: $PM_CONFIG_DIR, else ./config.")
    Path configDir;

    @Option(names = "--machine", scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "Machine defaults to use (config/defaults/NAME.yaml). Default: $PM_MACHINE, else local.")
    String machine;

    @Option(names = "--state-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Folder of the workspace's own state (catalog, local executor, watcher records). "
                    + "Default: -Dpm.state-dir, else $PM_STATE_DIR, else .pm next to the configuration directory.")
    Path stateDir;

    @Option(names = "--catalog", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "The workspace catalog (SQLite) of initialized productions. "
                    + "Default: -Dpm.catalog, else $PM_CATALOG, else STATE-DIR/catalog.db.")
    Path catalog;

    /** Where environment variables are read (tests give their own). */
    java.util.function.UnaryOperator<String> env = System::getenv;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The configured command line: subcommands registered, exit codes mapped. */
    public static CommandLine commandLine() {
        return commandLine(System::getenv);
    }

    /** As {@link #commandLine()}, reading environment variables from {@code env}. */
    static CommandLine commandLine(java.util.function.UnaryOperator<String> env) {
        ProductionManagerCommand top = new ProductionManagerCommand();
        top.env = env;
        CommandLine cl = new CommandLine(top);
        for (Object sub : subcommands()) {
            cl.addSubcommand(sub);
        }
        cl.setExecutionExceptionHandler(ProductionManagerCommand::handleException);
        return cl;
    }

    @Override
    public void run() {
        // no subcommand given: show what there is
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code --config-dir}, else {@code $PM_CONFIG_DIR}, else {@code ./config}. */
    public Path configDir() {
        return configDir != null ? configDir : Path.of(firstSet(null, env.apply("PM_CONFIG_DIR"), "./config"));
    }

    /** {@code --machine}, else {@code $PM_MACHINE}, else {@code local}. */
    public String machine() {
        return firstSet(machine, env.apply("PM_MACHINE"), "local");
    }

    /** True when the machine was asked for ({@code --machine} or {@code PM_MACHINE}) rather than defaulted. */
    public boolean machineGiven() {
        return machine != null || !isBlank(env.apply("PM_MACHINE"));
    }

    /** {@code --state-dir}, else {@code -Dpm.state-dir}, else {@code $PM_STATE_DIR}, else {@code .pm} next to the configuration folder. */
    public Path stateDir() {
        if (stateDir != null) {
            return stateDir;
        }
        String given = firstSet(System.getProperty("pm.state-dir"), env.apply("PM_STATE_DIR"), null);
        return given != null ? Path.of(given) : io.productionmanager.production.Workspace.defaultStateDir(configDir());
    }

    /** {@code --catalog}, else {@code -Dpm.catalog}, else {@code $PM_CATALOG}, else {@code catalog.db} in the state folder. */
    public Path catalog() {
        if (catalog != null) {
            return catalog;
        }
        String given = firstSet(System.getProperty("pm.catalog"), env.apply("PM_CATALOG"), null);
        return given != null ? Path.of(given) : io.productionmanager.production.Workspace.defaultCatalog(stateDir());
    }

    private static String firstSet(String first, String second, String otherwise) {
        return !isBlank(first) ? first : !isBlank(second) ? second : otherwise;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static int handleException(Exception e, CommandLine cl, CommandLine.ParseResult parseResult) {
        PrintWriter err = cl.getErr();
        int code = ExitCodes.RUNTIME_ERROR;
        Throwable t = e;
        // a configuration problem behind a failed step is still a configuration problem: report it as such
        while (t != null) {
            if (t instanceof ConfigException ce) {
                ce.problems().forEach(err::println);
                err.flush();
                return ExitCodes.INVALID_INPUT;
            }
            if (isInvalidInput(t)) {
                code = ExitCodes.INVALID_INPUT;
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        err.println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        err.flush();
        return code;
    }

    /** Exceptions that mean the user asked for something that cannot be done as asked (exit 2). */
    private static boolean isInvalidInput(Throwable t) {
        return t instanceof IllegalArgumentException
                || t instanceof io.productionmanager.production.ProductionExistsException
                || t instanceof io.productionmanager.production.NotInitializedException
                || t instanceof io.productionmanager.git.GitProvenanceException
                // the batch script template is part of the configuration the user edits
                || t instanceof io.productionmanager.stage.ScriptTemplateException;
    }

    /** Reads the version from the jar manifest (Implementation-Version). */
    static final class ManifestVersion implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = ProductionManagerCommand.class.getPackage().getImplementationVersion();
            return new String[] {"production-manager " + (version == null ? "(development build)" : version)};
        }
    }
}
