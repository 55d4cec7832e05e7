package io.productionmanager.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

import io.productionmanager.app.PmApplication;
import io.productionmanager.production.Production;
import io.productionmanager.production.Workspace;
import io.productionmanager.poll.RetryService;
import io.productionmanager.qa.OutputValidator;
import io.productionmanager.qa.ValidationResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rerun}: finished jobs (even COMPLETED ones) get a new attempt; earlier outputs are moved aside. */
@Command(name = "rerun",
        header = "Run finished jobs again (COMPLETED too), e.g. when an output is found bad later.",
        description = "Each job's earlier output is moved to archive/rerun/attempt_N/ under the production, the job "
                + "goes back to PENDING with attempt + 1 and an event naming who asked, and is staged in a new batch.")
public class RerunCommand extends ProductionCommand {

    @Option(names = "--job", paramLabel = "ID", arity = "1..*", description = "Jobs to run again.")
    List<String> jobs = new ArrayList<>();

    @Option(names = "--all-invalid", description = "Also every COMPLETED job whose output no longer validates.")
    boolean allInvalid;

    @Option(names = "--submit", description = "Submit the new batches right away (and wait for them, as submit does).")
    boolean submit;

    @Mixin
    WaitOptions waiting = new WaitOptions();

    @Override
    public Integer call() throws InterruptedException {
        if (!waiting.valid(spec.commandLine().getErr())) {
            return ExitCodes.INVALID_INPUT;
        }
        if (jobs.isEmpty() && !allInvalid) {
            throw new IllegalArgumentException("name the jobs to rerun with --job ID..., or use --all-invalid");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (PmApplication app = AppLauncher.start(parent)) {
            Production p = app.bean("workspace", Workspace.class).open(production);
            OutputValidator validator = new OutputValidator(p.config().outputs().validation());
            RetryService.RerunResult r = app.bean("retryService", RetryService.class).rerun(production, jobs,
                    allInvalid ? path -> {
                        ValidationResult v = validator.validate(path);
                        return v.valid() ? null : v.reason() + " (" + v.message() + ")";
                    } : null, System.getProperty("user.name", "unknown") + " (rerun command)");
            out.printf("%s: %d jobs back to PENDING in %d new batches; %d earlier outputs moved to %s%n", r.name(),
                    r.rerun().size(), r.batches(), r.movedAside().size(), "archive/rerun/");
            if (submit && !r.rerun().isEmpty()) {
                return SubmitCommand.submitStaged(app, out, spec.commandLine().getErr(), production, waiting.waitForJobs, waiting.interval);
            }
            out.flush();
        }
        return ExitCodes.OK;
    }
}
