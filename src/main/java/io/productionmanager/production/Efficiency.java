package io.productionmanager.production;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.productionmanager.config.ProductionConfig;
import io.productionmanager.store.Attempt;
import io.productionmanager.store.JobStore;
import io.productionmanager.store.ResourceUse;

/**
 * How much of what a production reserved its jobs used, from the ended runs in the attempt history (SLURM's
 * accounting, or the local executor's own measurement), and what to ask for next time.
 *
 * <p>Definitions (also in {@code docs/qa-report.md}):
 * <ul>
 *   <li>CPU efficiency of a run: CPU time / (elapsed × allocated CPUs); memory efficiency: peak resident
 *       memory / reserved memory. Median, 95th percentile and worst (lowest) over the runs that report them.</li>
 *   <li>Node-hours used: Σ elapsed × nodes over ended runs; reserved: Σ time limit × nodes (the run's own
 *       limit when the scheduler reports one, else the configured {@code timeout_hours}).</li>
 *   <li>Suggestion: {@code memory_gb} = 99th percentile of peak memory × (1 + {@value #MEMORY_MARGIN}), rounded
 *       up to 0.5 GB; {@code timeout_hours} = 99th percentile of elapsed × (1 + {@value #TIME_MARGIN}), rounded
 *       up to a quarter hour. Flagged when the median run uses under half of the memory or time it reserves.</li>
 * </ul>
 */
