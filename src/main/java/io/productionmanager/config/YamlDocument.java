package io.productionmanager.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.Map;

/**
 * A parsed YAML file as a Jackson tree, with the position of every key and value by dotted field path.
 *
 * @param file          the file as shown to the user (relative where possible)
 * @param root          the content as a Jackson tree
 * @param valuePositions position of each value, by dotted path ({@code ""} for the root)
 * @param keyPositions   position of each mapping key, by the dotted path of the value it names
 */
public record YamlDocument(Path file, JsonNode root, Map<String, Position> valuePositions,
                           Map<String, Position> keyPositions) implements Locator {

    /** Position of the value at {@code path}, or of the closest enclosing value that has one. */
    public Position valuePosition(String path) {
        for (String p = path; ; p = FieldPaths.parent(p)) {
            Position pos = valuePositions.get(p);
            if (pos != null) {
                return pos;
            }
            if (p.isEmpty()) {
                return new Position(1, 1);
            }
        }
    }

    /** Position of the key naming {@code path}; falls back to the value's position (e.g. for list items). */
    public Position keyPosition(String path) {
        Position pos = keyPositions.get(path);
        return pos != null ? pos : valuePosition(path);
    }

    /** A problem located at the value of {@code path}. */
    @Override
    public ConfigProblem problemAtValue(String path, String message) {
        Position p = valuePosition(path);
        return new ConfigProblem(file, p.line(), p.column(), path, message);
    }

    /** A problem located at the key of {@code path}. */
    @Override
    public ConfigProblem problemAtKey(String path, String message) {
        Position p = keyPosition(path);
        return new ConfigProblem(file, p.line(), p.column(), path, message);
    }
}
