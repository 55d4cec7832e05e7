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
                new DemoCommand());
    }

    @Option(names = "--config-dir", scope = ScopeType.INHERIT, paramLabel = "DIR", defaultValue = "./config",
            description = "Configuration directory (productions/, defaults/, schemas/). Default: ${DEFAULT-VALUE}.")
    Path configDir;

    @Option(names = "--machine", scope = ScopeType.INHERIT, paramLabel = "NAME", defaultValue = "${env:PM_MACHINE:-local}",
            description = "Machine defaults to use (config/defaults/NAME.yaml). Default: $PM_MACHINE, else local.")
    String machine;

    @Option(names = "--state-dir", scope = ScopeType.INHERIT, paramLabel = "DIR", defaultValue = "${sys:pm.state-dir:-.pm}",
            description = "Folder of the daemon's own state (local executor, watcher records shown by list). "
                    + "Default: -Dpm.state-dir, else ${DEFAULT-VALUE}.")
    Path stateDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The configured command line: subcommands registered, exit codes mapped. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new ProductionManagerCommand());
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

    public Path configDir() {
        return configDir;
    }

    public String machine() {
        return machine;
    }

    public Path stateDir() {
        return stateDir;
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
                || t instanceof io.productionmanager.init.ProductionExistsException
                || t instanceof io.productionmanager.app.NotInitializedException
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
