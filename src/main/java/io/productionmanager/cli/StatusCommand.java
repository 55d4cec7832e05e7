package io.productionmanager.cli;

import io.productionmanager.qa.JsonReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.productionmanager.production.NotInitializedException;
import io.productionmanager.app.ProductionWatcher;
import io.productionmanager.production.StatusReport;
import io.productionmanager.production.Workspace;
import io.productionmanager.qa.ReasonCodes;
import io.productionmanager.production.SuccessRate;
import io.productionmanager.store.JobState;
import io.productionmanager.store.RealizationProgress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code status}: counts per state, success rate, path and tag (read-only; does not start Camel). */
@Command(name = "status",
        header = "Show a production's job counts per state, success rate, path and tag.")
public class StatusCommand extends ProductionCommand {

    /** Lines of incomplete realizations, and of failed jobs, {@code --verbose} shows before saying how many more there are. */
    static final int SHOWN = 15;

    @Option(names = {"-v", "--verbose"},
            description = "Add the incomplete realizations and the failed jobs with reasons (the first " + SHOWN
                    + " of each, and how many more).")
    boolean verbose;

    @Option(names = "--all", description = "With --verbose (implied): every incomplete realization and every failed job.")
    boolean all;

    @Option(names = "--json", description = "Print a stable JSON object: name, path, tag, total, counts, success_rate.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        return run(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** The command, printing on {@code out} and {@code err} (also run without the picocli model: {@link QuickCommands}). */
    Integer run(PrintWriter out, PrintWriter err) throws IOException {
        try (Workspace ws = AppLauncher.workspace(parent)) {
            StatusReport s;
            try {
                s = StatusReport.of(ws, ws.open(production), verbose || all);
            } catch (NotInitializedException e) {
                // the daemon's watcher may know why it never started
                ProductionWatcher.recorded(parent.stateDir(), production).ifPresent(r ->
                        err.println("watch: " + r.lines().findFirst().orElse("")));
                throw e;
            }
            if (json) {
                out.println(json(s.toJson()));
            } else {
                print(out, s, all ? Integer.MAX_VALUE : SHOWN);
            }
            out.flush();
        }
        return ExitCodes.OK;
    }

    /**
     * Pretty JSON of maps, lists, strings, numbers and booleans, with jackson-core's streaming generator:
     * the object mapper's serializer machinery would add a tenth of a second to this short-lived command.
     */
    static String json(Object value) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.useDefaultPrettyPrinter();
            JsonReport.writeValue(g, value);
        }
        return w.toString();
    }

    private static void print(PrintWriter out, StatusReport s, int shown) {
        out.printf("production: %s %s%n", s.name(), s.version());
        out.printf("path:       %s%n", s.path());
        out.printf("tag:        %s%n", s.tag().isEmpty() ? "(none)" : s.tag());
        out.printf("intent:     %s%n", switch (s.intent()) {
            case "submit" -> "submit (the daemon submits it and its retries)";
            case "stage only" -> "stage only (the daemon does not submit it; run `production-manager submit " + s.name() + "`)";
            default -> s.intent();
        });
        if (!s.submitHold().isEmpty()) {
            out.printf("on hold:    %s (the daemon does not submit; run `production-manager submit %s`)%n",
                    s.submitHold(), s.name());
        }
        out.printf("jobs:       %,d%n", s.total());
        for (JobState st : JobState.values()) {
            out.printf("  %-10s %,8d%n", st, s.count(st));
        }
        OptionalDouble rate = SuccessRate.of(s.counts());
        out.printf("success rate: %s (%s)%n", rate.isPresent() ? String.format("%.1f%%", rate.getAsDouble() * 100)
                : "n/a, no job finished yet", SuccessRate.DEFINITION);
        out.printf("node-hours: %s used of %s reserved by ended runs%n", hours(s.nodeHoursUsed()),
                hours(s.nodeHoursReserved()));
        if (!s.realizations().isEmpty()) {
            List<RealizationProgress> incomplete = s.realizations().stream().filter(r -> !r.isComplete()).toList();
            out.printf("realizations: %,d of %,d complete%n", s.realizations().size() - incomplete.size(),
                    s.realizations().size());
            incomplete.stream().limit(shown).forEach(r ->
                    out.printf("  r%04d  %d/%d%n", r.realization(), r.completed(), r.total()));
            more(out, incomplete.size() - shown, "incomplete realizations");
        }
        if (!s.failed().isEmpty()) {
            Map<String, Long> byCode = s.failed().stream().collect(Collectors.groupingBy(
                    j -> ReasonCodes.code(j.failureReason()), TreeMap::new, Collectors.counting()));
            out.printf("failed jobs (%,d): %s%n", s.failed().size(), byCode.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .map(e -> String.format("%s %,d", e.getKey(), e.getValue())).collect(Collectors.joining(", ")));
            s.failed().stream().limit(shown).forEach(j ->
                    out.printf("  %-16s attempt %d  %s%s%n", j.id(), j.attempt(), j.failureReason(),
                            j.nextAttemptAt() == null ? "  (not retried)" : "  (retry at " + j.nextAttemptAt() + ")"));
            more(out, s.failed().size() - shown, "failed jobs");
        }
        if (s.efficiency() != null) {
            s.efficiency().lines().forEach(out::println);
        }
    }

    private static String hours(double h) {
        return h >= 100 ? String.format(java.util.Locale.ROOT, "%,.0f", h) : String.format(java.util.Locale.ROOT, "%.2f", h);
    }

    private static void more(PrintWriter out, long hidden, String what) {
        if (hidden > 0) {
            out.printf("  ... %,d more %s not shown (--all lists every one)%n", hidden, what);
        }
    }
}
