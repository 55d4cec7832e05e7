package io.productionmanager.local;

import io.productionmanager.executor.BatchFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the {@code .start}/{@code .exit} marker files an array task writes next to its script
 * ({@code logs/batch_0003.sh} → {@code logs/batch_0003_K.start}, {@code logs/batch_0003_K.exit}).
 */
public final class TaskMarkers {

    /** The fields of one marker file ({@code key=value} words). */
    public record Marker(Map<String, String> fields) {

        /** The {@code exit} field, or null when absent or not a number. */
        public Integer exit() {
            try {
                return fields.containsKey("exit") ? Integer.valueOf(fields.get("exit")) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }

        /** The {@code start} field (epoch seconds), or null. */
        public Instant start() {
            return epochSeconds("start");
        }

        /** The {@code end} field (epoch seconds), or null. */
        public Instant end() {
            return epochSeconds("end");
        }

        private Instant epochSeconds(String key) {
            try {
                return fields.containsKey(key) ? Instant.ofEpochSecond(Long.parseLong(fields.get(key))) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    private TaskMarkers() {
    }

    /** The {@code .start} marker of task {@code taskId} of {@code script}. */
    public static Path startFile(Path script, int taskId) {
        return markerFile(script, taskId, ".start");
    }

    /** The {@code .exit} marker of task {@code taskId} of {@code script}. */
    public static Path exitFile(Path script, int taskId) {
        return markerFile(script, taskId, ".exit");
    }

    /** Reads a marker file; empty when it does not exist or cannot be read. */
    public static Optional<Marker> read(Path marker) {
        String text;
        try {
            text = Files.readString(marker, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
        Map<String, String> fields = new HashMap<>();
        for (String word : text.trim().split("\\s+")) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                fields.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        return Optional.of(new Marker(fields));
    }

    private static Path markerFile(Path script, int taskId, String suffix) {
        return BatchFiles.ofScript(script).marker(taskId, suffix);
    }
}
