package io.productionmanager.stage;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.ParseException;
import freemarker.core.PlainTextOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import io.productionmanager.config.ProductionConfig;
import io.productionmanager.executor.BatchFiles;
import io.productionmanager.files.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a batch's array script (from the user-editable FreeMarker template) and its task manifest
 * under {@code <production>/logs/}, as {@code docs/batch-scripts.md} describes.
 */
public final class ScriptRenderer {

    /** File name of the template, looked up in the template directory, then on the classpath. */
    public static final String TEMPLATE_NAME = "slurm_array.sh.ftl";

    /** Classpath location of the bundled template, used when the template directory has none. */
    public static final String BUNDLED_TEMPLATE = "templates/" + TEMPLATE_NAME;

    /** Exit code of a task whose id is missing, malformed or beyond the manifest. */
    public static final int EXIT_BAD_TASK = 97;

    private static final Logger LOG = LoggerFactory.getLogger(ScriptRenderer.class);

    private static final com.fasterxml.jackson.core.JsonFactory JSON = new com.fasterxml.jackson.core.JsonFactory();

    private final Path templateDir;
    private final Configuration freemarker;

    /**
     * A renderer reading {@value #TEMPLATE_NAME} from {@code templateDir} (e.g. {@code config/templates}),
     * or from the bundled copy when that directory or file does not exist; null means bundled only.
     */
    public ScriptRenderer(Path templateDir) {
        this.templateDir = templateDir == null ? null : templateDir.toAbsolutePath().normalize();
        this.freemarker = configure(this.templateDir);
    }

    private static Configuration configure(Path templateDir) {
        Configuration c = new Configuration(Configuration.VERSION_2_3_35);
        c.setDefaultEncoding(StandardCharsets.UTF_8.name());
        c.setLocale(Locale.ROOT);
        c.setNumberFormat("computer");
        c.setOutputFormat(PlainTextOutputFormat.INSTANCE);
        c.setTagSyntax(Configuration.ANGLE_BRACKET_TAG_SYNTAX);
        // [=x] interpolation leaves bash's ${...} alone, so the template reads as the script it produces.
        c.setInterpolationSyntax(Configuration.SQUARE_BRACKET_INTERPOLATION_SYNTAX);
        c.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        c.setLogTemplateExceptions(false);
        c.setWrapUncheckedExceptions(true);
        c.setFallbackOnNullLoopVariable(false);
        // The template is user-editable: it may not instantiate classes.
        c.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        c.setAPIBuiltinEnabled(false);
        // An edited template takes effect at the next stage without a restart.
        c.setTemplateUpdateDelayMilliseconds(0);
        c.setTemplateLoader(loader(templateDir));
        return c;
    }

    private static TemplateLoader loader(Path templateDir) {
        ClassTemplateLoader bundled = new ClassTemplateLoader(ScriptRenderer.class.getClassLoader(), "templates");
        if (templateDir == null || !Files.isDirectory(templateDir)) {
            return bundled;
        }
        try {
            MultiTemplateLoader multi = new MultiTemplateLoader(
                    new TemplateLoader[] {new FileTemplateLoader(templateDir.toFile()), bundled});
            // Not sticky: a template added to the directory later is found on the next render.
            multi.setSticky(false);
            return multi;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the template directory " + templateDir, e);
        }
    }

    /** Where the template comes from right now: the file in the template directory, or the bundled copy. */
    public String templateOrigin() {
        if (templateDir != null && Files.isRegularFile(templateDir.resolve(TEMPLATE_NAME))) {
            return templateDir.resolve(TEMPLATE_NAME).toString();
        }
        return "classpath:" + BUNDLED_TEMPLATE;
    }

    /** The four-digit (or wider) batch label used in file and job names, e.g. 7 → {@code 0007}. */
    public static String batchLabel(int batchNumber) {
        if (batchNumber < 0) {
            throw new IllegalArgumentException("batch number must not be negative, got " + batchNumber);
        }
        return String.format(Locale.ROOT, "%04d", batchNumber);
    }

    /** The SLURM job name of a batch: {@code pm_<production>_bNNNN}. */
    public static String jobName(String production, int batchNumber) {
        SafeValues.requireProductionName(production);
        return SafeValues.requireResource("job name", "pm_" + production + "_b" + batchLabel(batchNumber));
    }

