package io.productionmanager.qa;

import io.productionmanager.production.Efficiency;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.productionmanager.production.Production;
import io.productionmanager.production.Workspace;
import io.productionmanager.store.Job;
import io.productionmanager.store.JobState;
import io.productionmanager.store.JobStore;

/**
 * REPORT: reads a production's jobs and events history, validates the outputs of completed jobs,
 * and writes the QA report (JSON, Markdown, PNG charts, index.html) under {@code qa/}.
 */
public final class ReportService {

    private final Workspace workspace;
    private final Clock clock;

    public ReportService(Workspace workspace, Clock clock) {
        this.workspace = workspace;
        this.clock = clock;
    }

    /** Writes the report of the named production. */
    public ReportFiles report(String name) {
        Production p = workspace.open(name);
        OutputValidator validator = new OutputValidator(p.config().outputs().validation());
        List<ReportJob> jobs = new ArrayList<>();
        Map<String, ValidationSummary> validation = new HashMap<>();
        for (Job j : p.store().jobs(JobState.values())) {
            jobs.add(new ReportJob(j.id(), j.realization(), j.redshift(), j.state().name(), j.attempt(),
                    j.failureReason(), j.exitCode(), j.startedAt(), j.finishedAt(), j.outputPath()));
            if (j.state() == JobState.COMPLETED) {
                ValidationResult r = validator.validate(p.output(j.outputPath()));
                validation.put(j.id(), new ValidationSummary(r.valid(), r.reason(), r.rows()));
            }
        }
        List<ReportEvent> events = jobStateChanges(p.store());
        ReportInput in = new ReportInput(p.name(), p.config().version(), p.store().meta("tag").orElse(""), p.dir(),
                clock.instant(), jobs, events, validation, Efficiency.of(p.store(), p.config()));
        return new ReportWriter().write(in);
    }

    /** The history's job state changes in time order; batch events (STAGED, SUBMITTED, ...) are not job states. */
    public static List<ReportEvent> jobStateChanges(JobStore store) {
        List<ReportEvent> events = new ArrayList<>();
        store.forEachEvent(e -> {
            if (e.jobId() != null && isJobState(e.fromState()) && isJobState(e.toState())) {
                events.add(new ReportEvent(e.jobId(), e.at(), e.fromState(), e.toState(), e.reason()));
            }
        });
        return events;
    }

    private static boolean isJobState(String s) {
        if (s == null) {
            return true;
        }
        for (JobState st : JobState.values()) {
            if (st.name().equals(s)) {
                return true;
            }
        }
        return false;
    }
}
