package io.productionmanager.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The productions in {@code config/productions}, each with whether it is valid. */
public final class ProductionRegistry {

    /**
     * One production file.
     *
     * @param name  the file stem, which is the production's name
     * @param file  the file as shown to users (relative to the config dir's parent)
     * @param error null when valid; otherwise every problem, one per line
     */
    public record Entry(String name, Path file, String error) {

        public boolean valid() {
            return error == null;
        }

        /** The first problem's line, or null when valid. */
        public String firstProblem() {
            return error == null ? null : error.lines().findFirst().orElse("");
        }

        public int problemCount() {
            return error == null ? 0 : (int) error.lines().count();
        }
    }

    private final ConfigResolver resolver;

    public ProductionRegistry(Path configDir) {
        this.resolver = new ConfigResolver(configDir);
    }

    /** Every production file, sorted by name, checked on its own (no machine). */
    public List<Entry> list() {
        return list(null);
    }

    /** Every production file, sorted by name, fully resolved for {@code machine} (null: checked on its own). */
    public List<Entry> list(String machine) {
        List<Entry> entries = new ArrayList<>();
        for (Path file : files()) {
            List<ConfigProblem> problems;
            if (machine == null) {
                problems = resolver.check(file);
            } else {
                try {
                    resolver.resolve(file.toString(), machine, null);
                    problems = List.of();
                } catch (ConfigException e) {
                    problems = e.problems();
                }
            }
            String error = problems.isEmpty() ? null
                    : problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
            entries.add(new Entry(ProductionName.stem(file), resolver.display(file), error));
        }
        return entries;
    }

    private List<Path> files() {
        Path dir = resolver.productionsDir();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml") && Files.isRegularFile(f)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
