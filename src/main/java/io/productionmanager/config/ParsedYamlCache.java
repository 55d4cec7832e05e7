package io.productionmanager.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Parsed YAML kept between commands, so that a short command does not run the YAML parser (a large part of its
 * start) on text it has parsed before: the configuration init stored, which {@code status} and {@code list} read
 * back, the production and machine files, the built-in values and the schemas.
 * <p>
 * A text that parsed without problems leaves a file holding the application build ({@link InstalledBuild}), the
 * text itself, and the result: every value with its exact type (integer, long, big integer, floating point,
 * boolean, null, text), every mapping in file order, and the line and column of every key and value. It answers
 * only a text that is byte for byte the same, parsed by the same build, and only when the file is whole (a CRC-32 of
 * its content ends it, and it must end exactly there); anything else (no file, another text, another build, a
 * garbled, cut or unreadable file) is parsed as always. Text with problems is never kept: it is parsed, and its
 * problems reported, every time. The folder is {@code $XDG_CACHE_HOME/production-manager/parsed}, else
 * {@code ~/.cache/production-manager/parsed}; deleting it only costs speed, as does a folder that cannot be
 * written. Without a jar (classes in a folder, as in development and tests) nothing is kept.
 */
public final class ParsedYamlCache {

    private static final String MAGIC = "production-manager parsed YAML 1";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ParsedYamlCache SHARED = forInstalledBuild();

    private final Path dir;
    private final byte[] build;

    /**
     * @param dir   the folder of the kept results
     * @param build what identifies the application build (a new build parses everything again)
     */
    public ParsedYamlCache(Path dir, String build) {
        this.dir = dir;
        this.build = build.getBytes(StandardCharsets.UTF_8);
    }

    /** The cache of the running application, or null when it cannot have one (no jar, no cache folder). */
    public static ParsedYamlCache shared() {
        return SHARED;
    }

    private static ParsedYamlCache forInstalledBuild() {
        InstalledBuild build = InstalledBuild.find();
        return build == null ? null : new ParsedYamlCache(build.cacheDir().resolve("parsed"), build.identity());
    }

