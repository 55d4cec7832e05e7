package io.productionmanager.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;

import io.productionmanager.app.Workspace;
import io.productionmanager.qa.OutputValidator;
import io.productionmanager.qa.ReportFiles;
import io.productionmanager.qa.ReportService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code report}: validation reports and summary plots under the production's {@code qa/} folder. */
@Command(name = "report",
        header = "Write the QA report: qa/validation_reports (JSON, Markdown), qa/summary_plots (PNG), qa/index.html.")
public class ReportCommand implements Callable<Integer> {

    @ParentCommand
    ProductionManagerCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Parameters(index = "0", paramLabel = "NAME", description = "Production name.")
    String production;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Workspace ws = AppLauncher.workspace(parent)) {
            ReportFiles f = new ReportService(ws, new OutputValidator(), Clock.systemUTC()).report(production);
            out.println("report: " + f.index());
            out.println("  " + f.json());
            out.println("  " + f.markdown());
            f.plots().forEach(p -> out.println("  " + p));
            out.flush();
        }
        return ExitCodes.OK;
    }
}
