package io.productionmanager.cli;

import java.io.PrintWriter;

import io.productionmanager.app.PmApplication;
import io.productionmanager.stage.StageResult;
import picocli.CommandLine.Command;

/** {@code stage}: writes the batch scripts for review and prints their resources and cost (route {@code stage}). */
@Command(name = "stage",
        header = "Write the SLURM array scripts (logs/batch_NNNN.sh) and show resources and cost.",
        footer = {"", "Staging again writes nothing new: jobs already in a batch are not batched twice."})
public class StageCommand extends ProductionCommand {

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (PmApplication app = AppLauncher.start(parent)) {
            StageResult r = app.request("direct:stage", production, StageResult.class);
            if (r.batches() == 0) {
                out.printf("%s: nothing to stage (every pending job is already in a batch)%n", r.name());
            } else {
                out.print(r.summary().format());
                out.printf("%nnext: review the scripts in logs/, then production-manager submit %s%n", r.name());
            }
            out.flush();
        }
        return ExitCodes.OK;
    }
}
