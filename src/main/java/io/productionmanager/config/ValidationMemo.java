package io.productionmanager.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

/**
 * Remembers which documents passed a schema, so that a short command does not build the JSON-schema
 * validator (a tenth of a second or more of its start) to check a document it has seen pass before: the
 * configuration init stored, which {@code status} and {@code list} read back, or a production file that
 * {@code validate} checks again unchanged.
 * <p>
 * A document that passed leaves a file holding the application build (the jar's path, size and modification
 * time), the schema as written and the document, every value with its JSON type; the same three, byte for byte, pass
 * again without checking. Only passes are remembered: a document with problems is checked (and its
 * problems reported) every time. The folder is {@code $XDG_CACHE_HOME/production-manager/validated}, else
 * {@code ~/.cache/production-manager/validated}; deleting it only costs speed. Where the build has no jar
 * (classes in a folder, as in development) or the folder cannot be written, nothing is remembered.
 */
public final class ValidationMemo {

    private static final ValidationMemo SHARED = forInstalledBuild();

    private final Path dir;
    private final String build;

    /**
     * @param dir   the folder of the remembered passes
     * @param build what identifies the application build (a new build forgets every pass)
     */
    public ValidationMemo(Path dir, String build) {
        this.dir = dir;
        this.build = build;
    }

    /** The memo of the running application, or null when it cannot have one (no jar, no cache folder). */
    public static ValidationMemo shared() {
        return SHARED;
    }

    private static ValidationMemo forInstalledBuild() {
        InstalledBuild build = InstalledBuild.find();
        return build == null ? null : new ValidationMemo(build.cacheDir().resolve("validated"), build.identity());
    }

    /**
     * What a pass of {@code document} against {@code schema} is remembered as: the build, the schema and the
     * document written out with every value's JSON type. A pass is found by comparing this whole text, so two
     * documents that differ anywhere never share a pass.
     */
    public byte[] key(String schema, JsonNode document) {
        StringBuilder b = new StringBuilder(8192);
        text(b, build);
        text(b, schema);
        feed(b, document);
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** True when {@code key} passed before. */
    public boolean passed(byte[] key) {
        try {
            Path f = file(key);
            return Files.size(f) == key.length && Arrays.equals(Files.readAllBytes(f), key);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Remembers that {@code key} passed; a folder that cannot be written only means it is checked again next time. */
    public void remember(byte[] key) {
        try {
            Files.createDirectories(dir);
            // written whole, then renamed: a reader sees all of it or nothing. Another document with the same
            // file name is replaced: the memo keeps one of them
            writeWhole(file(key), key);
        } catch (IOException | RuntimeException e) {
            // not remembered: the next command checks again
        }
    }

    /**
     * Writes {@code data} to a temporary file next to {@code f}, then renames it to {@code f}: a reader sees all of
     * it or nothing (a cache file, not synced to disk: a crash only costs the entry).
     */
    static void writeWhole(Path f, byte[] data) throws IOException {
        Path tmp = f.resolveSibling(f.getFileName() + "." + ProcessHandle.current().pid() + "." + Thread.currentThread().getId() + ".tmp");
        try {
            Files.write(tmp, data);
            Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The file of a key (which holds the build already). */
    private Path file(byte[] key) {
        return InstalledBuild.entryFile(dir, key);
    }

    /** Every node with its JSON type (an integer 1 and a number 1.0 are different documents to a schema). */
    private static void feed(StringBuilder b, JsonNode node) {
        if (node.isObject()) {
            b.append('{');
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                text(b, f.getKey());
                feed(b, f.getValue());
            }
            b.append('}');
        } else if (node.isArray()) {
            b.append('[');
            for (JsonNode item : node) {
                feed(b, item);
            }
            b.append(']');
        } else if (node.isNumber()) {
            b.append('n');
            text(b, node.numberType() + ":" + node.asText());
        } else {
            b.append('v');
            text(b, node.getNodeType() + ":" + node.asText());
        }
    }

    /** A string with its length first, so that no two different sequences of strings write the same text. */
    private static void text(StringBuilder b, String s) {
        b.append(s.length()).append(':').append(s);
    }
}
