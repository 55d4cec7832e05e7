package io.productionmanager.qa;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.productionmanager.stage.BatchFiles;
import io.productionmanager.store.Attempt;
import io.productionmanager.store.Batch;
import io.productionmanager.store.Job;
import io.productionmanager.store.JobState;
import io.productionmanager.store.JobStore;
import io.productionmanager.store.ResourceUse;

/**
 * Finds the output of one run of a job: which attempt, batch, array task and scheduler id it was, and the
 * stdout or stderr file that run wrote. Earlier attempts come from the attempts history, the current run
 * from the job itself.
 */
public final class JobLogs {

    /** One run of a job, ended or still going. */
    public record Run(int attempt, Batch batch, int taskIndex, String slurmId, JobState state, String reason,
                      Instant startedAt, Instant finishedAt, ResourceUse use) {
    }

    /** The chosen run, the file asked for, and its last lines (empty when the file does not exist). */
    public record Result(Job job, Run run, int runNumber, int runs, Path file, boolean exists, List<String> lines, long skippedBytes) {
    }

    private JobLogs() {
    }

    /** Every run of the job that reached a batch, oldest first. */
    public static List<Run> runs(JobStore store, Job job) {
        List<Run> runs = new ArrayList<>();
        boolean currentListed = false;
        for (Attempt a : store.attempts(job.id())) {
            if (a.batchId() == null || a.taskIndex() == null) {
                continue;
            }
            Optional<Batch> b = store.batch(a.batchId());
            if (b.isPresent()) {
                runs.add(new Run(a.attempt(), b.get(), a.taskIndex(), a.slurmId(), a.state(), a.reason(), a.startedAt(),
                        a.finishedAt(), a.use()));
                currentListed |= a.batchId().equals(job.batchId()) && a.attempt() == job.attempt();
            }
        }
        if (!currentListed && job.batchId() != null && job.taskIndex() != null) {
            // the run going on now, or one that ended before the history was kept
            store.batch(job.batchId()).ifPresent(b -> runs.add(new Run(job.attempt(), b, job.taskIndex(), job.slurmId(),
                    job.state(), job.failureReason(), job.startedAt(), job.finishedAt(), ResourceUse.NONE)));
        }
        return runs;
    }

    /**
     * The output of a run of {@code jobId}: the latest run, or the latest run of {@code attempt}.
     *
     * @param tail at most this many last lines; 0 or less for the whole file
     * @throws IllegalArgumentException no such job, the job never ran, or no run has that attempt number
     */
    public static Result read(JobStore store, String production, String jobId, Integer attempt, boolean stderr, int tail)
            throws IOException {
        Job job = store.find(jobId).orElseThrow(() -> new IllegalArgumentException(
                "No job '" + jobId + "' in production " + production + " (job ids look like r0000_z0.500)."));
        List<Run> runs = runs(store, job);
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("Job " + jobId + " has not been submitted yet (it is " + job.state()
                    + "): there is no output to show.");
        }
        Run run = null;
        int number = 0;
        for (int i = 0; i < runs.size(); i++) {
            if (attempt == null || runs.get(i).attempt() == attempt) {
                run = runs.get(i);
                number = i + 1;
            }
        }
        if (run == null) {
            int first = runs.get(0).attempt();
            int last = runs.get(runs.size() - 1).attempt();
            throw new IllegalArgumentException("Job " + jobId + " has no attempt " + attempt + "; its runs are attempts "
                    + (first == last ? String.valueOf(first) : first + " to " + last) + ".");
        }
        BatchFiles files = BatchFiles.ofScript(Path.of(run.batch().scriptPath()));
        Path file = stderr ? files.stderr(run.taskIndex()) : files.stdout(run.taskIndex());
        if (!Files.isRegularFile(file)) {
            return new Result(job, run, number, runs.size(), file, false, List.of(), 0);
        }
        return tail > 0 ? tail(job, run, number, runs.size(), file, tail) : whole(job, run, number, runs.size(), file);
    }

    private static Result whole(Job job, Run run, int number, int runs, Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return new Result(job, run, number, runs, file, true, lines, 0);
    }

    /** The last {@code n} lines, read from the end: a log of gigabytes costs what its tail costs. */
    private static Result tail(Job job, Run run, int number, int runs, Path file, int n) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long length = f.length();
            long pos = length;
            int newlines = 0;
            // a final newline ends the last line; it does not start another
            if (length > 0) {
                f.seek(length - 1);
                if (f.read() == '\n') {
                    pos = length - 1;
                }
            }
            long start = 0;
            byte[] buf = new byte[8192];
            outer:
            while (pos > 0) {
                int len = (int) Math.min(buf.length, pos);
                pos -= len;
                f.seek(pos);
                f.readFully(buf, 0, len);
                for (int i = len - 1; i >= 0; i--) {
                    if (buf[i] == '\n' && ++newlines == n) {
                        start = pos + i + 1;
                        break outer;
                    }
                }
            }
            byte[] bytes = new byte[(int) Math.min(Integer.MAX_VALUE - 8, length - start)];
            f.seek(start);
            f.readFully(bytes);
            List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
            return new Result(job, run, number, runs, file, true, lines, start);
        }
    }
}
