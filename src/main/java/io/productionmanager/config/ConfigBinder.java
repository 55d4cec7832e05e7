package io.productionmanager.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds a {@link ProductionConfig} from a merged, schema-valid configuration tree. */
final class ConfigBinder {

    private ConfigBinder() {
    }

    /**
     * Binds {@code tree}; {@code command} and {@code checkCommand} are the already tokenized words of
     * {@code execution.command} and {@code outputs.validation.check_command} (empty when absent).
     */
    static ProductionConfig bind(JsonNode tree, String machine, Path sourceFile, List<String> command,
                                 List<String> checkCommand) {
        JsonNode p = tree.path("production");
        JsonNode s = tree.path("science");
        JsonNode e = tree.path("execution");
        JsonNode rp = e.path("retry_policy");
        JsonNode r = tree.path("resources");
        JsonNode o = tree.path("outputs");
        JsonNode cp = o.path("cleanup_policy");
        JsonNode v = o.path("validation");

        ProductionConfig.Science science = new ProductionConfig.Science(
                text(s, "cosmology"),
                doubles(s.path("redshifts")),
                s.path("realizations").path("start").asInt(0),
                s.path("realizations").path("count").asInt(0),
                s.path("realizations").path("step").asInt(1),
                plainMap(s.path("catalog_params")));
        ProductionConfig.RetryPolicy retry = new ProductionConfig.RetryPolicy(
                rp.path("max_retries").asInt(),
                rp.path("backoff_multiplier").asDouble(),
                rp.path("initial_delay_minutes").asDouble(),
                rp.path("max_delay_minutes").asDouble(),
                rp.path("timeout_factor").asDouble(),
                rp.path("max_timeout_hours").asDouble(),
                rp.path("memory_factor").asDouble(),
                rp.path("max_memory_gb").asDouble(),
                ints(rp.path("no_retry_exit_codes")),
                rp.path("lost_grace_minutes").asDouble(),
                rp.path("max_free_requeues").asInt(3));
        ProductionConfig.Execution execution = new ProductionConfig.Execution(
                text(e, "job_type"),
                e.path("batch_size").asInt(),
                e.path("timeout_hours").asDouble(),
                retry,
                List.copyOf(command),
                text(e, "executor"),
                e.path("auto_submit").asBoolean(true),
                e.path("max_queued").asInt(),
                e.path("submit_rate_per_second").asDouble(),
                e.path("array_throttle").asInt(0),
                e.path("local_parallelism").asInt(0));
        ProductionConfig.Resources resources = new ProductionConfig.Resources(
                text(r, "account"),
                text(r, "partition"),
                text(r, "qos"),
                text(r, "constraint"),
                r.path("nodes_per_job").asInt(0),
                r.path("tasks_per_node").asInt(0),
                r.path("cpus_per_task").asInt(0),
                r.path("gpus_per_node").asInt(0),
                r.path("memory_gb").asDouble(0),
                r.path("max_array_size").asInt(0));
        ProductionConfig.Outputs outputs = new ProductionConfig.Outputs(
                Path.of(o.path("base_path").asText(".")),
                text(o, "structure"),
                text(o, "compression"),
                new ProductionConfig.CleanupPolicy(cp.path("keep_logs_days").asInt(0),
                        cp.path("keep_intermediate").asBoolean(false), cp.path("archive_completed").asBoolean(false)),
                o.path("filename").asText(),
                new ProductionConfig.Validation(v.path("format").asText(ProductionConfig.Validation.HDF5),
                        strings(v.path("required_datasets")), v.path("min_bytes").asLong(1), checkCommand));
        List<String> tags = new ArrayList<>();
        p.path("tags").forEach(t -> tags.add(t.asText()));
        return new ProductionConfig(text(p, "name"), text(p, "version"), text(p, "description"), List.copyOf(tags),
                machine, sourceFile, science, execution, resources, outputs);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static List<Double> doubles(JsonNode array) {
        List<Double> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asDouble()));
        return List.copyOf(out);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return List.copyOf(out);
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asInt()));
        return List.copyOf(out);
    }

    /** A Jackson tree as plain Java values: maps (in order), lists, String, Integer/Long/Double, Boolean. */
    static Object plain(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isObject()) {
            return plainMap(node);
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(v -> list.add(plain(v)));
            return list;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToInt() ? (Object) node.intValue() : (Object) node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return node.asText();
    }

    static Map<String, Object> plainMap(JsonNode node) {
        Map<String, Object> map = new LinkedHashMap<>();
        node.fields().forEachRemaining(f -> map.put(f.getKey(), plain(f.getValue())));
        return map;
    }
}
