package io.productionmanager.cleanup;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

import io.productionmanager.production.Production;
import io.productionmanager.config.ProductionConfig;
import io.productionmanager.executor.BatchFiles;
import io.productionmanager.store.Batch;
import io.productionmanager.store.BatchState;
import io.productionmanager.store.Event;
import io.productionmanager.store.EventKind;
import io.productionmanager.store.JobState;

/**
 * Applies a production's {@code outputs.cleanup_policy} to the files of its finished batches. Never touches
 * the catalogs, the job database or anything of a batch that is staged or still with the scheduler.
 *
 * <ul>
 *   <li>Logs (the batch script, each task's stdout and stderr) of batches finished more than
 *       {@code keep_logs_days} days ago are removed.</li>
 *   <li>Intermediate files (the manifest, the tasks' start/exit markers and leftover temporaries) of every
 *       finished batch are removed too, whatever its age, unless {@code keep_intermediate} is true: nothing
 *       reads them once the batch has finished.</li>
 *   <li>With {@code archive_completed}, everything to be removed is first written to
 *       {@code archive/logs_YYYYMMDD_HHMMSS.tar.gz}, which is read back and checked before anything is
 *       deleted.</li>
 * </ul>
 */
public final class CleanupService {

    /** One file the policy selects. */
    public record Item(Path path, long bytes, boolean intermediate) {
    }

    /** What one batch contributes. */
    public record BatchPlan(String batch, Instant finishedAt, boolean logsExpired, List<Item> items) {
        public long bytes() {
            return items.stream().mapToLong(Item::bytes).sum();
        }
    }

    /** What cleanup would do; {@code archive} is null when the policy does not archive. */
    public record Plan(String production, Path dir, ProductionConfig.CleanupPolicy policy, List<BatchPlan> batches,
                       Path archive) {
        public List<Item> items() {
            return batches.stream().flatMap(b -> b.items().stream()).toList();
        }

        public long count(boolean intermediate) {
            return items().stream().filter(i -> i.intermediate() == intermediate).count();
        }

        public long bytes(boolean intermediate) {
            return items().stream().filter(i -> i.intermediate() == intermediate).mapToLong(Item::bytes).sum();
        }
    }

