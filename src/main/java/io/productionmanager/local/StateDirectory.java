package io.productionmanager.local;

import io.productionmanager.files.AtomicFiles;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The local executor's files: a job id counter ({@code next-job-id}), one {@code arrays/<id>.properties} per
 * submitted array and one append-only {@code arrays/<id>.events} log of task starts and verdicts.
 */
final class StateDirectory {

    private final Path root;
    private final Path arrays;
    private final Path counter;
    private final Path lockFile;

    StateDirectory(Path root) {
        this.root = root;
        this.arrays = root.resolve("arrays");
        this.counter = root.resolve("next-job-id");
        this.lockFile = root.resolve("next-job-id.lock");
        try {
            Files.createDirectories(arrays);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create state directory " + arrays, e);
        }
    }

    Path root() {
        return root;
    }

    /** Reserves {@code count} consecutive job ids and returns the first; ids never repeat, across restarts too. */
    synchronized long allocateJobIds(int count) throws IOException {
        // the OS lock keeps two executors on the same directory (daemon and a CLI command) from sharing ids
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            long next = Math.max(readCounter(), highestArrayId() + 1);
            AtomicFiles.write(counter, Long.toString(next + Math.max(count, 1)) + "\n");
            return next;
        }
    }

    private long readCounter() throws IOException {
        try {
            String text = Files.readString(counter, StandardCharsets.UTF_8).trim();
            return Long.parseLong(text);
        } catch (NoSuchFileException e) {
            return 1;
        } catch (NumberFormatException e) {
            throw new IOException(counter + ":1: not a job id number", e);
        }
    }

    private long highestArrayId() throws IOException {
        long highest = 0;
        for (String id : arrayIds()) {
            try {
                highest = Math.max(highest, Long.parseLong(id));
            } catch (NumberFormatException e) {
                // a file not written by this executor; it takes no part in numbering
            }
        }
        return highest;
    }

    void writeArray(ArrayRecord record) throws IOException {
        Properties p = new Properties();
        p.setProperty("id", record.arrayId());
        p.setProperty("job_name", record.jobName());
        p.setProperty("script", record.script().toString());
        p.setProperty("task_count", Integer.toString(record.taskCount()));
        p.setProperty("submit_time", record.submitTime().toString());
        p.setProperty("first_job_id", Long.toString(record.firstJobId()));
        p.setProperty("array", record.array().format());
        p.setProperty("owner_pid", Long.toString(record.ownerPid()));
        if (record.ownerStart() != null) {
            p.setProperty("owner_start", record.ownerStart().toString());
        }
        if (record.ownerInstance() != null) {
            p.setProperty("owner_instance", record.ownerInstance());
        }
        Path file = arrays.resolve(record.arrayId() + ".properties");
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            p.store(w, "array submitted to the local executor");
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The record of array {@code id}, or null when there is none. */
    ArrayRecord readArray(String id) throws IOException {
        Path file = arrays.resolve(id + ".properties");
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            return null;
        }
        try {
            String ownerStart = p.getProperty("owner_start");
            return new ArrayRecord(required(p, file, "id"), required(p, file, "job_name"),
                    Path.of(required(p, file, "script")), Integer.parseInt(required(p, file, "task_count")),
                    Instant.parse(required(p, file, "submit_time")), Long.parseLong(required(p, file, "first_job_id")),
                    ArraySpec.parse(required(p, file, "array")), Long.parseLong(required(p, file, "owner_pid")),
                    ownerStart == null ? null : Instant.parse(ownerStart), p.getProperty("owner_instance"));
        } catch (RuntimeException e) {
            throw new IOException(file + ": invalid array record: " + e.getMessage(), e);
        }
    }

    private static String required(Properties p, Path file, String key) throws IOException {
        String value = p.getProperty(key);
        if (value == null) {
            throw new IOException(file + ": missing key '" + key + "'");
        }
        return value;
    }

    /** Ids of every array recorded here. */
    List<String> arrayIds() throws IOException {
        List<String> ids = new ArrayList<>();
        try (Stream<Path> files = Files.list(arrays)) {
            files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".properties"))
                    .forEach(n -> ids.add(n.substring(0, n.length() - ".properties".length())));
        }
        return ids;
    }

    synchronized void append(String arrayId, TaskEvent event) throws IOException {
        Files.writeString(arrays.resolve(arrayId + ".events"), event.format() + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    List<TaskEvent> events(String arrayId) throws IOException {
        List<TaskEvent> events = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(arrays.resolve(arrayId + ".events"), StandardCharsets.UTF_8)) {
                TaskEvent event = TaskEvent.parse(line);
                if (event != null) {
                    events.add(event);
                }
            }
        } catch (NoSuchFileException e) {
            return events;
        }
        return events;
    }
}
