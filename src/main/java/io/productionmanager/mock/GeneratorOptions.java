package io.productionmanager.mock;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Command-line options of {@link MockCatalogGenerator}, parsed strictly (every bad value names its option).
 *
 * @param realization        realization number (non-negative)
 * @param redshift           snapshot redshift (non-negative)
 * @param output             final path of the HDF5 catalog
 * @param attempt            attempt number of this run (1 = first)
 * @param rows               number of galaxies to draw
 * @param failOnAttempts     attempts on which the run fails without output
 * @param failExitCode       exit code used for those failures
 * @param failRealizationsMod when positive, only realizations with {@code R % M == 0} fail
 * @param noOutput           exit 0 without writing anything
 * @param exitCode           exit code to end with after writing (null: 0)
 * @param sleepSeconds       seconds to sleep before writing
 * @param seedBase           base of the seed, so two productions draw different catalogs
 */
public record GeneratorOptions(
        int realization,
        double redshift,
        Path output,
        int attempt,
        int rows,
        Set<Integer> failOnAttempts,
        int failExitCode,
        int failRealizationsMod,
        boolean noOutput,
        Integer exitCode,
        double sleepSeconds,
        long seedBase) {

    static final String USAGE = "usage: MockCatalogGenerator --realization R --redshift Z --output PATH"
            + " [--attempt N] [--rows N] [--fail-on-attempts 1,2] [--fail-exit-code C]"
            + " [--fail-realizations-mod M] [--no-output] [--exit-code C] [--sleep-seconds S] [--seed-base B]";

    /** A command line that cannot be run; the message names the option. */
    public static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    /** True when this run must fail (without output) because of the failure switches. */
    public boolean failsThisAttempt() {
        boolean realizationSelected = failRealizationsMod <= 0 || realization % failRealizationsMod == 0;
        return realizationSelected && failOnAttempts.contains(attempt);
    }

    /** Parses {@code args}; throws {@link UsageException} naming the offending option. */
    public static GeneratorOptions parse(String[] args) throws UsageException {
        Integer realization = null;
        Double redshift = null;
        Path output = null;
        int attempt = 1;
        int rows = 5000;
        Set<Integer> failOn = new LinkedHashSet<>();
        int failExit = 1;
        int failMod = 0;
        boolean noOutput = false;
        Integer exitCode = null;
        double sleep = 0;
        long seedBase = 0;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            String value = null;
            int eq = option.indexOf('=');
            if (option.startsWith("--") && eq > 0) {
                value = option.substring(eq + 1);
                option = option.substring(0, eq);
            }
            if (option.equals("--no-output")) {
                noOutput = true;
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException(option + ": missing value");
                }
                value = args[++i];
            }
            switch (option) {
                case "--realization" -> realization = nonNegativeInt(option, value);
                case "--redshift" -> redshift = nonNegativeDouble(option, value);
                case "--output" -> output = path(option, value);
                case "--attempt" -> attempt = positiveInt(option, value);
                case "--rows" -> rows = nonNegativeInt(option, value);
                case "--fail-on-attempts" -> failOn = attemptList(option, value);
                case "--fail-exit-code" -> failExit = exitCode(option, value);
                case "--fail-realizations-mod" -> failMod = positiveInt(option, value);
                case "--exit-code" -> exitCode = exitCode(option, value);
                case "--sleep-seconds" -> sleep = nonNegativeDouble(option, value);
                case "--seed-base" -> seedBase = parseLong(option, value);
                default -> throw new UsageException("unknown option '" + option + "'");
            }
        }
        if (realization == null) {
            throw new UsageException("--realization is required");
        }
        if (redshift == null) {
            throw new UsageException("--redshift is required");
        }
        if (output == null) {
            throw new UsageException("--output is required");
        }
        return new GeneratorOptions(realization, redshift, output, attempt, rows, Set.copyOf(failOn), failExit,
                failMod, noOutput, exitCode, sleep, seedBase);
    }

    private static Path path(String option, String value) throws UsageException {
        if (value.isBlank()) {
            throw new UsageException(option + ": empty path");
        }
        return Path.of(value);
    }

    private static int nonNegativeInt(String option, String value) throws UsageException {
        int n = parseInt(option, value);
        if (n < 0) {
            throw new UsageException(option + ": must be >= 0, got '" + value + "'");
        }
        return n;
    }

    private static int positiveInt(String option, String value) throws UsageException {
        int n = parseInt(option, value);
        if (n < 1) {
            throw new UsageException(option + ": must be >= 1, got '" + value + "'");
        }
        return n;
    }

    private static int exitCode(String option, String value) throws UsageException {
        int n = parseInt(option, value);
        if (n < 0 || n > 255) {
            throw new UsageException(option + ": exit code must be 0..255, got '" + value + "'");
        }
        return n;
    }

    private static Set<Integer> attemptList(String option, String value) throws UsageException {
        Set<Integer> attempts = new LinkedHashSet<>();
        for (String part : value.split(",")) {
            attempts.add(positiveInt(option, part.trim()));
        }
        return attempts;
    }

    private static int parseInt(String option, String value) throws UsageException {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(option + ": not an integer: '" + value + "'");
        }
    }

    private static long parseLong(String option, String value) throws UsageException {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(option + ": not an integer: '" + value + "'");
        }
    }

    private static double nonNegativeDouble(String option, String value) throws UsageException {
        double d;
        try {
            d = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(option + ": not a number: '" + value + "'");
        }
        if (!(d >= 0) || Double.isInfinite(d)) {
            throw new UsageException(option + ": must be a finite number >= 0, got '" + value + "'");
        }
        return d;
    }
}
