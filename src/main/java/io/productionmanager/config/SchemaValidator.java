package io.productionmanager.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a {@link YamlDocument} against a JSON Schema written in YAML and turns every violation into a
 * {@link ConfigProblem} at the offending node's line and column.
 */
public final class SchemaValidator {

    /** Plain-words explanations of the patterns used in the schemas. */
    private static final Map<String, String> PATTERN_HINTS = Map.of(
            ProductionName.REGEX,
            "must start with a letter or digit and contain only letters, digits, '_', '.' and '-' (no '/', spaces or '..')",
            "^[A-Za-z0-9][A-Za-z0-9_.-]*$",
            "must start with a letter or digit and contain only letters, digits, '_', '.' and '-'",
            "^[A-Za-z0-9][A-Za-z0-9_.+-]*$",
            "must start with a letter or digit and contain only letters, digits, '_', '.', '+' and '-'",
            "^[A-Za-z0-9][A-Za-z0-9_.,:+-]*$",
            "is written into a batch script, so it must start with a letter or digit and contain only letters, digits and _ . , : + -",
            "^[^\\x00-\\x1F\\x7F]+$",
            "must not contain newlines or other control characters",
            "^[^/\\x00-\\x1F\\x7F]+$",
            "is a file name: it must not contain '/', newlines or other control characters",
            "^(?!\\s*$)[^\\x00-\\x1F\\x7F]+$",
            "must not be blank nor contain newlines or other control characters");

    /** A pattern that lists the allowed words, {@code ^(a|b|c)$}, used instead of enum (see the schema header). */
    private static final java.util.regex.Pattern WORD_LIST = java.util.regex.Pattern.compile("\\^\\(([A-Za-z0-9_|-]+)\\)\\$");

    /** The schema as written (YAML), parsed on first use: a validation the memo answers needs only the text. */
    private final String schemaText;
    private final Path schemaFile;
    private final ValidationMemo memo;
    private JsonNode schemaRoot;
    /** Built on the first validation the memo does not answer. */
    private JsonSchema schema;

    /**
     * The schema written in {@code schemaText} (YAML; problems in it name {@code schemaFile}), remembering passes
     * in {@code memo} (null: none).
     */
    SchemaValidator(String schemaText, Path schemaFile, ValidationMemo memo) {
        this.schemaText = schemaText;
        this.schemaFile = schemaFile;
        this.memo = memo;
    }

    private synchronized JsonNode schemaRoot() {
        if (schemaRoot == null) {
            schemaRoot = YamlLoader.parse(schemaText, schemaFile).root();
        }
        return schemaRoot;
    }

    /** True once the JSON-schema validator was built (a validation the memo did not answer). */
    synchronized boolean built() {
        return schema != null;
    }