    /** What parsing {@code text} gave before, as a document naming {@code displayFile}; null when it is not kept. */
    public YamlDocument find(String text, Path displayFile) {
        try {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            Path f = file(bytes);
            if (!Files.isRegularFile(f)) {
                return null;
            }
            byte[] all = Files.readAllBytes(f);
            if (all.length < 8) {
                return null;
            }
            CRC32 crc = new CRC32();
            crc.update(all, 0, all.length - 8);
            // checked before anything is decoded: a damaged file is never walked (its nesting could be anything)
            if (java.nio.ByteBuffer.wrap(all, all.length - 8, 8).getLong() != crc.getValue()) {
                return null;
            }
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(all));
            if (!in.readUTF().equals(MAGIC) || !Arrays.equals(bytes(in), build) || !Arrays.equals(bytes(in), bytes)) {
                return null;
            }
            JsonNode root = node(in, 0);
            Map<String, Position> values = positions(in);
            Map<String, Position> keys = positions(in);
            if (in.readLong() != crc.getValue() || in.available() != 0) {
                return null;
            }
            return new YamlDocument(displayFile, root, Map.copyOf(values), Map.copyOf(keys));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Keeps {@code doc}, what {@code text} parsed into without problems; a folder that cannot be written only means parsing again. */
    public void remember(String text, YamlDocument doc) {
        try {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream buffer = new ByteArrayOutputStream(bytes.length * 3 + 256);
            DataOutputStream out = new DataOutputStream(buffer);
            out.writeUTF(MAGIC);
            bytes(out, build);
            bytes(out, bytes);
            write(out, doc.root());
            write(out, doc.valuePositions());
            write(out, doc.keyPositions());
            out.flush();
            CRC32 crc = new CRC32();
            crc.update(buffer.toByteArray());
            out.writeLong(crc.getValue());
            out.flush();
            Files.createDirectories(dir);
            // written whole, then renamed: a reader sees all of it or nothing; another text with the same file
            // name is replaced (one of them is kept)
            ValidationMemo.writeWhole(file(bytes), buffer.toByteArray());
        } catch (IOException | RuntimeException e) {
            // not kept: the next command parses again
        }
    }

    /** The file of a text: named by a 64-bit FNV-1a hash of the build and the text (a shared name only means one of two is kept). */
    private Path file(byte[] text) {
        return InstalledBuild.entryFile(dir, build, text);
    }

    private static void write(DataOutputStream out, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                out.writeByte('O');
                out.writeInt(node.size());
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> f = it.next();
                    string(out, f.getKey());
                    write(out, f.getValue());
                }
            }
            case ARRAY -> {
                out.writeByte('A');
                out.writeInt(node.size());
                for (JsonNode item : node) {
                    write(out, item);
                }
            }
            case NULL -> out.writeByte('N');
            case BOOLEAN -> out.writeByte(node.booleanValue() ? 'T' : 'F');
            case STRING -> {
                out.writeByte('S');
                string(out, node.textValue());
            }
            case NUMBER -> {
                switch (node.numberType()) {
                    case INT -> {
                        out.writeByte('i');
                        out.writeInt(node.intValue());
                    }
                    case LONG -> {
                        out.writeByte('l');
                        out.writeLong(node.longValue());
                    }
                    case BIG_INTEGER -> {
                        out.writeByte('b');
                        string(out, node.bigIntegerValue().toString());
                    }
                    case DOUBLE -> {
                        out.writeByte('d');
                        out.writeLong(Double.doubleToRawLongBits(node.doubleValue()));
                    }
                    default -> throw new IllegalArgumentException("not kept: " + node.numberType());
                }
            }
            default -> throw new IllegalArgumentException("not kept: " + node.getNodeType());
        }
    }

    private static JsonNode node(DataInputStream in, int depth) throws IOException {
        if (depth > 10_000) {
            throw new IOException("too deep");
        }
        int tag = in.readByte();
        switch (tag) {
            case 'O' -> {
                ObjectNode object = NODES.objectNode();
                int n = in.readInt();
                for (int i = 0; i < n; i++) {
                    String key = string(in);
                    if (object.has(key)) {
                        throw new IOException("duplicate key");
                    }
                    object.set(key, node(in, depth + 1));
                }
                return object;
            }
            case 'A' -> {
                ArrayNode array = NODES.arrayNode();
                int n = in.readInt();
                for (int i = 0; i < n; i++) {
                    array.add(node(in, depth + 1));
                }
                return array;
            }
            case 'N' -> {
                return NODES.nullNode();
            }
            case 'T' -> {
                return NODES.booleanNode(true);
            }
            case 'F' -> {
                return NODES.booleanNode(false);
            }
            case 'S' -> {
                return NODES.textNode(string(in));
            }
            case 'i' -> {
                return NODES.numberNode(in.readInt());
            }
            case 'l' -> {
                return NODES.numberNode(in.readLong());
            }
            case 'b' -> {
                return NODES.numberNode(new BigInteger(string(in)));
            }
            case 'd' -> {
                return NODES.numberNode(Double.valueOf(Double.longBitsToDouble(in.readLong())));
            }
            default -> throw new IOException("unknown node " + tag);
        }
    }

    private static void write(DataOutputStream out, Map<String, Position> positions) throws IOException {
        out.writeInt(positions.size());
        for (Map.Entry<String, Position> e : positions.entrySet()) {
            string(out, e.getKey());
            out.writeInt(e.getValue().line());
            out.writeInt(e.getValue().column());
        }
    }

    private static Map<String, Position> positions(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IOException("bad count");
        }
        Map<String, Position> positions = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            String key = string(in);
            if (positions.put(key, new Position(in.readInt(), in.readInt())) != null) {
                throw new IOException("duplicate position");
            }
        }
        return positions;
    }

    /** A string as its UTF-16 units, exactly (a value may hold any character a YAML escape can write). */
    private static void string(DataOutputStream out, String s) throws IOException {
        out.writeInt(s.length());
        out.writeChars(s);
    }

    private static String string(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available() / 2) {
            throw new IOException("bad length");
        }
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = in.readChar();
        }
        return new String(c);
    }

    private static void bytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] bytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IOException("bad length");
        }
        return in.readNBytes(n);
    }
}
