package io.productionmanager.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A resolved production: the typed configuration, the merged tree it was bound from, the source of every
 * leaf, and the SHA-256 of the production file's bytes.
 *
 * @param config  the typed configuration
 * @param tree    the merged configuration, nested maps with snake_case keys (base_path absolute)
 * @param sources dotted path of every leaf to the source that set it ({@code built-in},
 *                {@code config/defaults/nersc.yaml}, {@code config/productions/alpha.yaml}, {@code --version}, ...)
 * @param sha256  hex SHA-256 of the production file as read
 * @param warnings problems that do not make the configuration invalid but that {@code init} refuses
 *                 (a missing {@code execution.command}); {@code validate} prints them
 */
public record ResolvedConfig(ProductionConfig config, Map<String, Object> tree, Map<String, String> sources, String sha256,
                             List<ConfigProblem> warnings) {

    /** Top-level key of the provenance block {@link #toYaml()} appends to the merged tree. */
    public static final String RESOLVED_KEY = "resolved";

    /**
     * The datasets every production initialized before {@code outputs.validation} existed was validated
     * against (those of the toy generator, the only ones the validator knew then).
     */
    static final List<String> LEGACY_REQUIRED_DATASETS = List.of("x", "y", "z", "magnitude");

    /** The output file name of every production initialized before {@code outputs.filename} existed. */
    static final String LEGACY_FILENAME = "mock_z{redshift}.hdf5";

    /** Source label of the values a production initialized before they existed is given when read back. */
    public static final String MIGRATED = "migrated (initialized before this key existed)";

    /** Without warnings. */
    public ResolvedConfig(ProductionConfig config, Map<String, Object> tree, Map<String, String> sources, String sha256) {
        this(config, tree, sources, sha256, List.of());
    }

    /**
     * The merged tree as YAML, followed by a {@code resolved} block (machine, source file, SHA-256,
     * sources); this is what {@code metadata/production_config.yaml} holds and what
     * {@link #fromResolvedYaml(Path)} reads back.
     */
    public String toYaml() {
        Map<String, Object> doc = new LinkedHashMap<>(tree);
        Map<String, Object> resolved = new LinkedHashMap<>();
        resolved.put("machine", config.machine());
        resolved.put("source_file", config.sourceFile() == null ? null : config.sourceFile().toString());
        resolved.put("sha256", sha256);
        resolved.put("sources", new LinkedHashMap<>(sources));
        doc.put(RESOLVED_KEY, resolved);
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setWidth(120);
        return "# Resolved production configuration (every level of precedence applied). Do not edit.\n"
                + new Yaml(options).dump(doc);
    }

    /**
     * Rebuilds a resolved configuration from a file written by {@link #toYaml()}, without re-resolving
     * (machine files or flags may have changed since).
     *
     * @throws ConfigException if the file is malformed or not a valid resolved configuration
     */
    public static ResolvedConfig fromResolvedYaml(Path productionConfigYaml) {
        YamlDocument doc = YamlLoader.load(productionConfigYaml, productionConfigYaml);
        if (!doc.root().isObject() || !doc.root().path(RESOLVED_KEY).isObject()) {
            throw new ConfigException(doc.problemAtValue(RESOLVED_KEY, "not a resolved configuration: the '" + RESOLVED_KEY + "' block is missing"));
        }
        ObjectNode tree = ((ObjectNode) doc.root()).deepCopy();
        JsonNode resolved = tree.remove(RESOLVED_KEY);
        Map<String, String> migrated = migrate(tree);
        List<ConfigProblem> problems = new ArrayList<>(SchemaValidator.bundled("production_schema.yaml").validate(tree, doc));
        for (String key : List.of("machine", "source_file", "sha256")) {
            if (!resolved.path(key).isTextual()) {
                problems.add(doc.problemAtKey(RESOLVED_KEY, "'" + RESOLVED_KEY + "." + key + "' is missing"));
            }
        }
        List<String> command = words(doc, problems, "execution.command", tree.path("execution").path("command"));
        List<String> check = words(doc, problems, ConfigResolver.CHECK_COMMAND,
                tree.path("outputs").path("validation").path("check_command"));
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        Map<String, String> sources = new LinkedHashMap<>();
        resolved.path("sources").fields().forEachRemaining(f -> sources.put(f.getKey(), f.getValue().asText()));
        sources.putAll(migrated);
        ProductionConfig config = ConfigBinder.bind(tree, resolved.get("machine").asText(),
                Path.of(resolved.get("source_file").asText()), command, check);
        return new ResolvedConfig(config, ConfigBinder.plainMap(tree), Map.copyOf(sources), resolved.get("sha256").asText());
    }

    private static List<String> words(YamlDocument doc, List<ConfigProblem> problems, String field, JsonNode node) {
        if (!node.isTextual() || node.asText().isBlank()) {
            return List.of();
        }
        try {
            return CommandTokenizer.tokenize(node.asText());
        } catch (IllegalArgumentException e) {
            problems.add(doc.problemAtValue(field, e.getMessage()));
            return List.of();
        }
    }

    /**
     * Gives a configuration written before {@code outputs.filename} and {@code outputs.validation} existed the
     * values it was run with then: the toy generator's file name and datasets. Returns the keys it set, with
     * their source label.
     */
    private static Map<String, String> migrate(ObjectNode tree) {
        Map<String, String> set = new LinkedHashMap<>();
        JsonNode outputsNode = tree.get("outputs");
        if (!(outputsNode instanceof ObjectNode outputs)) {
            return set;
        }
        if (!outputs.has("filename")) {
            outputs.put("filename", LEGACY_FILENAME);
            set.put("outputs.filename", MIGRATED);
        }
        if (!outputs.has("validation")) {
            ObjectNode v = outputs.putObject("validation");
            v.put("format", ProductionConfig.Validation.HDF5);
            LEGACY_REQUIRED_DATASETS.forEach(v.putArray("required_datasets")::add);
            v.put("min_bytes", 1);
            v.put("check_command", "");
            for (String key : List.of("format", "required_datasets", "min_bytes", "check_command")) {
                set.put("outputs.validation." + key, MIGRATED);
            }
        }
        return set;
    }
}
