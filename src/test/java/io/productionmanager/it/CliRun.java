package io.productionmanager.it;

import java.io.PrintWriter;
import java.io.StringWriter;

import io.productionmanager.cli.ProductionManagerCommand;
import picocli.CommandLine;

/** Runs the command line in-process and captures exit code, stdout and stderr. */
record CliRun(int exitCode, String out, String err) {

    static CliRun run(String... args) {
        CommandLine cl = ProductionManagerCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
