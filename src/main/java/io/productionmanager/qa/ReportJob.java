package io.productionmanager.qa;

import java.time.Instant;

/**
 * One job of a production as the report sees it, independent of how the job store keeps it.
 *
 * @param id            job id, e.g. {@code r0000_z0.500}
 * @param realization   realization number
 * @param redshift      redshift of the output
 * @param state         one of {@code PENDING, QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED}
 * @param attempt       attempts made so far (0 when never submitted)
 * @param failureReason last failure reason, e.g. {@code "exit 3: segfault"}; null when none
 * @param exitCode      exit status of the last attempt; null when unknown
 * @param startedAt     start of the last attempt; null when it never started
 * @param finishedAt    end of the last attempt; null when it has not finished
 * @param outputPath    expected output file; may be null
 */
public record ReportJob(String id, int realization, double redshift, String state, int attempt,
                        String failureReason, Integer exitCode, Instant startedAt, Instant finishedAt,
                        String outputPath) {
}
