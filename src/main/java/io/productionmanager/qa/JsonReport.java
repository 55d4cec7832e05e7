package io.productionmanager.qa;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;

import io.productionmanager.store.JobState;

/** Writes {@code validation_report.json}: the summary figures, then one entry per job, keys always in the same order. */
public final class JsonReport {

    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonReport() {
    }

    static void write(ReportInput in, ReportSummary summary, Path file) throws IOException {
        // streaming keeps memory flat for 40,000 jobs and fixes the key order by construction
        try (OutputStream out = Files.newOutputStream(file);
             JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            // summary keys one per line, each job entry on one line of its own: readable, greppable and 30% smaller
            g.setPrettyPrinter(new ShallowPrettyPrinter());
            g.writeStartObject();
            g.writeStringField("production", in.production());
            g.writeStringField("version", in.version());
            g.writeStringField("tag", in.tag());
            g.writeStringField("generated_at", in.generatedAt().toString());
            g.writeNumberField("job_count", summary.jobCount());
            g.writeObjectFieldStart("totals");
            for (Map.Entry<JobState, Integer> e : summary.totals().entrySet()) {
                g.writeNumberField(e.getKey().name(), e.getValue());
            }
            g.writeEndObject();
            g.writeFieldName("success_rate");
            if (summary.successRate().isPresent()) {
                g.writeNumber(summary.successRate().getAsDouble());
            } else {
                g.writeNull();
            }
            g.writeNumberField("failed_attempts", summary.failedAttempts());
            writeCounts(g, "failures_by_reason", summary.failuresByReason());
            writeCounts(g, "failed_jobs_by_reason", summary.failedJobsByReason());
            g.writeObjectFieldStart("failure_details_by_reason");
            for (Map.Entry<String, Map<String, Integer>> e : summary.failureDetails().entrySet()) {
                writeCounts(g, e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeObjectFieldStart("attempts_histogram");
            for (Map.Entry<Integer, Integer> e : summary.attemptsHistogram().entrySet()) {
                g.writeNumberField(String.valueOf(e.getKey()), e.getValue());
            }
            g.writeEndObject();
            g.writeObjectFieldStart("validation");
            g.writeNumberField("checked", summary.validated());
            g.writeNumberField("valid", summary.validated() - summary.invalid());
            g.writeNumberField("invalid", summary.invalid());
            g.writeEndObject();
            if (in.efficiency() != null) {
                g.writeFieldName("efficiency");
                writeValue(g, in.efficiency().toJson());
            }
            g.writeArrayFieldStart("jobs");
            for (ReportJob job : in.jobs()) {
                writeJob(g, job, in.validation().get(job.id()));
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static void writeCounts(JsonGenerator g, String name, Map<String, Integer> counts) throws IOException {
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    private static void writeJob(JsonGenerator g, ReportJob job, ValidationSummary validation) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", job.id());
        g.writeNumberField("realization", job.realization());
        g.writeNumberField("redshift", job.redshift());
        g.writeStringField("state", job.state());
        g.writeNumberField("attempts", job.attempt());
        g.writeStringField("reason", job.failureReason());
        g.writeStringField("reason_code", job.failureReason() == null ? null : ReasonCodes.code(job.failureReason()));
        g.writeFieldName("exit_code");
        if (job.exitCode() == null) {
            g.writeNull();
        } else {
            g.writeNumber(job.exitCode());
        }
        g.writeStringField("started_at", text(job.startedAt()));
        g.writeStringField("finished_at", text(job.finishedAt()));
        g.writeFieldName("runtime_seconds");
        Double runtime = ReportSummary.runtimeSeconds(job);
        if (runtime == null) {
            g.writeNull();
        } else {
            g.writeNumber(runtime);
        }
        g.writeFieldName("validation");
        if (validation == null) {
            g.writeNull();
        } else {
            g.writeStartObject();
            g.writeBooleanField("valid", validation.valid());
            g.writeStringField("reason", validation.reason());
            g.writeNumberField("rows", validation.rows());
            g.writeEndObject();
        }
        g.writeStringField("output_path", job.outputPath());
        g.writeEndObject();
    }

    /** Breaks lines for the top-level keys and the elements of top-level arrays only; deeper levels stay on one line. */
    private static final class ShallowPrettyPrinter extends DefaultPrettyPrinter {

        private static final DefaultIndenter LINES = new DefaultIndenter("  ", "\n");
        private static final int OBJECT_LINES = 1;
        private static final int ARRAY_LINES = 2;

        ShallowPrettyPrinter() {
            _objectIndenter = new ShallowIndenter(OBJECT_LINES);
            _arrayIndenter = new ShallowIndenter(ARRAY_LINES);
        }

        @Override
        public DefaultPrettyPrinter createInstance() {
            return new ShallowPrettyPrinter();
        }

        @Override
        public void writeEndObject(JsonGenerator g, int nrOfEntries) throws IOException {
            close(g, nrOfEntries, OBJECT_LINES);
            g.writeRaw('}');
        }

        @Override
        public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
            close(g, nrOfValues, ARRAY_LINES);
            g.writeRaw(']');
        }

        // the closing bracket goes on its own line only when the contents were broken into lines
        private void close(JsonGenerator g, int entries, int maxLevel) throws IOException {
            int contentLevel = _nesting--;
            if (entries > 0 && contentLevel <= maxLevel) {
                LINES.writeIndentation(g, _nesting);
            } else {
                g.writeRaw(' ');
            }
        }
    }

    private record ShallowIndenter(int maxLevel) implements DefaultPrettyPrinter.Indenter {

        @Override
        public void writeIndentation(JsonGenerator g, int level) throws IOException {
            if (level <= maxLevel) {
                ShallowPrettyPrinter.LINES.writeIndentation(g, level);
            } else {
                g.writeRaw(' ');
            }
        }

        @Override
        public boolean isInline() {
            return false;
        }
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }

    /** Maps, lists, strings, numbers, booleans and nulls, as JSON. */
    public static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof java.util.Collection<?> c) {
            g.writeStartArray();
            for (Object o : c) {
                writeValue(g, o);
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
}
