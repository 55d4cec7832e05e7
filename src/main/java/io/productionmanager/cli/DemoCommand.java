package io.productionmanager.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;

import io.productionmanager.app.PmApplication;
import io.productionmanager.production.Production;
import io.productionmanager.production.StatusReport;
import io.productionmanager.production.Workspace;
import io.productionmanager.init.InitRequest;
import io.productionmanager.init.InitResult;
import io.productionmanager.qa.ReportFiles;
import io.productionmanager.qa.ReportService;
import io.productionmanager.stage.StageResult;
import io.productionmanager.store.JobState;
import io.productionmanager.submit.SubmitResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code demo}: a small production end to end on this machine — its own folder and git repository,
 * init → stage → submit → poll → retries on the local executor with the toy mock generator, then the report.
 */
@Command(name = "demo",
        header = "Run a small production (10 realizations x 4 redshifts) end to end on this machine.",
        footer = {"", "Everything goes into a fresh folder (default demo-output/demo_YYYYMMDD_HHMMSS) with its own",
                "git repository, so nothing is tagged in your checkout. Some jobs fail on their first attempt",
                "on purpose (every 4th realization) to show retries with backoff."})
public class DemoCommand implements Callable<Integer> {

    /** Files of the bundled configuration the demo unpacks. */
    static final List<String> BUNDLED = List.of("defaults/local.yaml", "defaults/nersc.yaml",
            "schemas/production_schema.yaml", "schemas/machine_schema.yaml", "templates/slurm_array.sh.ftl");

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Option(names = "--dir", paramLabel = "DIR", description = "Folder for the demo (must not exist). Default: demo-output/demo_<time>.")
    Path dir;

    @Option(names = "--realizations", defaultValue = "10", description = "Realizations. Default: ${DEFAULT-VALUE}.")
    int realizations;

    @Option(names = "--redshifts", defaultValue = "0.5,1.0,1.5,2.0", split = ",", description = "Redshifts. Default: ${DEFAULT-VALUE}.")
    List<Double> redshifts;

    @Option(names = "--parallelism", defaultValue = "0", description = "Tasks at once (0 = number of cores). Default: ${DEFAULT-VALUE}.")
    int parallelism;

