package io.productionmanager.config;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The one rule for production (and machine) names: the schema's {@code production.name} pattern, the
 * resolver, the workspace and the batch scripts all use it; a name is a folder name, so no {@code ..}.
 */
public final class ProductionName {

    /** The pattern as written in {@code production_schema.yaml} ({@code production.name}). */
    public static final String REGEX = "^(?!.*\\.\\.)[A-Za-z0-9][A-Za-z0-9_.-]*$";

    public static final Pattern PATTERN = Pattern.compile(REGEX);

    private ProductionName() {
    }

    /** True when {@code name} is a valid production name. */
    public static boolean isValid(String name) {
        return name != null && PATTERN.matcher(name).matches();
    }

    /** The name a production file gives: its file name without the extension ({@code lensing.yaml} → {@code lensing}). */
    public static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