    /** What cleanup did. */
    public record Result(Plan plan, int removed, long bytesRemoved, long archiveBytes) {
    }

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);

    private final Clock clock;

    public CleanupService(Clock clock) {
        this.clock = clock;
    }

    /**
     * What the policy selects now. Reads the disk, changes nothing.
     *
     * @throws IllegalArgumentException the production has jobs queued or running, or batches being submitted
     */
    public Plan plan(Production p) {
        Map<JobState, Long> counts = p.store().counts();
        long active = counts.getOrDefault(JobState.QUEUED, 0L) + counts.getOrDefault(JobState.RUNNING, 0L);
        if (active > 0) {
            throw new IllegalArgumentException("production " + p.name() + " has " + active
                    + " jobs queued or running; cleanup runs only when nothing is active (cancel or wait first)");
        }
        List<Batch> submitting = p.store().batches(BatchState.SUBMITTING, BatchState.SUBMITTED);
        if (!submitting.isEmpty()) {
            throw new IllegalArgumentException("production " + p.name() + " has " + submitting.size()
                    + " batches being submitted or with the scheduler (" + submitting.get(0).name()
                    + "); cleanup runs only when nothing is active");
        }
        ProductionConfig.CleanupPolicy policy = p.config().outputs().cleanupPolicy();
        Instant now = clock.instant();
        Instant cutoff = now.minus(Duration.ofDays(policy.keepLogsDays()));
        List<BatchPlan> plans = new ArrayList<>();
        for (Batch b : p.store().batches(BatchState.FINISHED, BatchState.REJECTED)) {
            BatchFiles files = BatchFiles.ofScript(Path.of(b.scriptPath()));
            List<Item> all = files(files, b);
            Instant finished = finishedAt(p, b, all);
            boolean expired = !finished.isAfter(cutoff);
            List<Item> chosen = all.stream()
                    .filter(i -> i.intermediate() ? !policy.keepIntermediate() || expired : expired).toList();
            if (!chosen.isEmpty()) {
                plans.add(new BatchPlan(b.name(), finished, expired, chosen));
            }
        }
        Path archive = policy.archiveCompleted() && !plans.isEmpty()
                ? p.dir().resolve("archive").resolve("logs_" + STAMP.format(now) + ".tar.gz") : null;
        return new Plan(p.name(), p.dir(), policy, plans, archive);
    }

    /** Archives (when the policy says so), then removes what {@code plan} selected, then empty batch folders. */
    public Result apply(Plan plan) {
        List<Item> items = plan.items();
        long archiveBytes = 0;
        if (plan.archive() != null) {
            archiveBytes = archive(plan.dir(), plan.archive(), items);
        }
        int removed = 0;
        long bytes = 0;
        for (Item i : items) {
            try {
                if (Files.deleteIfExists(i.path())) {
                    removed++;
                    bytes += i.bytes();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove " + i.path() + ": " + e.getMessage(), e);
            }
        }
        for (Item i : items) {
            removeEmptyUpTo(i.path().getParent(), plan.dir().resolve("logs"));
        }
        return new Result(plan, removed, bytes, archiveBytes);
    }

    private static List<Item> files(BatchFiles files, Batch b) {
        List<Item> out = new ArrayList<>();
        if (!files.isFlat()) {
            if (Files.isDirectory(files.dir(), LinkOption.NOFOLLOW_LINKS)) {
                try (Stream<Path> walk = Files.walk(files.dir())) {
                    walk.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).sorted()
                            .forEach(f -> add(out, f, isIntermediate(files, f)));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + files.dir() + ": " + e.getMessage(), e);
                }
            }
            return out;
        }
        add(out, files.script(), false);
        add(out, files.manifest(), true);
        for (int t = 0; t < b.taskCount(); t++) {
            add(out, files.stdout(t), false);
            add(out, files.stderr(t), false);
            Path marker = files.markerBase(t);
            add(out, marker.resolveSibling(marker.getFileName() + ".start"), true);
            add(out, marker.resolveSibling(marker.getFileName() + ".exit"), true);
            // written only when outputs.validation.check_command failed
            add(out, marker.resolveSibling(marker.getFileName() + ".check"), true);
        }
        // temporaries a killed task left behind (batch_0003_7.exit.tmp.1234)
        try (DirectoryStream<Path> tmp = Files.newDirectoryStream(files.dir(), b.name() + "_*.tmp.*")) {
            tmp.forEach(f -> add(out, f, true));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + files.dir() + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static boolean isIntermediate(BatchFiles files, Path f) {
        String name = f.getFileName().toString();
        return f.equals(files.manifest()) || f.startsWith(files.markersDir()) || name.contains(".tmp.");
    }

    private static void add(List<Item> out, Path f, boolean intermediate) {
        try {
            if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                out.add(new Item(f, Files.size(f), intermediate));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    /** When the batch finished: its BATCH_FINISHED event, else (a rejected batch) its newest file, else its creation. */
    private static Instant finishedAt(Production p, Batch b, List<Item> files) {
        Instant at = null;
        for (Event e : p.store().batchEvents(b.id())) {
            if (e.kind() == EventKind.BATCH_FINISHED || e.kind() == EventKind.BATCH_REJECTED) {
                at = e.at();
            }
        }
        if (at != null) {
            return at;
        }
        Instant newest = b.createdAt();
        for (Item i : files) {
            try {
                Instant m = Files.getLastModifiedTime(i.path()).toInstant();
                newest = m.isAfter(newest) ? m : newest;
            } catch (IOException ignored) {
                // a file that vanished says nothing about the batch's age
            }
        }
        return newest;
    }

    /** Writes the archive next to its final name, reads it back, then renames it: a partial archive never stays. */
    private static long archive(Path productionDir, Path archive, List<Item> items) {
        Path tmp = archive.resolveSibling(archive.getFileName() + ".part");
        try {
            Files.createDirectories(archive.getParent());
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(tmp));
                 GzipCompressorOutputStream gz = new GzipCompressorOutputStream(file);
                 TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                for (Item i : items) {
                    TarArchiveEntry entry = new TarArchiveEntry(i.path().toFile(), productionDir.relativize(i.path()).toString());
                    tar.putArchiveEntry(entry);
                    Files.copy(i.path(), tar);
                    tar.closeArchiveEntry();
                }
                tar.finish();
            }
            int found = 0;
            try (InputStream in = Files.newInputStream(tmp);
                 GzipCompressorInputStream gz = new GzipCompressorInputStream(in);
                 TarArchiveInputStream tar = new TarArchiveInputStream(gz)) {
                while (tar.getNextEntry() != null) {
                    found++;
                }
            }
            if (found != items.size()) {
                throw new IOException("the archive holds " + found + " files, expected " + items.size());
            }
            Files.move(tmp, archive, StandardCopyOption.ATOMIC_MOVE);
            return Files.size(archive);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the error below is what matters
            }
            throw new UncheckedIOException("cannot write the archive " + archive + " (nothing was removed): "
                    + e.getMessage(), e);
        }
    }

    private static void removeEmptyUpTo(Path dir, Path stop) {
        Path d = dir;
        while (d != null && d.startsWith(stop) && !d.equals(stop)) {
            try (Stream<Path> s = Files.list(d)) {
                if (s.findAny().isPresent()) {
                    return;
                }
            } catch (IOException e) {
                return;
            }
            try {
                Files.deleteIfExists(d);
            } catch (IOException e) {
                return;
            }
            d = d.getParent();
        }
    }
}