    @Option(names = "--no-failures", description = "Do not make any job fail on its first attempt.")
    boolean noFailures;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        Path root = (dir != null ? dir : Path.of("demo-output",
                "demo_" + DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").format(LocalDateTime.now(ZoneOffset.UTC))))
                .toAbsolutePath().normalize();
        if (Files.exists(root)) {
            spec.commandLine().getErr().println("demo: " + root + " already exists; choose another --dir");
            return ExitCodes.INVALID_INPUT;
        }
        Path config = root.resolve("config");
        writeConfiguration(config, root.resolve("productions"), redshifts, realizations, !noFailures);
        commitAll(root);
        out.printf("demo folder: %s (its own git repository)%n", root);
        out.flush();

        // every route: the demo drives the poll cycle itself
        Map<String, String> props = PmApplication.oneShotProperties(config, "local", root.resolve(".pm"));
        if (parallelism > 0) {
            props.put("pm.local.parallelism", String.valueOf(parallelism));
        }
        try (PmApplication app = PmApplication.start(props)) {
            // the demo runs end to end: the daemon's poll cycle may submit it and its retries
            InitResult init = app.request("direct:init", new InitRequest("demo", null, false, false, true), InitResult.class);
            out.printf("init:   %d jobs, tag %s%n", init.jobs(), init.tag());
            StageResult staged = app.request("direct:stage", "demo", StageResult.class);
            out.printf("stage:  %d batch scripts in %s%n", staged.batches(), init.productionDir().resolve("logs"));
            SubmitResult submitted = app.request("direct:submit", "demo", SubmitResult.class);
            out.printf("submit: %s%n", String.join(", ", submitted.submitted()));
            out.flush();
            Workspace ws = app.bean("workspace", Workspace.class);
            Production p = ws.open("demo");
            runToTheEnd(app, p, out);
            StatusReport s = StatusReport.of(p, false);
            ReportFiles report = new ReportService(ws, java.time.Clock.systemUTC()).report("demo");
            out.printf("%ndone in %.1f s: %d of %d jobs COMPLETED, %d FAILED; %d retries%n",
                    (System.nanoTime() - t0) / 1e9, s.count(JobState.COMPLETED), s.total(), s.count(JobState.FAILED),
                    p.store().jobs(JobState.values()).stream().mapToInt(j -> j.attempt() - 1).sum());
            out.printf("production: %s%n", p.dir());
            out.printf("catalogs:   %s%n", p.dir().resolve("catalogs"));
            out.printf("scripts:    %s%n", p.dir().resolve("logs"));
            out.printf("database:   %s%n", Production.databaseFile(p.dir()));
            out.printf("report:     %s%n", report.index());
            out.printf("try:        bin/production-manager --config-dir %s status demo --verbose%n", config);
            out.flush();
            return s.count(JobState.COMPLETED) == s.total() ? ExitCodes.OK : ExitCodes.RUNTIME_ERROR;
        }
    }

    /** Polls (through the poll-cycle route, which also stages and submits due retries) until nothing is left to run. */
    private static void runToTheEnd(PmApplication app, Production p, PrintWriter out) throws InterruptedException {
        long total = p.store().total();
        ProgressLine progress = ProgressLine.forOutput(out);
        while (true) {
            app.request("direct:poll-cycle", null, Object.class);
            Map<JobState, Long> c = p.store().counts();
            progress.show("demo", c, total);
            boolean retriesPlanned = p.store().failedJobs().stream().anyMatch(j -> j.nextAttemptAt() != null);
            if (c.get(JobState.PENDING) + c.get(JobState.QUEUED) + c.get(JobState.RUNNING) == 0 && !retriesPlanned) {
                progress.done();
                return;
            }
            Thread.sleep(500);
        }
    }

    /**
     * Unpacks the bundled configuration into {@code config} and writes the demo production ({@code realizations}
     * x {@code redshifts} toy jobs on the local executor; with {@code failures}, every 4th realization fails its
     * first attempt) whose outputs go under {@code productions}.
     */
    static void writeConfiguration(Path config, Path productions, List<Double> redshifts, int realizations,
                                   boolean failures) throws IOException {
        for (String f : BUNDLED) {
            Path target = config.resolve(f);
            Files.createDirectories(target.getParent());
            try (InputStream in = DemoCommand.class.getResourceAsStream("/bundled-config/" + f)) {
                if (in == null) {
                    throw new IOException("bundled configuration file missing from the jar: " + f);
                }
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.createDirectories(config.resolve("productions"));
        String failure = failures ? " --fail-on-attempts 1 --fail-realizations-mod 4" : "";
        String yaml = """
                # The demo production: written by `production-manager demo`.
                production:
                  name: demo
                  version: v1.0
                  description: "Demo: toy mock catalogs on the local executor"
                  tags: [demo]
                science:
                  cosmology: toy
                  redshifts: %s
                  realizations: {start: 0, count: %d, step: 1}
                execution:
                  job_type: cpu_intensive
                  executor: local
                  batch_size: 16
                  timeout_hours: 0.1
                  command: "java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp {app_jar} io.productionmanager.mock.MockCatalogGenerator --realization {realization} --redshift {redshift} --output {output} --attempt {attempt}%s"
                  retry_policy:
                    max_retries: 3
                    backoff_multiplier: 2.0
                    initial_delay_minutes: 0.02
                outputs:
                  base_path: "%s"
                  filename: "mock_z{redshift}.hdf5"
                  validation:
                    format: hdf5
                    required_datasets: [x, y, z, magnitude]
                """.formatted(redshifts.toString(), realizations, failure, productions.toString());
        Files.writeString(config.resolve("productions").resolve("demo.yaml"), yaml);
    }

    private static void commitAll(Path root) throws GitAPIException {
        try (Git git = Git.init().setDirectory(root.toFile()).setInitialBranch("main").call()) {
            Files.writeString(root.resolve(".gitignore"), "productions/\n.pm/\n");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("Demo production configuration").setAuthor("production-manager demo", "demo@localhost")
                    .setCommitter("production-manager demo", "demo@localhost").setSign(false).call();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
