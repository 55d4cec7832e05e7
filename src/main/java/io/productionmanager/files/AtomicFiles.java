package io.productionmanager.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes a file so that a reader sees the old content or the new one, never a part: a temporary file in
 * the same folder, flushed to disk, then moved over the target in one atomic rename.
 *
 * <p>{@link #group()} writes many files with the same guarantee for each, and flushes them together: the
 * flushes run side by side (the file system commits them in far fewer journal commits than one after the
 * other), then every file is renamed into place and each folder is flushed once.
 */
public final class AtomicFiles {

    /** Permissions of a written file unless the caller asks for others (a temporary file starts as rw-------). */
    public static final String READABLE = "rw-r--r--";

    private AtomicFiles() {
    }

    /** Writes {@code content} (UTF-8) to {@code target} with {@link #READABLE} permissions. */
    public static void write(Path target, String content) throws IOException {
        write(target, content, READABLE);
    }

    /** Writes {@code content} (UTF-8) to {@code target} with the POSIX {@code permissions}, e.g. {@code rwxr-xr-x}. */
    public static void write(Path target, String content, String permissions) throws IOException {
        try (Group group = group()) {
            group.write(target, content, permissions);
            group.commit();
        }
    }

    /** A group of files written together: {@link Group#write} each, then {@link Group#commit()} once. */
    public static Group group() {
        return new Group();
    }

    /**
     * Files written as temporary files and put in place together by {@link #commit()}; closing a group that was
     * not committed removes its temporary files and leaves every target as it was.
     */
    public static final class Group implements AutoCloseable {

        /** Flushes run side by side on up to this many threads. */
        private static final int FLUSH_THREADS = 8;

        private final List<Path[]> pending = new ArrayList<>();

        private Group() {
        }

        /** Writes {@code content} (UTF-8) next to {@code target}; nothing is visible at {@code target} before {@link #commit()}. */
        public void write(Path target, String content, String permissions) throws IOException {
            Path dir = target.toAbsolutePath().getParent();
            Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            pending.add(new Path[] {tmp, target});
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = StandardCharsets.UTF_8.encode(content);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            }
            if (Files.getFileAttributeView(tmp, PosixFileAttributeView.class) != null) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(permissions));
            }
        }

        /**
         * Flushes every written file to disk, then moves each over its target in the order they were written
         * (same folder, so each rename is atomic on every POSIX file system), then flushes each folder once so
         * the new names last too.
         */
        public void commit() throws IOException {
            flushAll();
            Set<Path> folders = new LinkedHashSet<>();
            for (Path[] p : pending) {
                Files.move(p[0], p[1], StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                folders.add(p[1].toAbsolutePath().getParent());
            }
            pending.clear();
            for (Path folder : folders) {
                flushFolder(folder);
            }
        }

        private void flushAll() throws IOException {
            if (pending.size() <= 1) {
                for (Path[] p : pending) {
                    flush(p[0]);
                }
                return;
            }
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(FLUSH_THREADS, pending.size()), r -> {
                Thread t = new Thread(r, "pm-flush");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<?>> flushes = new ArrayList<>(pending.size());
                for (Path[] p : pending) {
                    flushes.add(pool.submit(() -> {
                        flush(p[0]);
                        return null;
                    }));
                }
                for (Future<?> f : flushes) {
                    try {
                        f.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        if (e.getCause() instanceof IOException io) {
                            throw io;
                        }
                        throw new IOException(e.getCause());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException("interrupted while flushing files to disk");
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }

        private static void flush(Path file) throws IOException {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
        }

        /** Flushes a folder's entries; file systems that cannot open a folder for that are left to their own timing. */
        private static void flushFolder(Path folder) {
            try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
                channel.force(true);
            } catch (IOException e) {
                // not every platform can flush a folder; the files themselves are on disk
            }
        }

        @Override
        public void close() throws IOException {
            for (Path[] p : pending) {
                Files.deleteIfExists(p[0]);
            }
            pending.clear();
        }
    }
}