    private synchronized JsonSchema schema() {
        if (schema == null) {
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().build();
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaRoot(), config);
        }
        return schema;
    }

    /**
     * Loads schema {@code fileName} (e.g. {@code production_schema.yaml}) from {@code configDir/schemas},
     * or the copy bundled with the application when the config dir has none.
     */
    public static SchemaValidator load(Path configDir, String fileName) {
        Path file = configDir.resolve("schemas").resolve(fileName);
        if (Files.isRegularFile(file)) {
            return new SchemaValidator(YamlLoader.read(file, file), file, ValidationMemo.shared());
        }
        try (InputStream in = SchemaValidator.class.getResourceAsStream("/schemas/" + fileName)) {
            if (in == null) {
                throw new IllegalStateException("bundled schema missing: " + fileName);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new SchemaValidator(text, Path.of("built-in:" + fileName), ValidationMemo.shared());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read bundled schema " + fileName, e);
        }
    }

    /** The schema bundled with the application, whatever the config dir holds. */
    public static SchemaValidator bundled(String fileName) {
        return load(Path.of("/nonexistent-config-dir"), fileName);
    }

    /** A copy of {@code tree} with the keys of every mapping in the order the schema declares them. */
    public JsonNode canonicalOrder(JsonNode tree) {
        return reorder(tree, schemaRoot());
    }

    private JsonNode reorder(JsonNode node, JsonNode schemaNode) {
        if (!node.isObject()) {
            return node.deepCopy();
        }
        schemaNode = deref(schemaNode);
        JsonNode props = schemaNode == null ? null : schemaNode.get("properties");
        com.fasterxml.jackson.databind.node.ObjectNode out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        if (props != null) {
            props.fieldNames().forEachRemaining(name -> {
                if (node.has(name)) {
                    out.set(name, reorder(node.get(name), props.get(name)));
                }
            });
        }
        node.fields().forEachRemaining(f -> {
            if (!out.has(f.getKey())) {
                out.set(f.getKey(), f.getValue().deepCopy());
            }
        });
        return out;
    }

    private JsonNode deref(JsonNode schemaNode) {
        // local references only ("#/$defs/name"), which is all these schemas use
        while (schemaNode != null && schemaNode.has("$ref") && schemaNode.get("$ref").asText().startsWith("#/")) {
            JsonNode target = schemaRoot();
            for (String part : schemaNode.get("$ref").asText().substring(2).split("/")) {
                target = target == null ? null : target.get(part);
            }
            schemaNode = target;
        }
        return schemaNode;
    }

    /** Every violation in {@code doc}; empty when it is valid. */
    public List<ConfigProblem> validate(YamlDocument doc) {
        return validate(doc.root(), doc);
    }

    /** Every violation in {@code tree}, located through {@code doc}'s positions. */
    public List<ConfigProblem> validate(JsonNode tree, Locator doc) {
        // a document that passed this schema before (in this build) passes again: no validator to build
        byte[] key = memo == null ? null : memo.key(schemaText, tree);
        if (key != null && memo.passed(key)) {
            return new ArrayList<>();
        }
        Set<ValidationMessage> messages = schema().validate(tree);
        List<ConfigProblem> problems = new ArrayList<>();
        for (ValidationMessage m : messages) {
            problems.add(toProblem(m, doc));
        }
        if (key != null && problems.isEmpty()) {
            memo.remember(key);
        }
        return problems;
    }

    private ConfigProblem toProblem(ValidationMessage m, Locator doc) {
        String path = dotted(m.getInstanceLocation());
        String type = m.getType();
        JsonNode value = m.getInstanceNode();
        switch (type) {
            case "required": {
                // a missing key has no position of its own: point at the key of the mapping that lacks it
                ConfigProblem at = doc.problemAtKey(path, "");
                return new ConfigProblem(at.file(), at.line(), at.column(), FieldPaths.child(path, m.getProperty()),
                        "required key '" + m.getProperty() + "' is missing");
            }
            case "additionalProperties": {
                String key = m.getProperty();
                String unknown = FieldPaths.child(path, key);
                Set<String> allowed = allowedKeys(m);
                String message = "unknown key '" + key + "'";
                String suggestion = Suggestions.closest(key, allowed);
                if (suggestion != null) {
                    message += " (did you mean '" + suggestion + "'?)";
                } else if (!allowed.isEmpty()) {
                    message += " (allowed: " + String.join(", ", allowed) + ")";
                }
                return doc.problemAtKey(unknown, message);
            }
            case "propertyNames": {
                return doc.problemAtKey(FieldPaths.child(path, m.getProperty() == null ? "" : m.getProperty()), "invalid name: " + detail(m));
            }
            case "type":
                return doc.problemAtValue(path, "expected " + m.getArguments()[1] + ", found " + m.getArguments()[0]
                        + (value != null && value.isValueNode() ? " " + describe(value) : ""));
            case "pattern": {
                String pattern = String.valueOf(m.getArguments()[0]);
                java.util.regex.Matcher words = WORD_LIST.matcher(pattern);
                if (words.matches()) {
                    return doc.problemAtValue(path, describe(value) + " is not one of " + words.group(1).replace("|", ", "));
                }
                String hint = PATTERN_HINTS.getOrDefault(pattern, "must match " + pattern);
                return doc.problemAtValue(path, describe(value) + " is not allowed: " + hint);
            }
            case "enum":
                return doc.problemAtValue(path, describe(value) + " is not one of " + enumValues(m));
            case "minimum":
                return doc.problemAtValue(path, "must be >= " + m.getArguments()[0] + ", found " + describe(value));
            case "exclusiveMinimum":
                return doc.problemAtValue(path, "must be > " + m.getArguments()[0] + ", found " + describe(value));
            case "maximum":
                return doc.problemAtValue(path, "must be <= " + m.getArguments()[0] + ", found " + describe(value));
            case "minItems":
                return doc.problemAtValue(path, "must have at least " + m.getArguments()[0] + " item(s)");
            case "uniqueItems":
                return doc.problemAtValue(path, "items must be unique");
            case "minLength":
                return doc.problemAtValue(path, "must not be empty");
            default:
                return doc.problemAtValue(path, detail(m));
        }
    }

    /** The keys the schema object around a failing keyword declares under {@code properties}. */
    private Set<String> allowedKeys(ValidationMessage m) {
        JsonNodePath fragment = m.getSchemaLocation().getFragment();
        JsonNode node = schemaRoot();
        // the fragment ends with the failing keyword; its parent is the object schema
        for (int i = 0; i < fragment.getNameCount() - 1 && node != null; i++) {
            Object element = fragment.getElement(i);
            node = element instanceof Integer index ? node.get(index) : node.get(String.valueOf(element));
        }
        Set<String> keys = new TreeSet<>();
        if (node != null && node.has("properties")) {
            Iterator<String> names = node.get("properties").fieldNames();
            names.forEachRemaining(keys::add);
        }
        return keys;
    }

    private static String enumValues(ValidationMessage m) {
        JsonNode values = m.getSchemaNode();
        if (values == null || !values.isArray()) {
            return String.valueOf(m.getArguments()[0]);
        }
        List<String> names = new ArrayList<>();
        values.forEach(v -> names.add(v.asText()));
        return String.join(", ", names);
    }

    private static String detail(ValidationMessage m) {
        String msg = m.getMessage();
        String location = m.getInstanceLocation().toString();
        if (msg.startsWith(location + ": ")) {
            msg = msg.substring(location.length() + 2);
        }
        return msg;
    }

    /** A value as shown in a message: strings quoted, other kinds with their kind. */
    static String describe(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        if (value.isTextual()) {
            return "'" + value.asText() + "'";
        }
        if (value.isNull()) {
            return "null (an empty value)";
        }
        if (value.isObject()) {
            return "a mapping";
        }
        if (value.isArray()) {
            return "a list";
        }
        if (value.isBoolean()) {
            return "boolean " + value.asText();
        }
        return value.asText();
    }

    /** Converts a validator instance location ({@code $.a.b[0]}) to a dotted field path. */
    static String dotted(JsonNodePath location) {
        String path = "";
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            path = element instanceof Integer index ? FieldPaths.item(path, index) : FieldPaths.child(path, String.valueOf(element));
        }
        return path;
    }
}
