package io.productionmanager.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.productionmanager.production.Production;
import io.productionmanager.production.StatusReport;
import io.productionmanager.qa.ReasonCodes;
import io.productionmanager.qa.ReportEvent;
import io.productionmanager.qa.ReportService;
import io.productionmanager.qa.StateTimeline;
import io.productionmanager.slurm.SchedulerCallStats;
import io.productionmanager.store.Batch;
import io.productionmanager.store.DashboardQueries;
import io.productionmanager.store.Job;
import io.productionmanager.store.JobState;

/**
 * The dashboard's read-only JSON documents, as maps and lists ready to be serialized. The counts, version,
 * tag and success rate are {@code status --json}'s own ({@link StatusReport#toJson()}); the rest is added
 * beside them.
 */
public final class DashboardApi {

    /** Completions are counted over this window for the rate and the ETA. */
    public static final Duration RATE_WINDOW = Duration.ofMinutes(10);
    /** Default and largest {@code limit} of a job listing. */
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 10_000;
    /** Points of the jobs-per-state-over-time series. */
    static final int TIMELINE_POINTS = 300;
    /** The timeline replays the whole history: rebuilt at most this often while the history grows. */
    static final Duration TIMELINE_MIN_AGE = Duration.ofSeconds(5);

    private final ProductionSource source;
    private final Supplier<Map<String, SchedulerCallStats.CommandStats>> schedulerCalls;
    private final Clock clock;
    private final Map<String, Cached> grids = new ConcurrentHashMap<>();
    private final Map<String, Cached> timelines = new ConcurrentHashMap<>();

    private record Cached(long version, Instant builtAt, Map<String, Object> document) {
    }

