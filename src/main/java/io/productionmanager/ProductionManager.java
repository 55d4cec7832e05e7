package io.productionmanager;

import java.io.IOException;
import io.productionmanager.cleanup.CleanupService;
import io.productionmanager.production.Efficiency;
import io.productionmanager.qa.JobLogs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import io.productionmanager.app.PmApplication;
import io.productionmanager.production.Production;
import io.productionmanager.production.StatusReport;
import io.productionmanager.production.Workspace;
import io.productionmanager.init.InitRequest;
import io.productionmanager.init.InitResult;
import io.productionmanager.poll.PollService;
import io.productionmanager.poll.RetryService;
import io.productionmanager.stage.StageResult;
import io.productionmanager.store.JobState;
import io.productionmanager.submit.SubmitResult;

/**
 * The Java API, mirroring the original Python one:
 * <pre>
 * try (ProductionManager manager = new ProductionManager(Path.of("config/productions/alpha.yaml"), "nersc")) {
 *     long jobs = manager.initializeProduction();
 *     List&lt;String&gt; batches = manager.submitPendingJobs();
 *     StatusReport summary = manager.awaitFinished(Duration.ofHours(12));
 *     int retried = manager.retryFailedJobs();
 * }
 * </pre>
 * It runs the same Camel routes as the command line. See {@code docs/java-api.md}; its example is
 * {@code JavaApiExampleTest}, compiled and run by the tests.
 */
public final class ProductionManager implements AutoCloseable {

    private final String production;
    private final PmApplication app;

    /** For a production file in {@code <config>/productions/}, with the machine defaults of {@code machine}. */
    public ProductionManager(Path productionFile, String machine) {
        this(productionFile.toAbsolutePath().getParent().getParent(), productionFile.toAbsolutePath().toString(), machine);
    }

    /** For a production (name or file) of a configuration folder. */
    public ProductionManager(Path configDir, String nameOrFile, String machine) {
        this(configDir, nameOrFile, machine, Map.of());
    }

    /**
     * With application properties on top (e.g. {@code pm.state-dir}, {@code pm.slurm.sbatch}; see
     * {@code application.properties}).
     */
    public ProductionManager(Path configDir, String nameOrFile, String machine, Map<String, String> properties) {
        Map<String, String> props = PmApplication.oneShotProperties(configDir, machine,
                Workspace.defaultStateDir(configDir));
        props.putAll(properties);
        this.app = PmApplication.start(props);
        this.production = app.bean("workspace", Workspace.class).resolve(nameOrFile, Map.of()).config().name();
    }

    /** INIT: creates folders, database and tag; returns the number of jobs created. */
    public long initializeProduction() {
        return initializeProduction(null, false, false).jobs();
    }

    /** INIT with a version override, {@code --allow-dirty} and {@code --no-git}. */
    public InitResult initializeProduction(String version, boolean allowDirty, boolean noGit) {
        String file = app.bean("workspace", Workspace.class).resolver().locate(production).toString();
        return app.request("direct:init", new InitRequest(file, version, allowDirty, noGit), InitResult.class);
    }

    /** STAGE: writes the batch scripts. */
    public StageResult stage() {
        return app.request("direct:stage", production, StageResult.class);
    }

    /** SUBMIT: submits the staged batches (staging first if needed); returns {@code batch -> array id} lines. */
    public List<String> submitPendingJobs() {
        app.bean("submitService", io.productionmanager.submit.SubmitService.class).release(production);
        SubmitResult r = app.request("direct:submit", production, SubmitResult.class);
        if (r.hasErrors()) {
            throw new IllegalStateException(String.join("; ", r.rejected())
                    + (r.unreachable() != null ? " scheduler unreachable: " + r.unreachable() : ""));
        }
        return r.submitted();
    }

    /** One poll cycle: job states brought up to date with the scheduler. */
    public PollService.PollResult poll() {
        return app.bean("pollService", PollService.class).pollOnce(production);
    }

    /** Counts per state, success rate, path and tag, with the failed jobs. */
    public StatusReport getProductionSummary() {
        Workspace ws = app.bean("workspace", Workspace.class);
        return StatusReport.of(ws, ws.open(production), true);
    }

