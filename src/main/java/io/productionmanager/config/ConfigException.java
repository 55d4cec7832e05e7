package io.productionmanager.config;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a configuration is invalid; carries every problem found, sorted by file and line. */
public class ConfigException extends RuntimeException {

    private static final Comparator<ConfigProblem> ORDER = Comparator
            .comparing((ConfigProblem p) -> p.file() == null ? "" : p.file().toString())
            .thenComparingInt(ConfigProblem::line)
            .thenComparingInt(ConfigProblem::column)
            .thenComparing(p -> p.field() == null ? "" : p.field());

    private final List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(render(sorted(problems)));
        this.problems = sorted(problems);
    }

    public ConfigException(ConfigProblem problem) {
        this(List.of(problem));
    }

    /** Every problem, sorted by file, line and column. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    private static List<ConfigProblem> sorted(List<ConfigProblem> problems) {
        return problems.stream().distinct().sorted(ORDER).toList();
    }

    private static String render(List<ConfigProblem> problems) {
        return problems.stream().map(ConfigProblem::toString).collect(Collectors.joining(System.lineSeparator()));
    }
}