    /** A request for a job listing; any filter may be null. */
    public record JobQuery(JobState state, Integer realization, Double redshift, int limit) {
        public JobQuery {
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new IllegalArgumentException("limit: must be between 1 and " + MAX_LIMIT + ", got " + limit);
            }
        }
    }

    /**
     * @param schedulerCalls this process's scheduler call counters (sbatch, squeue, sacct, scancel, sinfo)
     */
    public DashboardApi(ProductionSource source, Supplier<Map<String, SchedulerCallStats.CommandStats>> schedulerCalls,
                        Clock clock) {
        this.source = source;
        this.schedulerCalls = schedulerCalls;
        this.clock = clock;
    }

    /** The source of the productions shown. */
    public ProductionSource source() {
        return source;
    }

    /** {@code /api/productions}: a summary of every production. */
    public Map<String, Object> productions() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (ProductionSource.Listed l : source.productions()) {
            list.add(summary(l));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("generated_at", clock.instant().toString());
        m.put("productions", list);
        return m;
    }

    /** {@code /api/productions/{name}}: the summary plus failures by reason and the scheduler calls. */
    public Optional<Map<String, Object>> production(String name) {
        return source.find(name).map(l -> {
            Map<String, Object> m = summary(l);
            DashboardQueries q = new DashboardQueries(l.production().store());
            m.put("failures_by_reason", failuresByReason(q.failureReasons()));
            m.put("scheduler", scheduler());
            return m;
        });
    }

    /**
     * {@code /api/productions/{name}/grid}: every job's state, one character per realization x redshift cell,
     * rebuilt only when the history has grown.
     */
    public Optional<Map<String, Object>> grid(String name) {
        return source.find(name).map(l -> {
            DashboardQueries q = new DashboardQueries(l.production().store());
            long version = q.lastEventId();
            Cached c = grids.get(name);
            if (c != null && c.version() == version) {
                return c.document();
            }
            DashboardQueries.Grid g = q.grid();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("version", version);
            m.put("realizations", g.realizations());
            m.put("redshifts", g.redshifts());
            Map<String, String> codes = new LinkedHashMap<>();
            for (JobState s : JobState.values()) {
                codes.put(String.valueOf(DashboardQueries.STATE_CODES.charAt(s.ordinal())), s.name());
            }
            m.put("codes", codes);
            m.put("states", g.states());
            grids.put(name, new Cached(version, clock.instant(), m));
            return m;
        });
    }

    /** {@code /api/productions/{name}/timeline}: jobs per state over time, replayed from the history. */
    public Optional<Map<String, Object>> timeline(String name) {
        return source.find(name).map(l -> {
            Production p = l.production();
            DashboardQueries q = new DashboardQueries(p.store());
            long version = q.lastEventId();
            Instant now = clock.instant();
            Cached c = timelines.get(name);
            if (c != null && (c.version() == version
                    || Duration.between(c.builtAt(), now).compareTo(TIMELINE_MIN_AGE) < 0)) {
                return c.document();
            }
            List<ReportEvent> events = ReportService.jobStateChanges(p.store());
            List<StateTimeline.Point> points = StateTimeline.build(events, (int) p.store().total(), TIMELINE_POINTS);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("version", version);
            m.put("states", List.of(JobState.values()).stream().map(Enum::name).toList());
            List<Map<String, Object>> out = new ArrayList<>(points.size());
            for (StateTimeline.Point pt : points) {
                Map<String, Object> point = new LinkedHashMap<>();
                point.put("at", pt.at().toString());
                point.put("counts", pt.counts());
                out.add(point);
            }
            m.put("points", out);
            timelines.put(name, new Cached(version, now, m));
            return m;
        });
    }

    /** {@code /api/productions/{name}/jobs?state=&realization=&redshift=&limit=}. */
    public Optional<Map<String, Object>> jobs(String name, JobQuery query) {
        return source.find(name).map(l -> {
            Production p = l.production();
            List<Job> found = new DashboardQueries(p.store()).jobs(query.state(), query.realization(), query.redshift(),
                    query.limit() + 1);
            boolean truncated = found.size() > query.limit();
            List<Map<String, Object>> jobs = new ArrayList<>();
            Map<Long, Batch> batches = batches(p);
            for (Job j : truncated ? found.subList(0, query.limit()) : found) {
                jobs.add(job(p, j, batches));
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("state", query.state() == null ? null : query.state().name());
            m.put("limit", query.limit());
            m.put("truncated", truncated);
            m.put("jobs", jobs);
            return m;
        });
    }

    /** {@code /api/productions/{name}/jobs/{id}}: one job with links to its latest logs. */
    public Optional<Map<String, Object>> job(String name, String jobId) {
        return source.find(name).flatMap(l -> l.production().store().find(jobId)
                .map(j -> job(l.production(), j, batches(l.production()))));
    }

    private static Map<Long, Batch> batches(Production p) {
        Map<Long, Batch> byId = new java.util.HashMap<>();
        for (Batch b : p.store().batches()) {
            byId.put(b.id(), b);
        }
        return byId;
    }

    /** The production of that name, if the source lists it (for {@link LogFiles#resolve}). */
    Optional<Production> open(String name) {
        return source.find(name).map(ProductionSource.Listed::production);
    }

    // ---------------------------------------------------------------- parts

    private Map<String, Object> summary(ProductionSource.Listed l) {
        Production p = l.production();
        StatusReport status = source.status(l);
        DashboardQueries q = new DashboardQueries(p.store());
        Instant now = clock.instant();
        // status --json's fields first, unchanged
        Map<String, Object> m = new LinkedHashMap<>(status.toJson());
        m.put("machine", p.config().machine());
        m.put("executor", p.config().execution().executor());
        // status --json carries the intent when the source's reading of the status has it
        m.putIfAbsent("intent", l.intent());
        m.put("intent_source", l.intentSource());
        long completed = status.count(JobState.COMPLETED);
        m.put("completed_fraction", status.total() == 0 ? 0.0 : (double) completed / status.total());
        double perMinute = ratePerMinute(q, now);
        long remaining = status.count(JobState.PENDING) + status.count(JobState.QUEUED) + status.count(JobState.RUNNING)
                + q.failedWithRetryPlanned();
        m.put("rate_per_minute", perMinute);
        m.put("remaining", remaining);
        m.put("eta_seconds", remaining == 0 ? Long.valueOf(0) : perMinute > 0 ? Long.valueOf(Math.round(remaining / perMinute * 60)) : null);
        m.put("node_hours", nodeHours(p, status, q, now));
        m.put("last_change", q.lastChange().map(Instant::toString).orElse(null));
        Map<String, String> links = new LinkedHashMap<>();
        String enc = encode(p.name());
        links.put("page", "/productions/" + enc);
        links.put("api", "/api/productions/" + enc);
        links.put("grid", "/api/productions/" + enc + "/grid");
        links.put("timeline", "/api/productions/" + enc + "/timeline");
        links.put("jobs", "/api/productions/" + enc + "/jobs");
        m.put("links", links);
        return m;
    }

    /** Completions per minute over the last {@link #RATE_WINDOW}, or since the first job moved if that is later. */
    private static double ratePerMinute(DashboardQueries q, Instant now) {
        Instant from = now.minus(RATE_WINDOW);
        Optional<Instant> first = q.firstJobChange();
        if (first.isEmpty()) {
            return 0;
        }
        if (first.get().isAfter(from)) {
            from = first.get();
        }
        double minutes = Math.max(Duration.between(from, now).toMillis(), 1_000) / 60_000.0;
        return q.completedSince(from) / minutes;
    }

    /**
     * Node-hours of every run that started: the ended runs as {@code status} counts them (the attempts history),
     * plus the runs going on now (used until now, reserved their walltime).
     */
    private static Map<String, Object> nodeHours(Production p, StatusReport status, DashboardQueries q, Instant now) {
        int nodes = Math.max(1, p.config().resources().nodesPerJob());
        DashboardQueries.StartedAttempts running = q.runningAttempts(now, p.config().execution().timeoutHours());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("used", status.nodeHoursUsed() + running.usedHours() * nodes);
        m.put("reserved", status.nodeHoursReserved() + running.reservedWalltimeHours() * nodes);
        m.put("attempts", status.endedRuns() + running.attempts());
        m.put("running", running.attempts());
        m.put("nodes_per_job", nodes);
        return m;
    }

    private static List<Map<String, Object>> failuresByReason(Map<String, Long> reasons) {
        Map<String, Map<String, Object>> byCode = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : reasons.entrySet()) {
            String code = ReasonCodes.code(e.getKey());
            Map<String, Object> g = byCode.computeIfAbsent(code, k -> {
                Map<String, Object> n = new LinkedHashMap<>();
                n.put("code", k);
                n.put("count", 0L);
                n.put("examples", new ArrayList<String>());
                return n;
            });
            g.put("count", (Long) g.get("count") + e.getValue());
            @SuppressWarnings("unchecked")
            List<String> examples = (List<String>) g.get("examples");
            if (examples.size() < 3 && e.getKey() != null) {
                examples.add(e.getKey());
            }
        }
        List<Map<String, Object>> out = new ArrayList<>(byCode.values());
        out.sort((a, b) -> Long.compare((Long) b.get("count"), (Long) a.get("count")));
        return out;
    }

    private Map<String, Object> scheduler() {
        Map<String, Object> commands = new LinkedHashMap<>();
        schedulerCalls.get().forEach((cmd, s) -> {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("calls", s.calls());
            c.put("errors", s.errors());
            c.put("mean_ms", s.meanLatency().toNanos() / 1e6);
            c.put("max_ms", s.maxLatency().toNanos() / 1e6);
            commands.put(cmd, c);
        });
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scope", "this daemon, since it started; every production");
        m.put("commands", commands);
        return m;
    }

    private static Map<String, Object> job(Production p, Job j, Map<Long, Batch> batches) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", j.id());
        m.put("realization", j.realization());
        m.put("redshift", j.redshift());
        m.put("state", j.state().name());
        m.put("attempt", j.attempt());
        m.put("reason", j.failureReason());
        m.put("reason_code", j.failureReason() == null ? null : ReasonCodes.code(j.failureReason()));
        m.put("exit_code", j.exitCode());
        m.put("slurm_id", j.slurmId());
        m.put("slurm_state", j.slurmState());
        m.put("started_at", j.startedAt() == null ? null : j.startedAt().toString());
        m.put("finished_at", j.finishedAt() == null ? null : j.finishedAt().toString());
        m.put("next_attempt_at", j.nextAttemptAt() == null ? null : j.nextAttemptAt().toString());
        m.put("updated_at", j.updatedAt() == null ? null : j.updatedAt().toString());
        LogFiles.JobLogs logs = LogFiles.latest(p, j, batches);
        Map<String, Object> log = new LinkedHashMap<>();
        log.put("batch", logs.batch());
        log.put("task", logs.task());
        String base = "/api/productions/" + encode(p.name()) + "/logs/";
        log.put("out", logs.out() == null ? null : base + encodePath(logs.out()));
        log.put("err", logs.err() == null ? null : base + encodePath(logs.err()));
        m.put("log", log);
        return m;
    }

    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String encodePath(String relative) {
        StringBuilder sb = new StringBuilder();
        for (String s : relative.split("/")) {
            sb.append(sb.length() == 0 ? "" : "/").append(encode(s));
        }
        return sb.toString();
    }
}
