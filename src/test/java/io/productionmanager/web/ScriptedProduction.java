package io.productionmanager.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.productionmanager.production.Production;
import io.productionmanager.store.Batch;
import io.productionmanager.store.Job;
import io.productionmanager.store.JobState;
import io.productionmanager.store.JobStore;
import io.productionmanager.store.JobUpdate;
import io.productionmanager.store.NewBatch;

/**
 * Moves an initialized production's jobs through its store as a scheduler would, without one: batches with
 * manifests, submission, running, completion and failure with reasons, and log files where the batch scripts
 * would have written them. Times come from the store's clock.
 */
final class ScriptedProduction {

    private final Production p;
    private final JobStore store;

    ScriptedProduction(Production p) {
        this.p = p;
        this.store = p.store();
    }

    /** Stages every PENDING job in batches of {@code batchSize} and submits them: all become QUEUED. */
    ScriptedProduction submitAll(int batchSize) {
        Path logs = p.dir().resolve("logs");
        try {
            Files.createDirectories(logs);
            long array = 1000;
            for (List<Job> jobs = store.pendingUnbatched(batchSize); !jobs.isEmpty(); jobs = store.pendingUnbatched(batchSize)) {
                int n = store.nextBatchNumber();
                String name = Batch.nameOf(n);
                Path manifest = logs.resolve(name + ".tasks");
                Files.writeString(manifest, jobs.stream().map(j -> j.id() + "\t" + j.realization() + "\t" + j.redshift()
                        + "\t" + j.outputPath() + "\t" + j.attempt() + "\n").collect(Collectors.joining()), StandardCharsets.UTF_8);
                Batch b = store.createBatch(new NewBatch(n, logs.resolve(name + ".sh").toString(), manifest.toString(),
                        "0-" + (jobs.size() - 1), false, null, null), jobs.stream().map(Job::id).toList());
                store.markSubmitting(b.id(), "scripted-" + n);
                store.markSubmitted(b.id(), Long.toString(array + n));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The jobs move to RUNNING, started at {@code at}. */
    ScriptedProduction run(Collection<String> ids, Instant at) {
        return apply(ids, j -> JobUpdate.of(j, JobState.RUNNING).withSlurmState("RUNNING").withStartedAt(at));
    }

    /** The jobs move to COMPLETED (exit 0), finished at {@code at}. */
    ScriptedProduction complete(Collection<String> ids, Instant at) {
        return apply(ids, j -> JobUpdate.of(j, JobState.COMPLETED).withSlurmState("COMPLETED").withExitCode(0)
                .withStartedAt(j.startedAt() != null ? j.startedAt() : at).withFinishedAt(at));
    }

    /** The jobs move to FAILED with {@code reason} and exit code, finished at {@code at}, no retry planned. */
    ScriptedProduction fail(Collection<String> ids, String reason, int exitCode, Instant at) {
        return apply(ids, j -> JobUpdate.of(j, JobState.FAILED).withSlurmState("FAILED").withExitCode(exitCode)
                .withFailureReason(reason).withStartedAt(j.startedAt() != null ? j.startedAt() : at).withFinishedAt(at));
    }

    /** Writes the job's log as its batch script would: {@code logs/batch_NNNN_TASK.out|err}. */
    Path writeLog(String jobId, String extension, String text) {
        Job j = store.find(jobId).orElseThrow();
        Batch b = store.batch(j.batchId()).orElseThrow();
        Path file = Path.of(b.scriptPath()).resolveSibling(b.name() + "_" + j.taskIndex() + "." + extension);
        try {
            return Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ScriptedProduction apply(Collection<String> ids, java.util.function.Function<Job, JobUpdate> update) {
        Map<String, Job> byId = store.jobs().stream().collect(Collectors.toMap(Job::id, j -> j));
        List<JobUpdate> updates = new ArrayList<>();
        for (String id : ids) {
            updates.add(update.apply(byId.get(id)));
        }
        for (int from = 0; from < updates.size(); from += 10_000) {
            var result = store.apply(updates.subList(from, Math.min(updates.size(), from + 10_000)));
            if (!result.rejected().isEmpty()) {
                throw new IllegalStateException("rejected: " + result.rejected());
            }
        }
        return this;
    }
}
