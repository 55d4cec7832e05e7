package io.productionmanager.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The run {@code bin/production-manager} records the classes of for its class-data archive: the commands users
 * run most ({@code init}, {@code stage}, {@code status}, {@code list}, {@code validate}) on a small demo
 * production in a scratch folder, so that one archive serves the commands that start Camel and the read-only
 * ones alike, whatever command happens to be the first after a build.
 * <p>
 * Everything it writes stays under the scratch folder given as its one argument: configuration, productions,
 * state folder and workspace catalog are all named by flags, which beat any {@code PM_*} variable. Its output
 * is discarded; the exit code is 0 only when every command succeeded.
 */
public final class ArchiveTraining {

    private ArchiveTraining() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--read-only")) {
            System.exit(trainReadOnly(Path.of(args[1]).toAbsolutePath().normalize()));
        }
        if (args.length != 1) {
            System.err.println("usage: ArchiveTraining [--read-only] SCRATCH_FOLDER");
            System.exit(ExitCodes.INVALID_INPUT);
        }
        System.exit(train(Path.of(args[0]).toAbsolutePath().normalize()));
    }

    /**
     * The read-only commands alone, as Main runs them ({@code status}, {@code list}, {@code validate} without the
     * picocli model, and {@code status --help} through it), in a scratch folder a full training run ({@link #train})
     * left: the classes of the small archive the launcher maps for those commands. Returns 0 when all succeeded.
     */
    static int trainReadOnly(Path scratch) throws Exception {
        Class.forName(Main.class.getName());
        io.productionmanager.store.SqliteNative.setUpAhead();
        JdkWarmUp.numbers();
        List<String> global = global(scratch);
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        int code = quick(global, nowhere);
        if (code != 0) {
            return code;
        }
        List<String> argv = new ArrayList<>(global);
        argv.addAll(List.of("status", "demo", "--help"));
        String[] a = argv.toArray(String[]::new);
        return ProductionManagerCommand.commandLine(a).setOut(nowhere).setErr(nowhere).execute(a);
    }

    /** The global options that put every path in {@code scratch}. */
    private static List<String> global(Path scratch) {
        Path state = scratch.resolve(".pm");
        return List.of("--config-dir", scratch.resolve("config").toString(), "--machine", "local",
                "--state-dir", state.toString(), "--catalog", state.resolve("catalog.db").toString());
    }

    /** The everyday forms of the read-only commands, as Main runs them (without the picocli model). */
    private static int quick(List<String> global, PrintWriter nowhere) {
        for (String[] command : new String[][] {{"status", "demo"}, {"list"}, {"validate", "demo"}}) {
            List<String> argv = new ArrayList<>(global);
            argv.addAll(List.of(command));
            QuickCommands.Run quick = QuickCommands.parse(argv.toArray(String[]::new));
            int code = quick == null ? ExitCodes.RUNTIME_ERROR : quick.run(nowhere, nowhere);
            if (code != 0) {
                return code;
            }
        }
        return 0;
    }

    /** Runs the commands in {@code scratch} (created when missing); returns 0 when all succeeded, else the first failing code. */
    static int train(Path scratch) throws Exception {
        // the command line's entry point, which the training itself does not go through: loaded, not run
        Class.forName(Main.class.getName());
        // as Main does for status and list: the SQLite driver set up on a second thread (and status's number symbols)
        io.productionmanager.store.SqliteNative.setUpAhead();
        JdkWarmUp.numbers();
        Files.createDirectories(scratch);
        Path config = scratch.resolve("config");
        DemoCommand.writeConfiguration(config, scratch.resolve("productions"), List.of(0.5, 1.0), 4, false);
        List<String> global = global(scratch);
        String[][] commands = {
                {"init", "--no-git", "demo"}, {"stage", "demo"}, {"status", "demo"}, {"status", "demo", "--verbose"},
                {"list"}, {"validate", "demo"}};
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        for (String[] command : commands) {
            List<String> argv = new ArrayList<>(global);
            argv.addAll(List.of(command));
            String[] a = argv.toArray(String[]::new);
            int code = ProductionManagerCommand.commandLine(a).setOut(nowhere).setErr(nowhere).execute(a);
            if (code != 0) {
                return code;
            }
        }
        return quick(global, nowhere);
    }
}
