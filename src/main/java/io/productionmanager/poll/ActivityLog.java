package io.productionmanager.poll;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.productionmanager.production.Workspace;
import io.productionmanager.store.JobState;
import io.productionmanager.store.JobStore;
import io.productionmanager.store.RetryPlan;

/**
 * What the daemon tells its log while it works: a line when it starts and stops, and per production one INFO line
 * for each poll cycle in which something changed (counts moved, retries planned), nothing when nothing did.
 * Silent outside the daemon: the one-shot commands run the same cycle and print their own progress.
 */
public final class ActivityLog {

    private static final Logger LOG = LoggerFactory.getLogger(ActivityLog.class);

    private final Workspace workspace;
    private final Clock clock;
    private final boolean daemon;
    /** Per production, what the last line said (counts and planned retries), to tell whether anything changed. */
    private final Map<String, String> lastSeen = new ConcurrentHashMap<>();

    public ActivityLog(Workspace workspace, Clock clock, boolean daemon) {
        this.workspace = workspace;
        this.clock = clock;
        this.daemon = daemon;
    }

    /** The daemon started; {@code details} names version, folders and addresses. */
    public void started(String details) {
        if (daemon) {
            LOG.info("daemon started: {}", details);
        }
    }

    /** The daemon stopped. */
    public void stopped(String details) {
        if (daemon) {
            LOG.info("daemon stopped: {}", details);
        }
    }

    /** After a production's poll cycle: logs its counts when they, or its planned retries, changed since the last line. */
    public void cycle(String name) {
        if (!daemon) {
            return;
        }
        JobStore store = workspace.open(name).store();
        Map<JobState, Long> counts = store.counts();
        RetryPlan retries = store.retryPlan();
        String key = counts + "/" + retries.scheduled();
        if (key.equals(lastSeen.put(name, key))) {
            return;
        }
        LOG.info(line(name, counts, retries, clock));
    }

    /** {@code alpha: 12 completed, 1 failed (retry in 2 min), 300 running, 1,200 pending}. */
    static String line(String name, Map<JobState, Long> counts, RetryPlan retries, Clock clock) {
        List<String> parts = new ArrayList<>();
        parts.add(String.format(Locale.ROOT, "%,d completed", counts.getOrDefault(JobState.COMPLETED, 0L)));
        long failed = counts.getOrDefault(JobState.FAILED, 0L);
        if (failed > 0) {
            String plan = "";
            if (retries.scheduled() > 0) {
                String when = retries.next() == null ? "" : in(Duration.between(clock.instant(), retries.next()));
                plan = retries.scheduled() == failed ? " (retry " + when + ")"
                        : String.format(Locale.ROOT, " (%,d to retry, next %s)", retries.scheduled(), when);
            }
            parts.add(String.format(Locale.ROOT, "%,d failed%s", failed, plan));
        }
        for (JobState s : List.of(JobState.CANCELLED, JobState.RUNNING, JobState.QUEUED, JobState.PENDING)) {
            long n = counts.getOrDefault(s, 0L);
            if (n > 0) {
                parts.add(String.format(Locale.ROOT, "%,d %s", n, s.name().toLowerCase(Locale.ROOT)));
            }
        }
        return name + ": " + String.join(", ", parts);
    }

    private static String in(Duration d) {
        long s = d.getSeconds();
        if (s <= 0) {
            return "due now";
        }
        if (s < 120) {
            return "in " + s + " s";
        }
        if (s < 7200) {
            return "in " + (s + 30) / 60 + " min";
        }
        return String.format(Locale.ROOT, "in %.1f h", s / 3600.0);
    }
}
