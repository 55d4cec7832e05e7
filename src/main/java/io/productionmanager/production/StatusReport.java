package io.productionmanager.production;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import io.productionmanager.production.Efficiency;
import io.productionmanager.production.SuccessRate;
import io.productionmanager.store.Job;
import io.productionmanager.store.JobState;
import io.productionmanager.store.RealizationProgress;

/**
 * A production's status: counts per state, success rate, path, tag and node-hours used against reserved
 * (ended runs, see {@link Efficiency}); with details, the progress per realization, the failed jobs with their
 * reasons and the resource efficiency.
 */
public record StatusReport(String name, String version, String path, String tag, long total,
                           Map<JobState, Long> counts, List<RealizationProgress> realizations, List<Job> failed,
                           String submitHold, String intent, double nodeHoursUsed, double nodeHoursReserved,
                           long endedRuns, Efficiency efficiency) {

    /** Reads the status of an open production; details only when asked (they read more rows). */
    public static StatusReport of(Production p, boolean details) {
        return of(p, details, "", p.store().meta("submit_hold").orElse(""));
    }

    /** As {@link #of(Production, boolean)}, with the intent and hold the workspace catalog records. */
    public static StatusReport of(Workspace ws, Production p, boolean details) {
        var entry = ws.catalog().find(p.name());
        return of(p, details, entry.map(e -> e.intent()).orElse("not registered"), ws.heldReason(p));
    }

    private static StatusReport of(Production p, boolean details, String intent, String hold) {
        Map<JobState, Long> counts = p.store().counts();
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        int nodes = Math.max(1, p.config().resources().nodesPerJob());
        double[] seconds = p.store().runSeconds(p.config().execution().timeoutHours() * 3600);
        return new StatusReport(p.name(), p.config().version(), p.dir().toString(), p.store().meta("tag").orElse(""),
                total, counts, details ? p.store().progressByRealization() : List.of(),
                details ? p.store().failedJobs() : List.of(), hold, intent, seconds[0] * nodes / 3600,
                seconds[1] * nodes / 3600, (long) seconds[2], details ? Efficiency.of(p.store(), p.config()) : null);
    }

    public long count(JobState s) {
        return counts.getOrDefault(s, 0L);
    }

    /** The {@link SuccessRate} (completed among the jobs that reached an end state); 0 when none has yet. */
    public double successRate() {
        return SuccessRate.of(counts).orElse(0.0);
    }

    /** True when no job is pending, queued or running (failed ones may still be retried). */
    public boolean isSettled() {
        return count(JobState.PENDING) + count(JobState.QUEUED) + count(JobState.RUNNING) == 0;
    }

    /** The stable machine-readable form printed by {@code status --json}. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("version", version);
        m.put("path", path);
        m.put("tag", tag);
        if (!intent.isEmpty()) {
            m.put("intent", intent);
        }
        if (!submitHold.isEmpty()) {
            m.put("submit_hold", submitHold);
        }
        m.put("total", total);
        Map<String, Long> c = new LinkedHashMap<>();
        for (JobState s : JobState.values()) {
            c.put(s.name(), count(s));
        }
        m.put("counts", c);
        // the same figure, and the same null before any job finished, as the report's validation_report.json
        OptionalDouble rate = SuccessRate.of(counts);
        m.put("success_rate", rate.isPresent() ? rate.getAsDouble() : null);
        m.put("node_hours_used", nodeHoursUsed);
        m.put("node_hours_reserved", nodeHoursReserved);
        if (efficiency != null) {
            m.put("efficiency", efficiency.toJson());
        }
        if (!failed.isEmpty()) {
            m.put("failed", failed.stream().map(j -> {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("id", j.id());
                f.put("attempt", j.attempt());
                f.put("reason", j.failureReason());
                f.put("next_attempt_at", j.nextAttemptAt() == null ? null : j.nextAttemptAt().toString());
                return f;
            }).toList());
        }
        return m;
    }
}
