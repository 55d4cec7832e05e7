package io.productionmanager.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A configuration tree built by laying one level over another (mappings merge, scalars and lists
 * replace), remembering for every leaf which source set it and where.
 */
final class LayeredTree implements Locator {

    /** Where a leaf came from: a source label, and the document and path it was read at (document null for flags). */
    record Origin(String label, YamlDocument doc, String docPath) {
    }

    private final ObjectNode root = JsonNodeFactory.instance.objectNode();
    private final Map<String, Origin> origins = new HashMap<>();

    /**
     * Lays {@code layer} over the tree at {@code targetPath} ({@code ""} for the root).
     *
     * @param docPath where {@code layer} sits inside {@code doc}, to locate problems later
     */
    void apply(JsonNode layer, String targetPath, String label, YamlDocument doc, String docPath) {
        if (layer == null || layer.isMissingNode()) {
            return;
        }
        if (!layer.isObject()) {
            set(targetPath, layer, new Origin(label, doc, docPath));
            return;
        }
        if (layer.isEmpty() && !targetPath.isEmpty() && !(get(targetPath) instanceof ObjectNode)) {
            // an empty mapping (e.g. catalog_params: {}) is still a value worth recording
            set(targetPath, layer, new Origin(label, doc, docPath));
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = layer.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            apply(field.getValue(), FieldPaths.child(targetPath, field.getKey()), label, doc, FieldPaths.child(docPath, field.getKey()));
        }
    }

    /** Sets one value at a dotted path (no list indices), replacing what was there. */
    void set(String path, JsonNode value, Origin origin) {
        String[] parts = path.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (!(child instanceof ObjectNode)) {
                child = node.putObject(parts[i]);
            }
            node = (ObjectNode) child;
        }
        // a replaced mapping drops the origins of the leaves it contained
        origins.keySet().removeIf(p -> p.startsWith(path + ".") || p.startsWith(path + "["));
        node.set(parts[parts.length - 1], value.deepCopy());
        origins.put(path, origin);
    }

    JsonNode get(String path) {
        JsonNode node = root;
        for (String part : path.split("\\.")) {
            node = node == null ? null : node.get(part);
        }
        return node;
    }

    ObjectNode root() {
        return root;
    }

    /** The origin of {@code path} or of its closest ancestor that has one; null if none. */
    Origin origin(String path) {
        for (String p = path; ; p = FieldPaths.parent(p)) {
            Origin o = origins.get(p);
            if (o != null || p.isEmpty()) {
                return o;
            }
        }
    }

    /** Source label of every leaf, by dotted path, in tree order; lists and empty mappings count as leaves. */
    Map<String, String> sources() {
        Map<String, String> sources = new LinkedHashMap<>();
        collect(root, "", sources);
        return sources;
    }

    private void collect(JsonNode node, String path, Map<String, String> sources) {
        if (node.isObject() && !node.isEmpty()) {
            node.fields().forEachRemaining(f -> collect(f.getValue(), FieldPaths.child(path, f.getKey()), sources));
            return;
        }
        Origin o = origin(path);
        sources.put(path, o == null ? "unknown" : o.label());
    }

    @Override
    public ConfigProblem problemAtValue(String path, String message) {
        return locate(path, message, false);
    }

    @Override
    public ConfigProblem problemAtKey(String path, String message) {
        return locate(path, message, true);
    }

    private ConfigProblem locate(String path, String message, boolean key) {
        Origin o = origin(path);
        if (o == null || o.doc() == null) {
            String suffix = o == null ? "" : " (set by " + o.label() + ")";
            return new ConfigProblem(null, 0, 0, path, message + suffix);
        }
        // translate the merged path into the path inside the document the value came from
        String owner = originPath(path);
        String inDoc = o.docPath() + path.substring(owner.length());
        ConfigProblem p = key ? o.doc().problemAtKey(inDoc, message) : o.doc().problemAtValue(inDoc, message);
        return new ConfigProblem(p.file(), p.line(), p.column(), path, message);
    }

    private String originPath(String path) {
        for (String p = path; ; p = FieldPaths.parent(p)) {
            if (origins.containsKey(p) || p.isEmpty()) {
                return p;
            }
        }
    }
}
