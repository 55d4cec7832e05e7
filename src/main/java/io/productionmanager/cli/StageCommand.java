package io.productionmanager.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import io.productionmanager.app.PmApplication;
import io.productionmanager.stage.StageResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code stage}: writes the batch scripts for review and prints their resources and cost (route {@code stage}). */
@Command(name = "stage",
        header = "Write the SLURM array scripts (logs/batch_NNNN.sh) and show resources and cost.",
        footer = {"", "Staging again writes nothing new: jobs already in a batch are not batched twice."})
public class StageCommand implements Callable<Integer> {

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
