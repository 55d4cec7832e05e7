package io.productionmanager.cli;

import java.io.PrintWriter;
import java.time.Clock;

import io.productionmanager.production.Workspace;
import io.productionmanager.qa.ReportFiles;
import io.productionmanager.qa.ReportService;
import picocli.CommandLine.Command;

/** {@code report}: validation reports and summary plots under the production's {@code qa/} folder. */
@Command(name = "report",
        header = "Write the QA report: qa/validation_reports (JSON, Markdown), qa/summary_plots (PNG), qa/index.html.")
public class ReportCommand extends ProductionCommand {

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Workspace ws = AppLauncher.workspace(parent)) {
            ReportFiles f = new ReportService(ws, Clock.systemUTC()).report(production);
            out.println("report: " + f.index());
            out.println("  " + f.json());
            out.println("  " + f.markdown());
            f.plots().forEach(p -> out.println("  " + p));
            out.flush();
        }
        return ExitCodes.OK;
    }
}
