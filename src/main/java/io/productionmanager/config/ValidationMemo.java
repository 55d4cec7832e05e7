package io.productionmanager.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;

/**
 * Remembers which documents passed a schema, so that a short command does not build the JSON-schema
 * validator (a tenth of a second or more of its start) to check a document it has seen pass before: the
 * configuration init stored, which {@code status} and {@code list} read back, or a production file that
 * {@code validate} checks again unchanged.
 * <p>
 * A document that passed leaves an empty file named by the SHA-256 of the application build (the jar's path,
 * size and modification time), the schema and the document, every value with its JSON type; the same three
 * again pass without checking. Only passes are remembered: a document with problems is checked (and its
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
        try {
            Path jar = Path.of(ValidationMemo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            BasicFileAttributes a = Files.readAttributes(jar, BasicFileAttributes.class);
            if (!a.isRegularFile()) {
                return null;
            }
            String cacheHome = System.getenv("XDG_CACHE_HOME");
            Path cache = cacheHome != null && !cacheHome.isBlank() ? Path.of(cacheHome)
                    : Path.of(System.getProperty("user.home"), ".cache");
            return new ValidationMemo(cache.resolve("production-manager").resolve("validated"),
                    jar.toAbsolutePath() + "\n" + a.size() + "\n" + a.lastModifiedTime().toMillis());
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** The name under which a pass of {@code document} against {@code schema} is remembered. */
    public String key(JsonNode schema, JsonNode document) {
        MessageDigest d;
        try {
            d = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
        text(d, build);
        feed(d, schema);
        feed(d, document);
        return HexFormat.of().formatHex(d.digest());
    }

    /** True when {@code key} passed before. */
    public boolean passed(String key) {
        return Files.isRegularFile(dir.resolve(key));
    }

    /** Remembers that {@code key} passed; a folder that cannot be written only means it is checked again next time. */
    public void remember(String key) {
        try {
            Files.createDirectories(dir);
            Files.createFile(dir.resolve(key));
        } catch (FileAlreadyExistsException e) {
            // remembered meanwhile by another process
        } catch (IOException | RuntimeException e) {
            // not remembered: the next command checks again
        }
    }

    /** Every node with its JSON type (an integer 1 and a number 1.0 are different documents to a schema). */
    private static void feed(MessageDigest d, JsonNode node) {
        if (node.isObject()) {
            d.update((byte) '{');
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                text(d, f.getKey());
                feed(d, f.getValue());
            }
            d.update((byte) '}');
        } else if (node.isArray()) {
            d.update((byte) '[');
            for (JsonNode item : node) {
                feed(d, item);
            }
            d.update((byte) ']');
        } else if (node.isNumber()) {
            d.update((byte) 'n');
            text(d, node.numberType() + ":" + node.asText());
        } else {
            d.update((byte) 'v');
            text(d, node.getNodeType() + ":" + node.asText());
        }
    }

    private static void text(MessageDigest d, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        d.update(Integer.toString(b.length).getBytes(StandardCharsets.US_ASCII));
        d.update((byte) ':');
        d.update(b);
    }
}
