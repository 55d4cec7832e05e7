package io.productionmanager.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Resolves a production into its final configuration by laying, lowest first: built-in defaults,
 * the machine's resources, its job-type override, its execution/outputs defaults, the production
 * file, and command-line flags. A production's own value always beats a machine value.
 */
public final class ConfigResolver {

    private static final Pattern FLAG_KEY = Pattern.compile("^[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*$");
    static final String BUILT_IN = "built-in";
    static final String VERSION_FLAG_KEY = "production.version";
    static final String COMMAND = "execution.command";
    static final String CHECK_COMMAND = "outputs.validation.check_command";
    static final String FILENAME = "outputs.filename";

    private final Path configDir;
    private SchemaValidator productionSchema;
    private SchemaValidator machineSchema;
    private YamlDocument builtIn;

    public ConfigResolver(Path configDir) {
        this.configDir = configDir;
    }

    public Path configDir() {
        return configDir;
    }

    /** Directory of production files, {@code configDir/productions}. */
    public Path productionsDir() {
        return configDir.resolve("productions");
    }

    /** Names of the machines that have a defaults file, sorted. */
    public List<String> machines() {
        return stems(configDir.resolve("defaults"));
    }

    /**
     * Resolves production {@code nameOrFile} (a name in {@code config/productions}, or a file path) for
     * {@code machine}, with {@code flagOverrides} (dotted key, e.g. {@code production.version}, to value).
     *
     * @throws ConfigException with every problem found
     */
    public ResolvedConfig resolve(String nameOrFile, String machine, Map<String, String> flagOverrides) {
        Path file = locate(nameOrFile);
        byte[] bytes = read(file);
        YamlDocument prod = YamlLoader.parse(new String(bytes, StandardCharsets.UTF_8), display(file));
        List<ConfigProblem> problems = new ArrayList<>(checkProduction(prod, file));
        YamlDocument loadedMachine = null;
        try {
            loadedMachine = loadMachine(machine);
            problems.addAll(machineSchema().validate(loadedMachine));
            problems.addAll(commandProblems(loadedMachine));
            // the production's own job type can be checked now, so it is reported with the other problems
            JsonNode ownJobType = prod.root().path("execution").path("job_type");
            JsonNode known = loadedMachine.root().path("job_type_overrides");
            if (ownJobType.isTextual() && known.isObject() && !known.has(ownJobType.asText())) {
                problems.add(prod.problemAtValue("execution.job_type", unknownJobType(ownJobType.asText(), machine, known)));
            }
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        final YamlDocument mach = loadedMachine;

        Map<String, String> flags = flagOverrides == null ? Map.of() : flagOverrides;
        List<FlagValue> flagValues = parseFlags(flags, problems);
        String jobType = jobType(prod, mach, flagValues);
        JsonNode overrides = mach.root().path("job_type_overrides");
        String machineLabel = display(machineFile(machine)).toString();

        LayeredTree tree = new LayeredTree();
        tree.apply(builtIn().root(), "", BUILT_IN, builtIn(), "");
        tree.apply(mach.root().get("resources"), "resources", machineLabel, mach, "resources");
        JsonNode override = overrides.get(jobType);
        if (override != null) {
            String overridePath = "job_type_overrides." + jobType;
            override.fields().forEachRemaining(f -> {
                // timeout_hours is the only override key outside resources
                String target = f.getKey().equals("timeout_hours") ? "execution.timeout_hours" : "resources." + f.getKey();
                tree.apply(f.getValue(), target, machineLabel, mach, FieldPaths.child(overridePath, f.getKey()));
            });
        }
        tree.apply(mach.root().get("execution"), "execution", machineLabel, mach, "execution");
        tree.apply(mach.root().get("outputs"), "outputs", machineLabel, mach, "outputs");
        tree.apply(prod.root(), "", prod.file().toString(), prod, "");
        for (FlagValue f : flagValues) {
            tree.set(f.key(), f.value(), new LayeredTree.Origin(f.label(), null, f.key()));
        }

        problems.addAll(productionSchema().validate(tree.root(), tree));
        if (override == null && !problems.stream().anyMatch(p -> p.field().equals("execution.job_type"))) {
            problems.add(tree.problemAtValue("execution.job_type", unknownJobType(jobType, machine, overrides)));
        }
        JsonNode params = tree.get("science.catalog_params");
        List<String> command = commandWords(tree, COMMAND, params, problems);
        List<String> check = commandWords(tree, CHECK_COMMAND, params, problems);
        JsonNode filename = tree.get(FILENAME);
        if (filename != null && filename.isTextual()) {
            String problem = filenameProblem(filename.asText(), tree.get("science.redshifts"));
            if (problem != null) {
                problems.add(tree.problemAtValue(FILENAME, problem));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        List<ConfigProblem> warnings = new ArrayList<>();
        if (command.isEmpty()) {
            JsonNode executor = tree.get("execution.executor");
            warnings.add(prod.problemAtKey(COMMAND, "required for machine '" + machine + "' (executor "
                    + (executor == null ? "?" : executor.asText()) + "): neither " + prod.file() + " nor "
                    + machineLabel + " sets a job command; the bundled toy generator is the default on machine 'local' only"));
        }

        // a relative base_path is relative to the folder that holds the configuration folder, never to the
        // working folder (a command run elsewhere must find the same production); pin it now
        String basePath = tree.get("outputs.base_path").asText();
        Path absoluteBase = baseDirOf(configDir).resolve(basePath).normalize();
        LayeredTree.Origin baseOrigin = tree.origin("outputs.base_path");
        tree.set("outputs.base_path", TextNode.valueOf(absoluteBase.toString()), baseOrigin);

        ObjectNode ordered = (ObjectNode) productionSchema().canonicalOrder(tree.root());
        Path sourceFile = file.toAbsolutePath().normalize();
        ProductionConfig config = ConfigBinder.bind(ordered, machine, sourceFile, command, check);
        return new ResolvedConfig(config, ConfigBinder.plainMap(ordered), orderedSources(tree, ordered), sha256(bytes),
                List.copyOf(warnings));
    }

    /**
     * Checks one production file on its own (YAML, schema, name matching the file name, command words),
     * without any machine; used to list productions.
     *
     * @return every problem found, empty when the file is valid on its own
     */
    public List<ConfigProblem> check(Path file) {
        try {
            YamlDocument prod = YamlLoader.parse(new String(read(file), StandardCharsets.UTF_8), display(file));
            return checkProduction(prod, file);
        } catch (ConfigException e) {
            return e.problems();
        }
    }

    /** The folder a relative {@code outputs.base_path} is resolved against: the one holding the configuration folder. */
    public static Path baseDirOf(Path configDir) {
        Path abs = configDir.toAbsolutePath().normalize();
        return abs.getParent() != null ? abs.getParent() : abs;
    }

    /** True when {@code nameOrFile} names a file rather than a production. */
    public static boolean looksLikePath(String nameOrFile) {
        return nameOrFile.contains("/") || nameOrFile.contains(java.io.File.separator)
                || nameOrFile.endsWith(".yaml") || nameOrFile.endsWith(".yml");
    }

    /** The production file for a name ({@code config/productions/NAME.yaml}) or a path. */
    public Path locate(String nameOrFile) {
        if (looksLikePath(nameOrFile)) {
            Path file = Path.of(nameOrFile);
            if (!Files.isRegularFile(file)) {
                throw new ConfigException(new ConfigProblem(null, 0, 0, "production", "file not found: " + nameOrFile));
            }
            return file;
        }
        if (!ProductionName.isValid(nameOrFile)) {
            throw new ConfigException(new ConfigProblem(null, 0, 0, "production",
                    "invalid production name '" + nameOrFile + "': use letters, digits, '_', '.' and '-' (no '/', spaces or '..')"));
        }
        Path file = productionsDir().resolve(nameOrFile + ".yaml");
        if (!Files.isDirectory(configDir)) {
            // the usual cause is running from another folder: say so rather than "no production named ..."
            throw new ConfigException(new ConfigProblem(null, 0, 0, "--config-dir", "configuration folder "
                    + configDir.toAbsolutePath().normalize() + " does not exist (run from the project folder,"
                    + " or give --config-dir DIR)"));
        }
        if (!Files.isRegularFile(file)) {
            List<String> known = stems(productionsDir());
            throw new ConfigException(new ConfigProblem(null, 0, 0, "production", "no production named '" + nameOrFile + "' ("
                    + display(file) + " does not exist; available: " + (known.isEmpty() ? "none" : String.join(", ", known)) + ")"));
        }
        return file;
    }

    /** {@code file} as shown to users: relative to the config dir's parent when it lies below it. */
    public Path display(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        Path base = configDir.toAbsolutePath().normalize().getParent();
        if (base != null && abs.startsWith(base)) {
            return base.relativize(abs);
        }
        return file.normalize();
    }

    private List<ConfigProblem> checkProduction(YamlDocument prod, Path file) {
        List<ConfigProblem> problems = new ArrayList<>(productionSchema().validate(prod));
        // a file in config/productions is found by its name, so its name must match the file name
        Path dir = file.toAbsolutePath().normalize().getParent();
        JsonNode name = prod.root().path("production").path("name");
        if (dir != null && dir.equals(productionsDir().toAbsolutePath().normalize()) && name.isTextual()
                && ProductionName.isValid(name.asText())) {
            String stem = ProductionName.stem(file);
            if (!name.asText().equals(stem)) {
                problems.add(prod.problemAtValue("production.name", "name '" + name.asText()
                        + "' does not match the file name '" + file.getFileName() + "' (expected '" + stem + "')"));
            }
        }
        problems.addAll(commandProblems(prod));
        return problems;
    }

    private static String unknownJobType(String jobType, String machine, JsonNode overrides) {
        List<String> known = new ArrayList<>();
        overrides.fieldNames().forEachRemaining(known::add);
        return "unknown job type '" + jobType + "' for machine '" + machine
                + "' (known: " + (known.isEmpty() ? "none" : String.join(", ", known)) + ")";
    }

    /**
     * Problems with the command words and the output file name a document sets itself, so they are reported
     * with the other problems (the keys {@code {param.NAME}} refers to are checked once the levels are merged).
     */
    private static List<ConfigProblem> commandProblems(YamlDocument doc) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (String field : List.of(COMMAND, CHECK_COMMAND)) {
            JsonNode command = at(doc.root(), field);
            if (command.isTextual() && !(field.equals(CHECK_COMMAND) && command.asText().isBlank())) {
                try {
                    CommandTokenizer.tokenize(command.asText());
                } catch (IllegalArgumentException e) {
                    problems.add(doc.problemAtValue(field, e.getMessage()));
                }
            }
        }
        JsonNode filename = at(doc.root(), FILENAME);
        // a '/' or a control character is the schema's to report
        if (filename.isTextual() && filename.asText().matches("[^/\\x00-\\x1F\\x7F]+")) {
            try {
                OutputFilename.parse(filename.asText());
            } catch (IllegalArgumentException e) {
                problems.add(doc.problemAtValue(FILENAME, e.getMessage()));
            }
        }
        return problems;
    }

    private static JsonNode at(JsonNode root, String dotted) {
        JsonNode node = root;
        for (String part : dotted.split("\\.")) {
            node = node.path(part);
        }
        return node;
    }

    /**
     * The words of a merged command field (empty when it is absent, or a blank check_command); a tokenizing
     * problem, or a {@code {param.NAME}} naming no key of {@code science.catalog_params}, is added to {@code problems}.
     */
    private static List<String> commandWords(LayeredTree tree, String field, JsonNode params, List<ConfigProblem> problems) {
        JsonNode node = tree.get(field);
        if (node == null || !node.isTextual() || (field.equals(CHECK_COMMAND) && node.asText().isBlank())) {
            return List.of();
        }
        List<String> words;
        try {
            words = CommandTokenizer.tokenize(node.asText());
        } catch (IllegalArgumentException e) {
            problems.add(tree.problemAtValue(field, e.getMessage()));
            return List.of();
        }
        for (String name : CommandTokenizer.paramNames(words)) {
            if (params == null || !params.has(name)) {
                List<String> keys = new ArrayList<>();
                if (params != null) {
                    params.fieldNames().forEachRemaining(keys::add);
                }
                problems.add(tree.problemAtValue(field, "unknown placeholder '{" + CommandTokenizer.PARAM_PREFIX + name
                        + "}': science.catalog_params has no key '" + name + "' (keys: "
                        + (keys.isEmpty() ? "none" : String.join(", ", keys)) + ")"));
            }
        }
        return words;
    }

    /** Null when {@code filename} is usable for these redshifts, else what is wrong. */
    private static String filenameProblem(String filename, JsonNode redshifts) {
        try {
            OutputFilename name = OutputFilename.parse(filename);
            if (redshifts != null && redshifts.size() > 1 && !name.distinguishesRedshifts()) {
                return "'" + filename + "' would give every redshift of a realization the same file;"
                        + " use {redshift} or {job_id} in it";
            }
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private YamlDocument loadMachine(String machine) {
        if (machine == null || !ProductionName.isValid(machine) || !Files.isRegularFile(machineFile(machine))) {
            List<String> known = machines();
            throw new ConfigException(new ConfigProblem(null, 0, 0, "machine", "unknown machine '" + machine + "' (available: "
                    + (known.isEmpty() ? "none in " + configDir.resolve("defaults") : String.join(", ", known)) + ")"));
        }
        Path file = machineFile(machine);
        return YamlLoader.load(file, display(file));
    }

    private Path machineFile(String machine) {
        return configDir.resolve("defaults").resolve(machine + ".yaml");
    }

    /** The job type in force: flags, then the production, then the machine's execution defaults, then built-in. */
    private String jobType(YamlDocument prod, YamlDocument mach, List<FlagValue> flags) {
        for (FlagValue f : flags) {
            if (f.key().equals("execution.job_type")) {
                return f.value().asText();
            }
        }
        for (JsonNode root : List.of(prod.root(), mach.root(), builtIn().root())) {
            JsonNode jt = root.path("execution").path("job_type");
            if (jt.isTextual()) {
                return jt.asText();
            }
        }
        return "";
    }

    private record FlagValue(String key, JsonNode value, String label) {
    }

    private List<FlagValue> parseFlags(Map<String, String> flags, List<ConfigProblem> problems) {
        List<FlagValue> values = new ArrayList<>();
        new TreeSet<>(flags.keySet()).forEach(key -> {
            String label = key.equals(VERSION_FLAG_KEY) ? "--version" : "--set " + key;
            if (!FLAG_KEY.matcher(key).matches()) {
                problems.add(new ConfigProblem(null, 0, 0, key, "not a configuration key (" + label + ")"));
                return;
            }
            String raw = flags.get(key);
            JsonNode value;
            if (key.equals(VERSION_FLAG_KEY) || raw == null || raw.isBlank()) {
                // a version is always text: 2.0 must stay "2.0"
                value = TextNode.valueOf(raw == null ? "" : raw);
            } else {
                try {
                    value = YamlLoader.parse(raw, Path.of(label)).root();
                } catch (ConfigException e) {
                    value = TextNode.valueOf(raw);
                }
            }
            values.add(new FlagValue(key, value, label));
        });
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return values;
    }

    private static Map<String, String> orderedSources(LayeredTree tree, JsonNode ordered) {
        Map<String, String> all = tree.sources();
        Map<String, String> out = new java.util.LinkedHashMap<>();
        collectOrder(ordered, "", all, out);
        return java.util.Collections.unmodifiableMap(out);
    }

    private static void collectOrder(JsonNode node, String path, Map<String, String> all, Map<String, String> out) {
        if (node.isObject() && !node.isEmpty()) {
            node.fields().forEachRemaining(f -> collectOrder(f.getValue(), FieldPaths.child(path, f.getKey()), all, out));
        } else {
            out.put(path, all.getOrDefault(path, "unknown"));
        }
    }

    SchemaValidator productionSchema() {
        if (productionSchema == null) {
            productionSchema = SchemaValidator.load(configDir, "production_schema.yaml");
        }
        return productionSchema;
    }

    private SchemaValidator machineSchema() {
        if (machineSchema == null) {
            machineSchema = SchemaValidator.load(configDir, "machine_schema.yaml");
        }
        return machineSchema;
    }

    /** The built-in default (builtin-defaults.yaml) at a dotted path such as {@code outputs.base_path}. */
    public String builtInDefault(String dotted) {
        return at(builtIn().root(), dotted).asText();
    }

    private YamlDocument builtIn() {
        if (builtIn == null) {
            try (InputStream in = ConfigResolver.class.getResourceAsStream("/builtin-defaults.yaml")) {
                if (in == null) {
                    throw new IllegalStateException("builtin-defaults.yaml missing from the application");
                }
                builtIn = YamlLoader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), Path.of(BUILT_IN));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return builtIn;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException(new ConfigProblem(file, 0, 0, "", "cannot read file: " + e.getMessage()));
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static List<String> stems(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".yaml") && Files.isRegularFile(f))
                    .map(ProductionName::stem).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
