package io.productionmanager.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

import io.productionmanager.app.PmApplication;
import io.productionmanager.submit.CancelService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cancel}: scancel a production's arrays (or named jobs) and mark the jobs CANCELLED. */
@Command(name = "cancel",
        header = "Cancel a production's unfinished jobs (or only the named ones) with the scheduler and in the database.")
public class CancelCommand extends ProductionCommand {

    @Option(names = "--job", paramLabel = "ID", arity = "1..*", description = "Only these jobs (e.g. r0000_z0.500).")
    List<String> jobs = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (PmApplication app = AppLauncher.start(parent)) {
            CancelService.CancelResult r = app.bean("cancelService", CancelService.class).cancel(production, jobs);
            if (!r.scancelIds().isEmpty()) {
                out.println("scancel " + String.join(" ", r.scancelIds()));
            }
            out.printf("%s: %d jobs cancelled%n", r.name(), r.cancelledJobs().size());
            out.flush();
        }
        return ExitCodes.OK;
    }
}
