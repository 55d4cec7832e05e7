package io.productionmanager.cli;

import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The everyday forms of the read-only commands {@code status}, {@code list} and {@code validate}, run without
 * building picocli's command model (which reads every annotation by reflection and generates proxy classes: most
 * of such a command's start time). Only argument vectors whose meaning is plain are taken: the global options
 * {@code --config-dir/--machine/--state-dir/--catalog} each at most once, with a value ({@code --x V} or
 * {@code --x=V}) that is not empty, not option-like, not quoted and not a command name; the command word; its flags
 * ({@code status}: {@code -v/--verbose}, {@code --all}, {@code --json}; {@code validate}: {@code --show-resolved},
 * {@code --json}), each at most once; and its one NAME ({@code list}: none). Anything else (help, version, other
 * options, {@code @files}, {@code --}, a repeated option, a missing or extra argument, a value picocli would refuse,
 * a {@code picocli.*} system property) is left to picocli ({@link #parse} answers null), so every usage error,
 * help text and refusal is picocli's own. The command then runs exactly as picocli would run it: same fields set,
 * same output streams (picocli's: {@code sun.stdout.encoding} or the default charset, buffered, flushed on println), same
 * handling of a failure ({@link ProductionManagerCommand#handleException(Exception, PrintWriter)}) and exit code.
 * {@code SubcommandSelectionTest} compares both ways on many argument vectors.
 */
final class QuickCommands {

    /** A parsed command, ready to run (a class, not a lambda: nothing to link on the way). */
    static final class Run {
        private final Object command;

        private Run(Object command) {
            this.command = command;
        }

        /** The command's name: status, list or validate. */
        String name() {
            return command instanceof StatusCommand ? "status" : command instanceof ValidateCommand ? "validate" : "list";
        }

        /** Runs the command, printing on {@code out} and {@code err}; the exit code, as picocli's execute gives it. */
        int run(PrintWriter out, PrintWriter err) {
            try {
                if (command instanceof StatusCommand s) {
                    return s.run(out, err);
                }
                if (command instanceof ValidateCommand v) {
                    return v.run(out, err);
                }
                return ((ListCommand) command).run(out, err);
            } catch (Exception e) {
                // as picocli: a failure of the command goes to the execution exception handler
                return ProductionManagerCommand.handleException(e, err);
            }
        }
    }

    private static final List<String> GLOBAL = List.of("--config-dir", "--machine", "--state-dir", "--catalog");

    private QuickCommands() {
    }

    /** The command {@code args} run, when they are one of the plain forms above, else null (picocli parses them). */
    static Run parse(String[] args) {
        return parse(args, null);
    }

    /** As {@link #parse(String[])}, reading environment variables from {@code env} (null: the process's). */
    static Run parse(String[] args, UnaryOperator<String> env) {
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith("picocli.")) {
                return null;
            }
        }
        String[] global = new String[GLOBAL.size()];
        String command = null;
        Set<String> flags = new HashSet<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.isEmpty() || a.charAt(0) == '@') {
                return null;
            }
            int g = GLOBAL.indexOf(a);
            String value = null;
            if (g >= 0) {
                if (i + 1 >= args.length) {
                    return null;
                }
                value = args[++i];
            } else if (a.startsWith("--") && a.indexOf('=') > 0) {
                g = GLOBAL.indexOf(a.substring(0, a.indexOf('=')));
                if (g < 0) {
                    return null;
                }
                value = a.substring(a.indexOf('=') + 1);
            }
            if (g >= 0) {
                // picocli with every command built refuses a global option's value that names a command
                if (global[g] != null || !plainValue(value) || ProductionManagerCommand.SUBCOMMAND_NAMES.contains(value)) {
                    return null;
                }
                global[g] = value;
            } else if (command == null) {
                if (!a.equals("status") && !a.equals("list") && !a.equals("validate")) {
                    return null;
                }
                command = a;
            } else if (a.charAt(0) == '-') {
                String flag = flag(command, a);
                if (flag == null || !flags.add(flag)) {
                    return null;
                }
            } else {
                if (!plainValue(a)) {
                    return null;
                }
                positional.add(a);
            }
        }
        if (command == null || positional.size() != (command.equals("list") ? 0 : 1)) {
            return null;
        }
        ProductionManagerCommand top = new ProductionManagerCommand();
        if (env != null) {
            top.env = env;
        }
        try {
            top.configDir = global[0] == null ? null : Path.of(global[0]);
            top.stateDir = global[2] == null ? null : Path.of(global[2]);
            top.catalog = global[3] == null ? null : Path.of(global[3]);
        } catch (RuntimeException e) {
            // picocli reports the value it cannot convert
            return null;
        }
        top.machine = global[1];
        return new Run(switch (command) {
            case "status" -> status(top, positional.get(0), flags);
            case "validate" -> validate(top, positional.get(0), flags);
            default -> list(top);
        });
    }

    private static StatusCommand status(ProductionManagerCommand top, String name, Set<String> flags) {
        StatusCommand c = new StatusCommand();
        c.parent = top;
        c.production = name;
        c.verbose = flags.contains("--verbose");
        c.all = flags.contains("--all");
        c.json = flags.contains("--json");
        return c;
    }

    private static ValidateCommand validate(ProductionManagerCommand top, String nameOrFile, Set<String> flags) {
        ValidateCommand c = new ValidateCommand();
        c.showResolved = flags.contains("--show-resolved");
        c.json = flags.contains("--json");
        c.production = nameOrFile;
        c.parent = top;
        return c;
    }

    private static ListCommand list(ProductionManagerCommand top) {
        ListCommand c = new ListCommand();
        c.parent = top;
        return c;
    }

    /** The flag {@code arg} sets for {@code command} (its long name), or null when it is not one of the plain ones. */
    private static String flag(String command, String arg) {
        return switch (command) {
            case "status" -> switch (arg) {
                case "-v", "--verbose" -> "--verbose";
                case "--all", "--json" -> arg;
                default -> null;
            };
            case "validate" -> arg.equals("--show-resolved") || arg.equals("--json") ? arg : null;
            default -> null;
        };
    }

    /** A value picocli takes as it is: not empty, not option-like, not quoted (a command name is a value here too). */
    private static boolean plainValue(String v) {
        return !v.isEmpty() && v.charAt(0) != '-' && v.charAt(0) != '@' && v.indexOf('"') < 0 && v.indexOf('\'') < 0;
    }

    /** Standard output as picocli writes it (see {@code CommandLine.getOut}). */
    static PrintWriter out() {
        return writer(System.out, "sun.stdout.encoding");
    }

    /** Standard error as picocli writes it (see {@code CommandLine.getErr}). */
    static PrintWriter err() {
        return writer(System.err, "sun.stderr.encoding");
    }

    private static PrintWriter writer(OutputStream stream, String encodingProperty) {
        return new PrintWriter(new BufferedWriter(new OutputStreamWriter(stream, charset(System.getProperty(encodingProperty)))), true);
    }

    /** picocli's {@code charsetForName}: the named charset ({@code cp65001} is UTF-8), else the default one. */
    private static Charset charset(String name) {
        if (name == null) {
            return Charset.defaultCharset();
        }
        try {
            return Charset.forName("cp65001".equalsIgnoreCase(name) ? "UTF-8" : name);
        } catch (RuntimeException e) {
            return Charset.defaultCharset();
        }
    }
}
