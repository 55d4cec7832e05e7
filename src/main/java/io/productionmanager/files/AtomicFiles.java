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

/**
 * Writes a file so that a reader sees the old content or the new one, never a part: a temporary file in
 * the same folder, flushed to disk, then moved over the target in one atomic rename.
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
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = StandardCharsets.UTF_8.encode(content);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            if (Files.getFileAttributeView(tmp, PosixFileAttributeView.class) != null) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(permissions));
            }
            // same folder, so the rename is atomic on every POSIX file system
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