    /**
     * Writes {@code logs/batch_NNNN.tasks} and {@code logs/batch_NNNN.sh} (mode 755) under
     * {@code productionDir}, each atomically; rendering the same batch again writes the same bytes.
     *
     * @param appJar the application jar for {@code {app_jar}} in the command; may be null if unused
     * @throws IllegalArgumentException  naming the field, for any value that may not be written
     * @throws ScriptTemplateException   if the template cannot be parsed or rendered
     * @throws UncheckedIOException      if the files cannot be written
     */
    public RenderedBatch render(ProductionConfig cfg, Path productionDir, int batchNumber, List<TaskSpec> tasks,
                                BatchResources res, Path appJar) {
        try (AtomicFiles.Group files = AtomicFiles.group()) {
            RenderedBatch batch = render(cfg, productionDir, batchNumber, tasks, res, appJar, files);
            files.commit();
            return batch;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write batch " + batchLabel(batchNumber) + " under "
                    + productionDir.resolve("logs"), e);
        }
    }

    /**
     * The same, but the two files are written into {@code group} and are in place only once the caller
     * commits it (many batches are then flushed to disk together).
     */
    public RenderedBatch render(ProductionConfig cfg, Path productionDir, int batchNumber, List<TaskSpec> tasks,
                                BatchResources res, Path appJar, AtomicFiles.Group group) {
        if (tasks == null || tasks.isEmpty()) {
            throw new IllegalArgumentException("batch " + batchNumber + ": a batch needs at least one task");
        }
        if (res == null) {
            throw new IllegalArgumentException("batch " + batchNumber + ": resources are missing");
        }
        ProductionConfig.Resources r = cfg.resources();
        if (r.maxArraySize() > 0 && tasks.size() > r.maxArraySize()) {
            throw new IllegalArgumentException("batch " + batchNumber + ": " + tasks.size()
                    + " tasks exceed resources.max_array_size " + r.maxArraySize());
        }
        String label = batchLabel(batchNumber);
        String jobName = jobName(cfg.name(), batchNumber);
        Path logs = SafeValues.requireSbatchPath("outputs.base_path",
                productionDir.toAbsolutePath().normalize().resolve("logs"));
        BatchFiles files = BatchFiles.forNewBatch(logs, "batch_" + label);
        Path script = files.script();
        Path manifest = files.manifest();
        String arraySpec = arraySpec(tasks.size(), cfg.execution().arrayThrottle());

        Map<String, Object> model = new LinkedHashMap<>();
        model.put("production", cfg.name());
        model.put("batch", label);
        model.put("jobName", jobName);
        model.put("arraySpec", arraySpec);
        model.put("taskCount", String.valueOf(tasks.size()));
        model.put("stdoutPath", files.stdoutPattern());
        model.put("stderrPath", files.stderrPattern());
        putResource(model, "account", "resources.account", r.account());
        putResource(model, "partition", "resources.partition", r.partition());
        putResource(model, "qos", "resources.qos", r.qos());
        putResource(model, "constraint", "resources.constraint", r.constraint());
        putCount(model, "nodes", "resources.nodes_per_job", r.nodesPerJob());
        putCount(model, "ntasksPerNode", "resources.tasks_per_node", r.tasksPerNode());
        putCount(model, "cpusPerTask", "resources.cpus_per_task", r.cpusPerTask());
        putCount(model, "gpusPerNode", "resources.gpus_per_node", r.gpusPerNode());
        if (res.memoryGb() > 0) {
            model.put("mem", SlurmFormats.memory(res.memoryGb()));
        }
        if (res.timeoutHours() > 0) {
            model.put("time", SlurmFormats.time(res.timeoutHours()));
        }
        // the folder of the task markers (named so in templates written before per-batch folders)
        model.put("logsDirQuoted", CommandRenderer.singleQuote(files.markersDir().toString()));
        model.put("manifestQuoted", CommandRenderer.singleQuote(manifest.toString()));
        Map<String, Object> params = cfg.science().catalogParams() == null ? Map.of() : cfg.science().catalogParams();
        model.put("command", CommandRenderer.render("execution.command", cfg.execution().command(), appJar, params));
        List<String> check = cfg.outputs().validation() == null ? List.of() : cfg.outputs().validation().checkCommand();
        if (!check.isEmpty()) {
            model.put("checkCommand", CommandRenderer.render("outputs.validation.check_command", check, appJar, params));
        }
        // the science parameters every task gets in its environment
        model.put("cosmologyQuoted", CommandRenderer.singleQuote(CommandRenderer.valueText("science.cosmology",
                cfg.science().cosmology() == null ? "" : cfg.science().cosmology())));
        model.put("catalogParamsQuoted", CommandRenderer.singleQuote(catalogParamsJson(params)));
        model.put("compressionQuoted", CommandRenderer.singleQuote(CommandRenderer.valueText("outputs.compression",
                cfg.outputs().compression() == null ? "" : cfg.outputs().compression())));

        // Values cannot hold a carriage return (all are validated), so any comes from a CRLF-edited template.
        String scriptText = renderTemplate(model).replace("\r\n", "\n");
        StringBuilder manifestText = new StringBuilder(tasks.size() * 64);
        for (TaskSpec task : tasks) {
            manifestText.append(task.manifestLine()).append('\n');
        }
        try {
            for (Path folder : files.folders()) {
                Files.createDirectories(folder);
            }
            // Manifest first: a script on disk always has its manifest.
            group.write(manifest, manifestText.toString(), "rw-r--r--");
            group.write(script, scriptText, "rwxr-xr-x");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write batch " + label + " under " + logs, e);
        }
        LOG.debug("Wrote {} ({} tasks, --array={})", script, tasks.size(), arraySpec);
        return new RenderedBatch(batchNumber, jobName, script, manifest, arraySpec, tasks.size(), res);
    }

    /**
     * {@code science.catalog_params} as one line of JSON (the value of {@code PM_CATALOG_PARAMS}), written with the
     * streaming generator: the YAML values are maps, lists, strings, numbers, booleans and nulls.
     */
    static String catalogParamsJson(Map<String, Object> params) {
        StringWriter out = new StringWriter();
        try (com.fasterxml.jackson.core.JsonGenerator g = JSON.createGenerator(out)) {
            writeJson(g, params);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("science.catalog_params: cannot be written as JSON: " + e.getMessage(), e);
        }
        return out.toString();
    }

    private static void writeJson(com.fasterxml.jackson.core.JsonGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                writeJson(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof Iterable<?> list) {
            g.writeStartArray();
            for (Object item : list) {
                writeJson(g, item);
            }
            g.writeEndArray();
        } else if (value instanceof String text) {
            g.writeString(text);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            g.writeNumber(((Number) value).longValue());
        } else if (value instanceof java.math.BigInteger big) {
            g.writeNumber(big);
        } else if (value instanceof java.math.BigDecimal dec) {
            g.writeNumber(dec);
        } else if (value instanceof Double d) {
            g.writeNumber(d);
        } else if (value instanceof Float f) {
            g.writeNumber(f);
        } else {
            // anything else YAML can hold (a timestamp, binary data) is written as its text
            g.writeString(value.toString());
        }
    }

    /** The {@code --array} value for {@code n} tasks: {@code 0-(n-1)}, plus {@code %throttle} when set. */
    public static String arraySpec(int taskCount, int throttle) {
        if (taskCount <= 0) {
            throw new IllegalArgumentException("an array needs at least one task, got " + taskCount);
        }
        if (throttle < 0) {
            throw new IllegalArgumentException("execution.array_throttle must be 0 (none) or positive, got " + throttle);
        }
        return "0-" + (taskCount - 1) + (throttle > 0 ? "%" + throttle : "");
    }

    private static void putResource(Map<String, Object> model, String key, String field, String value) {
        if (value != null && !value.isBlank()) {
            model.put(key, SafeValues.requireResource(field, value));
        }
    }

    private static void putCount(Map<String, Object> model, String key, String field, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must be 0 (not requested) or positive, got " + value);
        }
        if (value > 0) {
            model.put(key, String.valueOf(value));
        }
    }

    private String renderTemplate(Map<String, Object> model) {
        String origin = templateOrigin();
        Template template;
        try {
            template = freemarker.getTemplate(TEMPLATE_NAME);
        } catch (ParseException e) {
            throw new ScriptTemplateException("batch script template " + origin + ", line " + e.getLineNumber()
                    + ": " + oneLine(e.getEditorMessage()), e);
        } catch (IOException e) {
            throw new ScriptTemplateException("cannot load the batch script template " + origin + ": " + e.getMessage(), e);
        }
        StringWriter out = new StringWriter(4096);
        try {
            template.process(model, out);
        } catch (TemplateException e) {
            throw new ScriptTemplateException("batch script template " + origin + ", line " + e.getLineNumber()
                    + ": " + oneLine(e.getMessageWithoutStackTop()), e);
        } catch (IOException e) {
            throw new ScriptTemplateException("cannot render the batch script template " + origin, e);
        }
        return out.toString();
    }

    /** FreeMarker's message on one line, without its tips (the first "----" starts them). */
    static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        int tips = message.indexOf("\n----");
        String head = tips >= 0 ? message.substring(0, tips) : message;
        return head.replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
