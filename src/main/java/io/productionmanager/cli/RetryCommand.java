package io.productionmanager.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

import io.productionmanager.app.PmApplication;
import io.productionmanager.poll.RetryService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code retry}: failed (or named) jobs back to PENDING now, ignoring backoff, staged into retry batches. */
@Command(name = "retry",
        header = "Retry failed jobs now (ignoring backoff): back to PENDING and staged; --submit sends them.")
public class RetryCommand extends ProductionCommand {

    @Option(names = "--job", paramLabel = "ID", arity = "1..*", description = "Only these FAILED or CANCELLED jobs.")
    List<String> jobs = new ArrayList<>();

    @Option(names = "--submit", description = "Submit the retry batches right away (and wait for them, as submit does).")
    boolean submit;

    @Mixin
    WaitOptions waiting = new WaitOptions();

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (!waiting.valid(spec.commandLine().getErr())) {
            return ExitCodes.INVALID_INPUT;
        }
        try (PmApplication app = AppLauncher.start(parent)) {
            RetryService.RetryResult r = app.bean("retryService", RetryService.class).retryNow(production, jobs);
            out.printf("%s: %d jobs back to PENDING in %d new batches%n", r.name(), r.requeued().size(), r.batches());
            if (submit && !r.requeued().isEmpty()) {
                return SubmitCommand.submitStaged(app, out, spec.commandLine().getErr(), production, waiting.waitForJobs, waiting.interval);
            }
            out.flush();
        }
        return ExitCodes.OK;
    }
}
