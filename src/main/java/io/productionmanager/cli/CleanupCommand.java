package io.productionmanager.cli;

import java.io.PrintWriter;

import io.productionmanager.production.Production;
import io.productionmanager.production.Workspace;
import io.productionmanager.cleanup.CleanupService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cleanup}: applies {@code outputs.cleanup_policy} to the logs of finished batches. */
@Command(name = "cleanup",
        header = "Apply outputs.cleanup_policy: archive and remove old logs of finished batches.",
        description = "Logs (script, stdout, stderr) of batches finished more than keep_logs_days ago are removed; "
                + "intermediate files (manifest, markers) of finished batches too unless keep_intermediate; with "
                + "archive_completed, all of it goes to archive/logs_*.tar.gz first. Never touches catalogs or the "
                + "job database; refuses while jobs are queued or running.")
public class CleanupCommand extends ProductionCommand {

    @Option(names = "--dry-run", description = "List what would be archived and removed; change nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Workspace ws = AppLauncher.workspace(parent)) {
            Production p = ws.open(production);
            CleanupService service = new CleanupService(ws.clock());
            ws.exclusively(p, () -> {
                CleanupService.Plan plan = service.plan(p);
                print(out, plan);
                if (plan.batches().isEmpty()) {
                    out.println("nothing to clean up");
                } else if (dryRun) {
                    out.println("dry run: nothing was changed");
                } else {
                    CleanupService.Result r = service.apply(plan);
                    if (plan.archive() != null) {
                        out.printf("archived to %s (%s)%n", plan.archive(), bytes(r.archiveBytes()));
                    }
                    out.printf("removed %,d files (%s)%n", r.removed(), bytes(r.bytesRemoved()));
                }
                return null;
            });
            out.flush();
        }
        return ExitCodes.OK;
    }

    private static void print(PrintWriter out, CleanupService.Plan plan) {
        var policy = plan.policy();
        out.printf("%s: cleanup_policy keep_logs_days=%d keep_intermediate=%s archive_completed=%s%n", plan.production(),
                policy.keepLogsDays(), policy.keepIntermediate(), policy.archiveCompleted());
        for (CleanupService.BatchPlan b : plan.batches()) {
            out.printf("  %s  finished %s  %s  %,d files  %s%n", b.batch(), b.finishedAt(),
                    b.logsExpired() ? "logs expired       " : "intermediates only ", b.items().size(), bytes(b.bytes()));
        }
        if (!plan.batches().isEmpty()) {
            out.printf("total: %,d log files (%s), %,d intermediate files (%s) in %d batches%s%n", plan.count(false),
                    bytes(plan.bytes(false)), plan.count(true), bytes(plan.bytes(true)), plan.batches().size(),
                    plan.archive() == null ? "; no archive (archive_completed is false)" : "; archive " + plan.archive());
        }
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
