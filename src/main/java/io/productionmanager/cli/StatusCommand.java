package io.productionmanager.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Collection;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.productionmanager.app.NotInitializedException;
import io.productionmanager.app.ProductionWatcher;
import io.productionmanager.app.StatusReport;
import io.productionmanager.app.Workspace;
import io.productionmanager.store.Job;
import io.productionmanager.store.JobState;
import io.productionmanager.store.RealizationProgress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code status}: counts per state, success rate, path and tag (read-only; does not start Camel). */
@Command(name = "status",
        header = "Show a production's job counts per state, success rate, path and tag.")
public class StatusCommand extends ProductionCommand {

    @Option(names = {"-v", "--verbose"}, description = "Add progress per realization and the failed jobs with reasons.")
    boolean verbose;

    @Option(names = "--json", description = "Print a stable JSON object: name, path, tag, total, counts, success_rate.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        try (Workspace ws = AppLauncher.workspace(parent)) {
            StatusReport s;
            try {
                s = StatusReport.of(ws, ws.open(production), verbose);
            } catch (NotInitializedException e) {
                // the daemon's watcher may know why it never started
                ProductionWatcher.recorded(parent.stateDir(), production).ifPresent(r ->
                        spec.commandLine().getErr().println("watch: " + r.lines().findFirst().orElse("")));
                throw e;
            }
            if (json) {
                out.println(json(s.toJson()));
            } else {
                print(out, s);
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
            write(g, value);
        }
        return w.toString();
    }

    private static void write(JsonGenerator g, Object v) throws IOException {
        if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof Collection<?> c) {
            g.writeStartArray();
            for (Object o : c) {
                write(g, o);
            }
            g.writeEndArray();
        } else if (v == null) {
            g.writeNull();
        } else if (v instanceof Integer || v instanceof Long) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Number n) {
            g.writeNumber(n.doubleValue());
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            g.writeString(String.valueOf(v));
        }
    }

    private static void print(PrintWriter out, StatusReport s) {
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
        out.printf("success rate: %.1f%% of finished jobs%n", s.successRate() * 100);
        if (!s.realizations().isEmpty()) {
            long complete = s.realizations().stream().filter(RealizationProgress::isComplete).count();
            out.printf("realizations: %d of %d complete%n", complete, s.realizations().size());
            for (RealizationProgress r : s.realizations()) {
                if (!r.isComplete()) {
                    out.printf("  r%04d  %d/%d%n", r.realization(), r.completed(), r.total());
                }
            }
        }
        if (!s.failed().isEmpty()) {
            out.printf("failed jobs (%d):%n", s.failed().size());
            for (Job j : s.failed()) {
                out.printf("  %-16s attempt %d  %s%s%n", j.id(), j.attempt(), j.failureReason(),
                        j.nextAttemptAt() == null ? "  (not retried)" : "  (retry at " + j.nextAttemptAt() + ")");
            }
        }
    }
}