    /** Failed jobs back to PENDING now (ignoring backoff), staged and submitted; returns how many. */
    public int retryFailedJobs() {
        RetryService.RetryResult r = app.bean("retryService", RetryService.class).retryNow(production, List.of());
        if (!r.requeued().isEmpty()) {
            submitPendingJobs();
        }
        return r.requeued().size();
    }

    /**
     * The output of one run of a job: the latest run, or the latest run of {@code attempt} (null for the latest);
     * stderr or stdout; at most {@code tail} last lines (0: the whole file).
     *
     * @throws IllegalArgumentException no such job, the job never ran, or it has no such attempt
     */
    public JobLogs.Result logs(String jobId, Integer attempt, boolean stderr, int tail) throws IOException {
        Production p = app.bean("workspace", Workspace.class).open(production);
        return JobLogs.read(p.store(), p.name(), jobId, attempt, stderr, tail);
    }

    /** CPU and memory efficiency of the ended runs, node-hours used and reserved, and the suggested resources. */
    public Efficiency efficiency() {
        Production p = app.bean("workspace", Workspace.class).open(production);
        return Efficiency.of(p.store(), p.config());
    }

    /**
     * Applies {@code outputs.cleanup_policy} (under the production lock): with {@code dryRun}, only says what it
     * would archive and remove.
     *
     * @throws IllegalArgumentException jobs are still queued or running
     */
    public CleanupService.Plan cleanup(boolean dryRun) {
        Workspace ws = app.bean("workspace", Workspace.class);
        Production p = ws.open(production);
        CleanupService service = new CleanupService(ws.clock());
        return ws.exclusively(p, () -> {
            CleanupService.Plan plan = service.plan(p);
            if (!dryRun && !plan.batches().isEmpty()) {
                service.apply(plan);
            }
            return plan;
        });
    }

    /**
     * Runs finished jobs again (COMPLETED too): their outputs moved to {@code archive/rerun/attempt_N/}, a new
     * attempt each, staged and submitted; {@code requestedBy} is recorded in the history.
     *
     * @throws IllegalArgumentException an unknown job, or one that is pending or with the scheduler
     */
    public RetryService.RerunResult rerun(List<String> jobIds, String requestedBy) {
        RetryService.RerunResult r = app.bean("retryService", RetryService.class).rerun(production, jobIds, null,
                requestedBy + " (Java API)");
        if (!r.rerun().isEmpty()) {
            submitPendingJobs();
        }
        return r;
    }

    /**
     * Waits until the production is finished — no job pending, queued or running, and no retry planned — and
     * returns its final status. While waiting it runs the poll cycle for this production every second: states
     * brought up to date, due retries staged and submitted (a daemon polling the same production is harmless).
     * Call it after {@link #submitPendingJobs()}; jobs nobody submits keep it waiting until the timeout.
     *
     * @throws TimeoutException     the production did not finish within {@code timeout}; nothing was changed by it
     * @throws InterruptedException the waiting thread was interrupted
     */
    public StatusReport awaitFinished(Duration timeout) throws TimeoutException, InterruptedException {
        return awaitFinished(timeout, Duration.ofSeconds(1));
    }

    /** {@link #awaitFinished(Duration)} with the time between poll cycles. */
    public StatusReport awaitFinished(Duration timeout, Duration interval) throws TimeoutException, InterruptedException {
        if (timeout.isNegative() || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("awaitFinished: timeout must be >= 0 and interval > 0, got timeout "
                    + timeout + ", interval " + interval);
        }
        Production p = app.bean("workspace", Workspace.class).open(production);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            app.bean("pollService", PollService.class).pollOnce(production);
            RetryService.RetryResult due = app.bean("retryService", RetryService.class).retryDue(production);
            if (!due.requeued().isEmpty()) {
                submitPendingJobs();
            }
            StatusReport s = StatusReport.of(p, true);
            if (s.isSettled() && p.store().retryPlan().scheduled() == 0) {
                return s;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException(production + " did not finish within " + timeout + ": "
                        + s.count(JobState.PENDING) + " pending, " + s.count(JobState.QUEUED) + " queued, "
                        + s.count(JobState.RUNNING) + " running, " + s.count(JobState.FAILED) + " failed");
            }
            Thread.sleep(Math.min(interval.toMillis(), Math.max(1, left / 1_000_000)));
        }
    }

    @Override
    public void close() {
        app.close();
    }
}
