package io.productionmanager.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.productionmanager.config.ConfigResolver;
import io.productionmanager.config.ResolvedConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code validate}: resolves a production for a machine and reports every problem, or the resolved values. */
@Command(name = "validate", header = "Check a production's configuration and show what it resolves to.",
        footer = {"", "A warning (e.g. no execution.command on a slurm machine, which init refuses) is printed on stderr",
                "and does not change the exit code.",
                "Exit codes: 0 valid, 2 invalid (every problem is printed on stderr, one per line), 1 runtime error."})
public class ValidateCommand implements Callable<Integer> {

    @ParentCommand
    ProductionManagerCommand parent;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME|FILE", description = "Production name (config/productions/NAME.yaml) or file path.")
    String production;

    @Option(names = "--show-resolved", description = "Print every resolved value with the source that set it.")
    boolean showResolved;

    @Option(names = "--json", description = "Print the resolved configuration and sources as JSON.")
    boolean json;

    @Option(names = "--version", paramLabel = "VERSION", description = "Production version to resolve with (as init --version would).")
    String version;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override any value by its dotted key, e.g. --set execution.batch_size=500.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Override
    public Integer call() throws JsonProcessingException {
        return run(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** The command, printing on {@code out} and {@code err} (also run without the picocli model: {@link QuickCommands}). */
    Integer run(PrintWriter out, PrintWriter err) throws JsonProcessingException {
        ConfigResolver resolver = new ConfigResolver(parent.configDir());
        Map<String, String> flags = new LinkedHashMap<>(overrides);
        if (version != null) {
            flags.put("production.version", version);
        }
        ResolvedConfig resolved = resolver.resolve(production, parent.machine(), flags);
        // valid, but init would refuse it: say so on stderr, whatever the output format
        resolved.warnings().forEach(w -> err.println("warning: " + w));
        err.flush();
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("config", resolved.tree());
            doc.put("sources", resolved.sources());
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
            out.flush();
            return ExitCodes.OK;
        }
        out.printf("OK: %s (%d jobs, machine %s)%n", resolver.display(resolved.config().sourceFile()),
                resolved.config().science().jobCount(), resolved.config().machine());
        if (showResolved) {
            printResolved(out, resolved);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static void printResolved(PrintWriter out, ResolvedConfig resolved) {
        List<String[]> rows = resolved.sources().entrySet().stream()
                .map(e -> new String[] {e.getKey() + " = " + render(lookup(resolved.tree(), e.getKey())), e.getValue()})
                .toList();
        // align the source comments, but do not let one long value (a command) push every comment far right
        int width = Math.min(56, rows.stream().mapToInt(r -> r[0].length()).max().orElse(0));
        for (String[] row : rows) {
            out.println(String.format("%-" + width + "s    # %s", row[0], row[1]));
        }
    }

    @SuppressWarnings("unchecked")
    private static Object lookup(Map<String, Object> tree, String dotted) {
        Object node = tree;
        for (String part : dotted.split("\\.")) {
            node = node instanceof Map<?, ?> m ? ((Map<String, Object>) m).get(part) : null;
        }
        return node;
    }

    private static String render(Object value) {
        if (value instanceof String s) {
            return s.isEmpty() ? "\"\"" : s;
        }
        if (value instanceof Map<?, ?> m && m.isEmpty()) {
            return "{}";
        }
        return String.valueOf(value);
    }
}
