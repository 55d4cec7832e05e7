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

    /** The name of every subcommand, in the order help lists them; new commands are added here and in {@link #newSubcommand}. */
    static final List<String> SUBCOMMAND_NAMES = List.of("list", "validate", "init", "stage", "submit", "status", "monitor",
            "retry", "rerun", "cancel", "logs", "cleanup", "report", "run", "demo", "completion");

    /** Every subcommand, in the order help lists them. */
    static List<Object> subcommands() {
        List<Object> all = new java.util.ArrayList<>();
        for (String name : SUBCOMMAND_NAMES) {
            all.add(newSubcommand(name));
        }
        return all;
    }

    /** A new instance of the subcommand called {@code name}. */
    static Object newSubcommand(String name) {
        // a switch rather than a table of constructor references: no lambda to link on the way to a short command
        return switch (name) {
            case "list" -> new ListCommand();
            case "validate" -> new ValidateCommand();
            case "init" -> new InitCommand();
            case "stage" -> new StageCommand();
            case "submit" -> new SubmitCommand();
            case "status" -> new StatusCommand();
            case "monitor" -> new MonitorCommand();
            case "retry" -> new RetryCommand();
            case "rerun" -> new RerunCommand();
            case "cancel" -> new CancelCommand();
            case "logs" -> new LogsCommand();
            case "cleanup" -> new CleanupCommand();
            case "report" -> new ReportCommand();
            case "run" -> new RunCommand();
            case "demo" -> new DemoCommand();
            case "completion" -> new CompletionCommand();
            default -> throw new IllegalArgumentException("no subcommand " + name);
        };
    }

    /** The global options that take a value (the next argument, or {@code --option=value}). */
    private static final List<String> GLOBAL_VALUE_OPTIONS = List.of("--config-dir", "--machine", "--state-dir", "--catalog");

    /**
     * The subcommand {@code args} run, when only it needs to be built, else null (then every subcommand is): the
     * first argument that is not a global option with its value, when it names a subcommand. Anything else before
     * it (help, version, an argument file, {@code --}), an unknown word, or the completion script (which lists every
     * command) needs them all. Building the model of one subcommand instead of sixteen saves a short command most of
     * its start time; parsing, help and errors are the same, as picocli parses a subcommand's arguments against that
     * subcommand alone.
     */
    static String onlySubcommand(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (GLOBAL_VALUE_OPTIONS.contains(a)) {
                // a value that names a command is refused when every command is built: let that happen
                if (i + 1 < args.length && SUBCOMMAND_NAMES.contains(args[i + 1])) {
                    return null;
                }
                i++;
                continue;
            }
            int eq = a.indexOf('=');
            if (eq > 0 && a.startsWith("--") && GLOBAL_VALUE_OPTIONS.contains(a.substring(0, eq))) {
                if (SUBCOMMAND_NAMES.contains(a.substring(eq + 1))) {
                    return null;
                }
                continue;
            }
            return SUBCOMMAND_NAMES.contains(a) && !a.equals("completion") ? a : null;
        }
        return null;
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
        return commandLine(env, null);
    }

    /**
     * The command line to execute {@code args} with: the subcommand they run only, when that is all they need
     * ({@link #onlySubcommand}), else every subcommand. What {@code execute(args)} does is the same either way.
     */
    public static CommandLine commandLine(String... args) {
        return commandLine(System::getenv, onlySubcommand(args));
    }

    /**
     * Runs {@code args} when they are an everyday form of status, list or validate, without building the picocli
     * model ({@link QuickCommands}), printing on {@code out} and {@code err}: the exit code, or null when picocli
     * must parse them ({@link #commandLine(String...)}).
     */
    public static Integer runQuick(String[] args, PrintWriter out, PrintWriter err) {
        QuickCommands.Run quick = QuickCommands.parse(args);
        return quick == null ? null : quick.run(out, err);
    }

    /** With environment variables from {@code env} and only subcommand {@code only} (every one when null). */
    static CommandLine commandLine(java.util.function.UnaryOperator<String> env, String only) {
        ProductionManagerCommand top = new ProductionManagerCommand();
        top.env = env;
        CommandLine cl = new CommandLine(top);
        if (only != null) {
            cl.addSubcommand(newSubcommand(only));
        } else {
            for (Object sub : subcommands()) {
                cl.addSubcommand(sub);
            }
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
        return handleException(e, cl.getErr());
    }

    /** What a command that failed with {@code e} prints on {@code err}, and its exit code. */
    static int handleException(Exception e, PrintWriter err) {
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
