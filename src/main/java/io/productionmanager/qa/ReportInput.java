package io.productionmanager.qa;

import io.productionmanager.production.Efficiency;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a production report is made from: identity, the jobs, their history and output validation results.
 *
 * @param production    production name
 * @param version       production version; may be null
 * @param tag           git tag of the production; may be null
 * @param productionDir production directory; the report goes to its {@code qa/} folder
 * @param generatedAt   time stamp written into the report
 * @param jobs          all jobs of the production
 * @param events        state-change history (any order)
 * @param validation    job id to output validation result; may be empty
 * @param efficiency    resource use of the ended runs, or null when not known
 */
public record ReportInput(String production, String version, String tag, Path productionDir, Instant generatedAt,
                          List<ReportJob> jobs, List<ReportEvent> events, Map<String, ValidationSummary> validation,
                          Efficiency efficiency) {

    /** Input without resource figures (no efficiency section, an empty memory chart). */
    public ReportInput(String production, String version, String tag, Path productionDir, Instant generatedAt,
                       List<ReportJob> jobs, List<ReportEvent> events, Map<String, ValidationSummary> validation) {
        this(production, version, tag, productionDir, generatedAt, jobs, events, validation, null);
    }

    public ReportInput {
        if (production == null || production.isBlank()) {
            throw new IllegalArgumentException("report input: field 'production' must not be blank");
        }
        Objects.requireNonNull(productionDir, "report input: field 'productionDir' must not be null");
        Objects.requireNonNull(generatedAt, "report input: field 'generatedAt' must not be null");
        jobs = jobs == null ? List.of() : List.copyOf(jobs);
        events = events == null ? List.of() : List.copyOf(events);
        validation = validation == null ? Map.of() : Map.copyOf(validation);
    }
}
