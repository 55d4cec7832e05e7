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

    /** As {@code Main} runs {@code args}: the everyday forms of status, list and validate without the picocli model. */
    public static CliRun run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Integer quick = ProductionManagerCommand.runQuick(args, new PrintWriter(out, true), new PrintWriter(err, true));
        if (quick != null) {
            return new CliRun(quick, out.toString(), err.toString());
        }
        CommandLine cl = ProductionManagerCommand.commandLine(args);
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