public record Efficiency(String jobType, int runs, int measured, Stats cpu, Stats memory, double nodeHoursUsed,
                         double nodeHoursReserved, double peakMemoryP99Gb, double elapsedP99Hours,
                         double requestedMemoryGb, double requestedTimeoutHours, Double suggestedMemoryGb,
                         Double suggestedTimeoutHours, List<String> flags, double[] peakMemoryGb) {

    /** Margin added to the 99th percentile of peak memory. */
    public static final double MEMORY_MARGIN = 0.2;
    /** Margin added to the 99th percentile of elapsed time. */
    public static final double TIME_MARGIN = 0.5;

    /** Median, 95th percentile and worst of a ratio over runs; {@code count} 0 when no run reports it. */
    public record Stats(int count, double median, double p95, double worst) {
        static Stats of(List<Double> values) {
            if (values.isEmpty()) {
                return new Stats(0, Double.NaN, Double.NaN, Double.NaN);
            }
            double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return new Stats(v.length, percentile(v, 0.5), percentile(v, 0.95), v[0]);
        }
    }

    /** Reads the ended runs of a production. */
    public static Efficiency of(JobStore store, ProductionConfig config) {
        List<Attempt> attempts = new ArrayList<>();
        store.forEachAttempt(attempts::add);
        return of(attempts, config);
    }

    /** Computes the figures over the given ended runs. */
    public static Efficiency of(List<Attempt> attempts, ProductionConfig config) {
        int nodes = Math.max(1, config.resources().nodesPerJob());
        double configuredLimit = config.execution().timeoutHours() * 3600;
        List<Double> cpu = new ArrayList<>();
        List<Double> mem = new ArrayList<>();
        List<Double> rssGb = new ArrayList<>();
        List<Double> elapsedH = new ArrayList<>();
        double used = 0;
        double reserved = 0;
        int measured = 0;
        for (Attempt a : attempts) {
            ResourceUse u = a.use();
            Long elapsed = u.elapsedSeconds();
            if (elapsed == null && a.startedAt() != null && a.finishedAt() != null) {
                elapsed = Math.max(0, Duration.between(a.startedAt(), a.finishedAt()).toSeconds());
            }
            if (elapsed == null) {
                continue;
            }
            used += elapsed * (double) nodes / 3600;
            reserved += (u.timeLimitSeconds() != null ? u.timeLimitSeconds() : configuredLimit) * nodes / 3600;
            elapsedH.add(elapsed / 3600.0);
            if (u.cpuSeconds() != null && u.allocCpus() != null && u.allocCpus() > 0 && elapsed > 0) {
                cpu.add(u.cpuSeconds() / (elapsed * (double) u.allocCpus()));
            }
            if (u.maxRssBytes() != null) {
                measured++;
                rssGb.add(u.maxRssBytes() / (double) (1L << 30));
                if (u.reqMemBytes() != null && u.reqMemBytes() > 0) {
                    mem.add(u.maxRssBytes() / (double) u.reqMemBytes());
                }
            }
        }
        double[] rss = rssGb.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] hours = elapsedH.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double rssP99 = rss.length == 0 ? Double.NaN : percentile(rss, 0.99);
        double hoursP99 = hours.length == 0 ? Double.NaN : percentile(hours, 0.99);
        Double suggestedMem = rss.length == 0 ? null : Math.max(0.5, Math.ceil(rssP99 * (1 + MEMORY_MARGIN) * 2) / 2);
        Double suggestedTime = hours.length == 0 ? null : Math.max(0.25, Math.ceil(hoursP99 * (1 + TIME_MARGIN) * 4) / 4);
        Stats memStats = Stats.of(mem);
        double requestedMem = config.resources().memoryGb();
        double requestedHours = config.execution().timeoutHours();
        List<String> flags = new ArrayList<>();
        if (memStats.count() > 0 && memStats.median() < 0.5) {
            flags.add(String.format(Locale.ROOT, "jobs use under half of the memory they reserve (median %.0f%% of %s GB)",
                    memStats.median() * 100, number(requestedMem)));
        }
        if (hours.length > 0 && percentile(hours, 0.5) < 0.5 * requestedHours) {
            flags.add(String.format(Locale.ROOT, "jobs use under half of the time they reserve (median %s of %s h)",
                    duration(percentile(hours, 0.5)), number(requestedHours)));
        }
        return new Efficiency(config.execution().jobType(), attempts.size(), measured, Stats.of(cpu), memStats, used,
                reserved, rssP99, hoursP99, requestedMem, requestedHours, suggestedMem, suggestedTime, flags, rss);
    }

    /** The block {@code status --verbose} prints (its node-hours are on a line of their own in status). */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        if (cpu.count() == 0 && memory.count() == 0 && suggestedMemoryGb == null && suggestedTimeoutHours == null) {
            out.add(String.format(Locale.ROOT, "efficiency (%s): no ended run reports its usage yet (%d ended runs)",
                    jobType, runs));
            return out;
        }
        out.add(String.format(Locale.ROOT, "efficiency (%s, %d ended runs, %d with memory measured):", jobType, runs,
                measured));
        out.add("  CPU          " + describe(cpu));
        out.add("  memory       " + describe(memory));
        out.add(String.format(Locale.ROOT, "  suggestion   memory_gb: %s (now %s; p99 peak %s GB + %.0f%%)  "
                        + "timeout_hours: %s (now %s; p99 elapsed %s + %.0f%%)",
                suggestedMemoryGb == null ? "-" : number(suggestedMemoryGb), number(requestedMemoryGb),
                Double.isNaN(peakMemoryP99Gb) ? "-" : number(peakMemoryP99Gb), MEMORY_MARGIN * 100,
                suggestedTimeoutHours == null ? "-" : number(suggestedTimeoutHours), number(requestedTimeoutHours),
                Double.isNaN(elapsedP99Hours) ? "-" : duration(elapsedP99Hours), TIME_MARGIN * 100));
        for (String f : flags) {
            out.add("  ! " + f);
        }
        return out;
    }

    /** The report's block: {@link #lines()} with the node-hours of the ended runs. */
    public List<String> reportLines() {
        List<String> out = new ArrayList<>(lines());
        out.add(1, String.format(Locale.ROOT, "  node-hours   %s used of %s reserved%s", number(nodeHoursUsed),
                number(nodeHoursReserved), nodeHoursReserved > 0
                        ? String.format(Locale.ROOT, " (%.0f%%)", 100 * nodeHoursUsed / nodeHoursReserved) : ""));
        return out;
    }

    /** The machine-readable form (report JSON, status --json). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("job_type", jobType);
        m.put("runs", runs);
        m.put("runs_with_memory", measured);
        m.put("node_hours_used", nodeHoursUsed);
        m.put("node_hours_reserved", nodeHoursReserved);
        m.put("cpu_efficiency", stats(cpu));
        m.put("memory_efficiency", stats(memory));
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("memory_gb", suggestedMemoryGb);
        s.put("timeout_hours", suggestedTimeoutHours);
        s.put("memory_margin", MEMORY_MARGIN);
        s.put("time_margin", TIME_MARGIN);
        m.put("suggestion", s);
        m.put("flags", flags);
        return m;
    }

    private static Map<String, Object> stats(Stats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runs", s.count());
        m.put("median", s.count() == 0 ? null : s.median());
        m.put("p95", s.count() == 0 ? null : s.p95());
        m.put("worst", s.count() == 0 ? null : s.worst());
        return m;
    }

    private static String describe(Stats s) {
        if (s.count() == 0) {
            return "not reported";
        }
        return String.format(Locale.ROOT, "median %.0f%%  p95 %.0f%%  worst %.0f%%  (%d runs)", s.median() * 100,
                s.p95() * 100, s.worst() * 100, s.count());
    }

    /** Linear interpolation between closest ranks of a sorted array. */
    static double percentile(double[] sorted, double q) {
        if (sorted.length == 1) {
            return sorted[0];
        }
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    private static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return String.valueOf((long) v);
        }
        return String.format(Locale.ROOT, v < 0.1 ? "%.3f" : "%.2f", v);
    }

    private static String duration(double hours) {
        long s = Math.round(hours * 3600);
        return s < 3600 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60)
                : String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Efficiency e && e.toJson().equals(toJson()) && Arrays.equals(e.peakMemoryGb, peakMemoryGb);
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }

    @Override
    public String toString() {
        return String.join("\n", reportLines());
    }
}
