package io.productionmanager.web;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.productionmanager.executor.BatchFiles;
import io.productionmanager.production.Production;
import io.productionmanager.store.Batch;
import io.productionmanager.store.Event;
import io.productionmanager.store.Job;

/**
 * The log files the dashboard may serve: regular files under a production's {@code logs/} folder, and nothing
 * that leaves the production's folder, through {@code ..}, an encoded {@code ..} or a symbolic link.
 */
final class LogFiles {

    /** A job's latest logs, as paths relative to the production's {@code logs/} folder (null where absent). */
    record JobLogs(String batch, Integer task, String out, String err) {
    }

    /** Thrown for a request that names no servable file; {@code status} is the HTTP status to answer. */
    static final class Refused extends Exception {
        final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private LogFiles() {
    }

    /** The production's log folder. */
    static Path logsDir(Production p) {
        return p.dir().resolve("logs");
    }

    /**
     * The logs of the job's latest attempt that reached a batch: its current batch, else the last batch its
     * history names (a job retried back to PENDING has left its batch); the task index is read from that
     * batch's manifest when the job is no longer in it.
     *
     * @param batches the production's batches by id (read once for a whole listing)
     */
    static JobLogs latest(Production p, Job job, Map<Long, Batch> batches) {
        Long batchId = job.batchId();
        Integer task = job.taskIndex();
        if (batchId == null) {
            List<Event> events = p.store().events(job.id());
            for (int i = events.size() - 1; i >= 0 && batchId == null; i--) {
                batchId = events.get(i).batchId();
            }
            task = null;
        }
        if (batchId == null) {
            return new JobLogs(null, null, null, null);
        }
        Optional<Batch> batch = Optional.ofNullable(batches.get(batchId));
        if (batch.isEmpty()) {
            return new JobLogs(null, null, null, null);
        }
        Batch b = batch.get();
        if (task == null) {
            task = taskInManifest(b, job.id());
        }
        if (task == null) {
            return new JobLogs(b.name(), null, null, null);
        }
        BatchFiles files = BatchFiles.ofScript(Path.of(b.scriptPath()));
        return new JobLogs(b.name(), task, existing(p, files.stdout(task)), existing(p, files.stderr(task)));
    }

    private static Integer taskInManifest(Batch b, String jobId) {
        if (b.manifestPath() == null) {
            return null;
        }
        try {
            List<String> lines = Files.readAllLines(Path.of(b.manifestPath()), StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith(jobId + "\t")) {
                    return i;
                }
            }
        } catch (IOException | RuntimeException e) {
            // a manifest that cannot be read gives no log link
        }
        return null;
    }

    /** The path of {@code file} relative to the logs folder, when it is a regular file the server would serve. */
    private static String existing(Production p, Path file) {
        Path logs = logsDir(p).toAbsolutePath().normalize();
        Path f = file.toAbsolutePath().normalize();
        if (!f.startsWith(logs) || !Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        return logs.relativize(f).toString().replace('\\', '/');
    }

    /**
     * The file a request names, {@code encoded} being the part of the URL path after {@code /logs/} (still
     * percent-encoded): refused with 400 when it is malformed or climbs ({@code ..}, {@code .}, empty segments,
     * backslashes, control characters), with 404 when it is not a regular file inside the production's folder
     * once every symbolic link is followed.
     */
    static Path resolve(Production p, String encoded) throws Refused {
        String relative;
        try {
            // '+' is a plain character in a path
            relative = URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Refused(400, "malformed path");
        }
        if (relative.isEmpty() || relative.startsWith("/") || relative.indexOf('\\') >= 0) {
            throw new Refused(400, "malformed path");
        }
        for (String segment : relative.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")
                    || segment.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
                throw new Refused(400, "malformed path");
            }
        }
        Path logs = logsDir(p).toAbsolutePath().normalize();
        Path candidate = logs.resolve(relative).normalize();
        if (!candidate.startsWith(logs)) {
            throw new Refused(400, "malformed path");
        }
        try {
            Path real = candidate.toRealPath();
            Path realLogs = logs.toRealPath();
            Path realProduction = p.dir().toRealPath();
            if (!real.startsWith(realLogs) || !real.startsWith(realProduction) || !Files.isRegularFile(real)) {
                throw new Refused(404, "not found");
            }
            return real;
        } catch (IOException e) {
            throw new Refused(404, "not found");
        }
    }
}
