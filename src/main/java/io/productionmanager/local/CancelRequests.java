package io.productionmanager.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Cancel requests between processes: {@code requests/<array id>.cancel}, one line per request ({@code all} or
 * task ids separated by commas). Any process appends; the executor that owns the array watches the folder
 * (inotify through a {@link WatchService}) and stops the tasks, and a task whose process ends while a request
 * covers it is CANCELLED, whoever killed it.
 */
final class CancelRequests implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CancelRequests.class);
    private static final String SUFFIX = ".cancel";
    private static final String ALL = "all";

    private final Path dir;
    private WatchService watcher;

    CancelRequests(Path root) {
        this.dir = root.resolve("requests");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /** Records a request to cancel tasks {@code taskIds} of the array (all of them when null). */
    void request(String arrayId, Set<Integer> taskIds) throws IOException {
        String line = taskIds == null ? ALL
                : new TreeSet<>(taskIds).stream().map(String::valueOf).collect(Collectors.joining(","));
        // one short append: O_APPEND keeps concurrent requests from several processes whole
        Files.writeString(file(arrayId), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    /** The tasks requested so far: null for none, an empty set for the whole array. */
    Set<Integer> requested(String arrayId) {
        Set<Integer> tasks = new HashSet<>();
        try {
            for (String line : Files.readAllLines(file(arrayId), StandardCharsets.UTF_8)) {
                String l = line.trim();
                if (l.equals(ALL)) {
                    return Set.of();
                }
                for (String id : l.split(",")) {
                    if (id.matches("\\d{1,9}")) {
                        tasks.add(Integer.parseInt(id));
                    }
                }
            }
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            LOG.warn("Cannot read cancel requests {}: {}", file(arrayId), e.toString());
            return null;
        }
        return tasks;
    }

    /** True when a request covers task {@code taskId} of the array. */
    boolean covers(String arrayId, int taskId) {
        Set<Integer> tasks = requested(arrayId);
        return tasks != null && (tasks.isEmpty() || tasks.contains(taskId));
    }

    /** Removes the array's requests once none of its tasks can run any more. */
    void done(String arrayId) {
        try {
            Files.deleteIfExists(file(arrayId));
        } catch (IOException e) {
            LOG.warn("Cannot remove {}: {}", file(arrayId), e.toString());
        }
    }

    /**
     * Calls {@code onRequest} with the array id of every request written from now on (from any process), on a
     * thread of {@code threads}, until {@link #close()}.
     */
    synchronized void watch(ExecutorService threads, Consumer<String> onRequest) throws IOException {
        watcher = dir.getFileSystem().newWatchService();
        dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        WatchService service = watcher;
        threads.execute(() -> {
            try {
                while (true) {
                    WatchKey key = service.take();
                    for (WatchEvent<?> event : key.pollEvents()) {
                        if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                            // events were lost: look at every request there is
                            try (var files = Files.list(dir)) {
                                files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(SUFFIX))
                                        .forEach(n -> onRequest.accept(n.substring(0, n.length() - SUFFIX.length())));
                            }
                            continue;
                        }
                        String name = event.context().toString();
                        if (name.endsWith(SUFFIX)) {
                            onRequest.accept(name.substring(0, name.length() - SUFFIX.length()));
                        }
                    }
                    key.reset();
                }
            } catch (ClosedWatchServiceException | InterruptedException e) {
                // closed with the executor
            } catch (IOException | RuntimeException e) {
                LOG.error("Cancel requests in {} are no longer watched: {}", dir, e.toString());
            }
        });
    }

    @Override
    public synchronized void close() {
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException e) {
                LOG.debug("Closing the watch of {}: {}", dir, e.toString());
            }
        }
    }

    private Path file(String arrayId) {
        return dir.resolve(arrayId + SUFFIX);
    }
}
