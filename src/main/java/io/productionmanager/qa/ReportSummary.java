package io.productionmanager.qa;

import io.productionmanager.production.SuccessRate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;

import io.productionmanager.store.JobState;

/**
 * The figures every report format shows, computed once from a {@link ReportInput}.
 *
 * @param jobCount            number of jobs
 * @param totals              jobs per state, every state present, in {@link JobState} order
 * @param successRate         see {@link SuccessRate}; empty when no job has reached an end state
 * @param failedAttempts      every failed attempt: each FAILED event, plus each FAILED job with no such event
 * @param failuresByReason    failed attempts per reason code, most frequent first
 * @param failedJobsByReason  jobs now FAILED per reason code, most frequent first
 * @param failureDetails      per reason code, the full reasons of its failed attempts as recorded (e.g.
 *                            {@code exit 1; retry 1 of 3 after 1.2 s}) with their counts, most frequent first,
 *                            at most {@link #MAX_DETAILS} per code
 * @param attemptsHistogram   number of jobs per attempt count, ascending
 * @param failedJobs          jobs now FAILED, in input order
 * @param retriedJobs         jobs with more than one attempt, in input order
 * @param validated           jobs with an output validation result
 * @param invalid             of those, how many failed validation
 */
public record ReportSummary(int jobCount, Map<JobState, Integer> totals, OptionalDouble successRate,
                            int failedAttempts, Map<String, Integer> failuresByReason,
                            Map<String, Integer> failedJobsByReason, Map<String, Map<String, Integer>> failureDetails,
                            Map<Integer, Integer> attemptsHistogram,
                            List<ReportJob> failedJobs, List<ReportJob> retriedJobs, int validated, int invalid) {

    /** Full reasons kept per reason code. */
    public static final int MAX_DETAILS = 5;

    /** Computes the summary; throws naming the job and field when a job's state is not a known state. */
    public static ReportSummary of(ReportInput in) {
        Map<JobState, Integer> totals = new EnumMap<>(JobState.class);
        Arrays.stream(JobState.values()).forEach(s -> totals.put(s, 0));
        Map<Integer, Integer> attempts = new TreeMap<>();
        Map<String, Integer> failedJobsByReason = new HashMap<>();
        List<ReportJob> failed = new ArrayList<>();
        List<ReportJob> retried = new ArrayList<>();
        for (ReportJob job : in.jobs()) {
            JobState state = stateOf(job);
            totals.merge(state, 1, Integer::sum);
            attempts.merge(job.attempt(), 1, Integer::sum);
            if (state == JobState.FAILED) {
                failed.add(job);
                failedJobsByReason.merge(ReasonCodes.code(job.failureReason()), 1, Integer::sum);
            }
            if (job.attempt() > 1) {
                retried.add(job);
            }
        }
        Map<String, Map<String, Integer>> details = new HashMap<>();
        Map<String, Integer> failuresByReason = failuresByReason(in, failed, details);
        Map<String, Map<String, Integer>> failureDetails = new LinkedHashMap<>();
        for (String code : mostFrequentFirst(failuresByReason).keySet()) {
            Map<String, Integer> top = new LinkedHashMap<>();
            mostFrequentFirst(details.get(code)).entrySet().stream().limit(MAX_DETAILS)
                    .forEach(e -> top.put(e.getKey(), e.getValue()));
            failureDetails.put(code, Collections.unmodifiableMap(top));
        }
        OptionalDouble successRate = SuccessRate.of(totals);
        int invalid = (int) in.validation().values().stream().filter(v -> !v.valid()).count();
        return new ReportSummary(in.jobs().size(), Collections.unmodifiableMap(totals), successRate,
                failuresByReason.values().stream().mapToInt(Integer::intValue).sum(),
                mostFrequentFirst(failuresByReason), mostFrequentFirst(failedJobsByReason),
                Collections.unmodifiableMap(failureDetails),
                Collections.unmodifiableMap(attempts),
                List.copyOf(failed), List.copyOf(retried), in.validation().size(), invalid);
    }

    /** The job's state; throws naming the job and field when it is not one of the six states. */
    public static JobState stateOf(ReportJob job) {
        try {
            return JobState.valueOf(String.valueOf(job.state()).strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("job " + job.id() + ": field 'state' has unknown state '" + job.state()
                    + "'; expected one of " + Arrays.toString(JobState.values()), e);
        }
    }

    /** Seconds from start to finish of the job's last attempt; null when either is missing or they are out of order. */
    public static Double runtimeSeconds(ReportJob job) {
        if (job.startedAt() == null || job.finishedAt() == null || job.finishedAt().isBefore(job.startedAt())) {
            return null;
        }
        return Duration.between(job.startedAt(), job.finishedAt()).toNanos() / 1e9;
    }

    private static Map<String, Integer> failuresByReason(ReportInput in, List<ReportJob> failedJobs,
                                                         Map<String, Map<String, Integer>> details) {
        Map<String, Integer> byReason = new HashMap<>();
        Set<String> jobsWithFailedEvent = new HashSet<>();
        for (ReportEvent e : in.events()) {
            if (e.toState() != null && JobState.FAILED.name().equals(e.toState().strip())) {
                count(byReason, details, e.reason());
                jobsWithFailedEvent.add(e.jobId());
            }
        }
        // a FAILED job whose history was not recorded still counts its last failure once
        for (ReportJob job : failedJobs) {
            if (!jobsWithFailedEvent.contains(job.id())) {
                count(byReason, details, job.failureReason());
            }
        }
        return byReason;
    }

    private static void count(Map<String, Integer> byReason, Map<String, Map<String, Integer>> details, String reason) {
        String code = ReasonCodes.code(reason);
        byReason.merge(code, 1, Integer::sum);
        String text = reason == null || reason.isBlank() ? ReasonCodes.UNKNOWN : reason.strip();
        details.computeIfAbsent(code, c -> new HashMap<>()).merge(text, 1, Integer::sum);
    }

    private static Map<String, Integer> mostFrequentFirst(Map<String, Integer> counts) {
        Map<String, Integer> sorted = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue).reversed()
                        .thenComparing(Map.Entry::getKey))
                .forEach(en -> sorted.put(en.getKey(), en.getValue()));
        return Collections.unmodifiableMap(sorted);
    }
}
