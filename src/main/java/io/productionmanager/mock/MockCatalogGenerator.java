package io.productionmanager.mock;

import java.io.IOException;
import java.io.PrintStream;

/**
 * A toy job for demos and tests: draws a deterministic random galaxy catalog and writes it as HDF5,
 * with switches to fail, skip the output, end with a given exit code or overrun a time limit.
 */
public final class MockCatalogGenerator {

    /** Exit code for a command line that cannot be run. */
    public static final int USAGE_ERROR = 2;
    /** Exit code when the catalog could not be written. */
    public static final int WRITE_ERROR = 74;

    /** Sleeps for the given number of milliseconds (replaced in tests). */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private MockCatalogGenerator() {
    }

    public static void main(String[] args) {
        // jhdf logs every write step at INFO and warns that writing is "alpha"; a task's .err file needs neither
        if (System.getProperty("org.slf4j.simpleLogger.log.io.jhdf") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.io.jhdf", "error");
        }
        System.exit(run(args, System.err, Thread::sleep));
    }

    /** Runs one generation and returns the process exit code; messages go to {@code err}. */
    static int run(String[] args, PrintStream err, Sleeper sleeper) {
        GeneratorOptions options;
        try {
            options = GeneratorOptions.parse(args);
        } catch (GeneratorOptions.UsageException e) {
            err.println("MockCatalogGenerator: " + e.getMessage());
            err.println(GeneratorOptions.USAGE);
            return USAGE_ERROR;
        }
        if (options.failsThisAttempt()) {
            err.println("MockCatalogGenerator: failing attempt " + options.attempt() + " of realization "
                    + options.realization() + " as requested (--fail-on-attempts)");
            return options.failExitCode();
        }
        if (options.sleepSeconds() > 0) {
            try {
                sleeper.sleep(Math.round(options.sleepSeconds() * 1000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                err.println("MockCatalogGenerator: interrupted while sleeping");
                return 130;
            }
        }
        if (!options.noOutput()) {
            MockCatalog catalog = MockCatalog.draw(options.realization(), options.redshift(), options.seedBase(),
                    options.rows());
            try {
                CatalogWriter.write(catalog, options.output());
            } catch (IOException | RuntimeException e) {
                err.println("MockCatalogGenerator: cannot write " + options.output() + ": " + e);
                return WRITE_ERROR;
            }
        }
        return options.exitCode() == null ? 0 : options.exitCode();
    }
}
