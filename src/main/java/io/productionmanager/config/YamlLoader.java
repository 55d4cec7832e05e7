package io.productionmanager.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses YAML with snakeyaml's node API into a {@link YamlDocument}, so every value keeps its line
 * and column; malformed YAML and duplicate keys become {@link ConfigProblem}s.
 */
public final class YamlLoader {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private YamlLoader() {
    }

    /** Reads and parses {@code file}; problems name {@code displayFile}. */
    public static YamlDocument load(Path file, Path displayFile) {
        return parse(read(file, displayFile), displayFile);
    }

    /** Reads {@code file} as {@link #load} does, without parsing it; problems name {@code displayFile}. */
    public static String read(Path file, Path displayFile) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(new ConfigProblem(displayFile, 0, 0, "", "cannot read file: " + e));
        }
    }

    /**
     * Parses {@code text}; problems name {@code displayFile}. A text parsed without problems before by this build
     * is answered from {@link ParsedYamlCache} when it holds it.
     */
    public static YamlDocument parse(String text, Path displayFile) {
        return parse(text, displayFile, ParsedYamlCache.shared());
    }

    /** As {@link #parse(String, Path)}, with results kept in {@code cache} (null: none). */
    static YamlDocument parse(String text, Path displayFile, ParsedYamlCache cache) {
        YamlDocument kept = cache == null ? null : cache.find(text, displayFile);
        if (kept != null) {
            return kept;
        }
        YamlDocument doc = parseText(text, displayFile);
        if (cache != null) {
            cache.remember(text, doc);
        }
        return doc;
    }

    /** Parses {@code text} with the YAML parser; problems name {@code displayFile}. */
    static YamlDocument parseText(String text, Path displayFile) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowRecursiveKeys(false);
        options.setProcessComments(false);
        Node node;
        try {
            // the composer alone (no Yaml facade): fewer classes to load keeps the CLI start fast
            node = new Composer(new ParserImpl(new StreamReader(text), options), new Resolver(), options).getSingleNode();
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
            if (e.getContext() != null) {
                Mark started = e.getContextMark();
                // the context mark says where the unfinished construct began, often the real mistake
                String where = started != null && started != mark
                        ? " (started at line " + (started.getLine() + 1) + ", column " + (started.getColumn() + 1) + ")" : "";
                what = e.getContext() + where + ": " + what;
            }
            int line = mark == null ? 0 : mark.getLine() + 1;
            int col = mark == null ? 0 : mark.getColumn() + 1;
            throw new ConfigException(new ConfigProblem(displayFile, line, col, "", "malformed YAML: " + oneLine(what)));
        } catch (YAMLException e) {
            throw new ConfigException(new ConfigProblem(displayFile, 0, 0, "", "malformed YAML: " + oneLine(e.getMessage())));
        }
        if (node == null) {
            throw new ConfigException(new ConfigProblem(displayFile, 1, 1, "", "the file is empty"));
        }
        Converter converter = new Converter(displayFile, options);
        JsonNode root = converter.convert(node, "");
        if (!converter.problems.isEmpty()) {
            throw new ConfigException(converter.problems);
        }
        return new YamlDocument(displayFile, root, Map.copyOf(converter.values), Map.copyOf(converter.keys));
    }

    private static String oneLine(String s) {
        return s == null ? "unknown error" : s.replaceAll("\\s+", " ").trim();
    }

    private static Position pos(Node n) {
        return new Position(n.getStartMark().getLine() + 1, n.getStartMark().getColumn() + 1);
    }

    /** Walks a node graph into Jackson nodes, recording positions and structural problems. */
    private static final class Converter {
        private final Path file;
        private final SafeConstructor scalars;
        private final Map<String, Position> values = new HashMap<>();
        private final Map<String, Position> keys = new HashMap<>();
        private final List<ConfigProblem> problems = new ArrayList<>();

        Converter(Path file, LoaderOptions options) {
            this.file = file;
            this.scalars = new SafeConstructor(options);
        }

        JsonNode convert(Node node, String path) {
            values.putIfAbsent(path, pos(node));
            if (node instanceof MappingNode map) {
                return mapping(map, path);
            }
            if (node instanceof SequenceNode seq) {
                ArrayNode array = NODES.arrayNode();
                List<Node> items = seq.getValue();
                for (int i = 0; i < items.size(); i++) {
                    array.add(convert(items.get(i), FieldPaths.item(path, i)));
                }
                return array;
            }
            return scalar((ScalarNode) node, path);
        }

        private ObjectNode mapping(MappingNode map, String path) {
            ObjectNode object = NODES.objectNode();
            Map<String, Position> seen = new HashMap<>();
            for (NodeTuple tuple : map.getValue()) {
                Node keyNode = tuple.getKeyNode();
                Position keyPos = pos(keyNode);
                if (!(keyNode instanceof ScalarNode scalarKey)) {
                    problems.add(new ConfigProblem(file, keyPos.line(), keyPos.column(), path, "a key must be a plain name"));
                    continue;
                }
                String key = scalarKey.getValue();
                String child = FieldPaths.child(path, key);
                if (Tag.MERGE.equals(keyNode.getTag())) {
                    problems.add(new ConfigProblem(file, keyPos.line(), keyPos.column(), child, "merge keys ('<<') are not supported"));
                    continue;
                }
                Position first = seen.putIfAbsent(key, keyPos);
                if (first != null) {
                    problems.add(new ConfigProblem(file, keyPos.line(), keyPos.column(), child,
                            "duplicate key '" + key + "' (first defined at line " + first.line() + ")"));
                    continue;
                }
                keys.put(child, keyPos);
                object.set(key, convert(tuple.getValueNode(), child));
            }
            return object;
        }

        private JsonNode scalar(ScalarNode node, String path) {
            Tag tag = node.getTag();
            try {
                if (Tag.NULL.equals(tag)) {
                    return NODES.nullNode();
                }
                if (Tag.BOOL.equals(tag)) {
                    return NODES.booleanNode((Boolean) scalars.new ConstructYamlBool().construct(node));
                }
                if (Tag.INT.equals(tag)) {
                    Object n = scalars.new ConstructYamlInt().construct(node);
                    if (n instanceof Integer i) {
                        return NODES.numberNode(i);
                    }
                    if (n instanceof Long l) {
                        return NODES.numberNode(l);
                    }
                    return NODES.numberNode((BigInteger) n);
                }
                if (Tag.FLOAT.equals(tag)) {
                    return NODES.numberNode((Double) scalars.new ConstructYamlFloat().construct(node));
                }
            } catch (RuntimeException e) {
                // a scalar snakeyaml resolved as a number but cannot convert stays text; the schema judges it
                return NODES.textNode(node.getValue());
            }
            return NODES.textNode(node.getValue());
        }
    }
}
