package io.productionmanager.testsupport;

import io.productionmanager.cli.ProductionManagerCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs the command line in-process and captures exit code, stdout and stderr. */
public record CliRun(int exitCode, String out, String err) {

    public static CliRun run(String... args) {
        CommandLine cl = ProductionManagerCommand.commandLine(args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** {@code production-manager --config-dir CONFIG args...}. */
    public static CliRun withConfig(Path config, String... args) {
        List<String> all = new ArrayList<>(List.of("--config-dir", config.toString()));
        all.addAll(List.of(args));
        return run(all.toArray(String[]::new));
    }

    /** This run, when it exited 0; a test's set-up step that failed otherwise. */
    public CliRun requireSuccess() {
        if (exitCode != 0) {
            throw new IllegalStateException("set-up failed: " + err);
        }
        return this;
    }
}
