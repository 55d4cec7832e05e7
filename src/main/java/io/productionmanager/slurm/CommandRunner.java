package io.productionmanager.slurm;

import io.productionmanager.executor.SchedulerUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one scheduler command from an argument array with a time limit, capturing its output and counting the call. */
final class CommandRunner {

    private static final Logger LOG = LoggerFactory.getLogger(CommandRunner.class);

    private final Duration timeout;
    private final SchedulerCallStats stats;
    private final LongSupplier nanoTicker;

    CommandRunner(Duration timeout, SchedulerCallStats stats, LongSupplier nanoTicker) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("command timeout must be positive, got " + timeout);
        }
        this.timeout = timeout;
        this.stats = Objects.requireNonNull(stats);
        this.nanoTicker = Objects.requireNonNull(nanoTicker);
    }

    Duration timeout() {
        return timeout;
    }

    /**
     * Runs {@code command} (no shell involved) and returns its result.
     *
     * @param label     the name the call is counted under (e.g. {@code squeue})
     * @param succeeded which results count as successful calls in the statistics
     * @throws SchedulerUnavailableException when the command cannot be started or does not finish in time
     */
    CommandResult run(String label, List<String> command, Predicate<CommandResult> succeeded) {
        return run(label, command, succeeded, null);
    }

    /** Reads a command's standard output as it is (a file the runner deletes afterwards). */
    @FunctionalInterface
    interface OutputReader {
        void read(InputStream stdout) throws IOException;
    }

    /**
     * As {@link #run(String, List, Predicate)}, but when the command exits 0 its standard output is handed to
     * {@code reader} as a stream instead of being read into the result (whose stdout is then empty): an answer of
     * tens of megabytes is never held whole. Only the command itself is timed in the statistics.
     */
    CommandResult run(String label, List<String> command, Predicate<CommandResult> succeeded, OutputReader reader) {
        long started = nanoTicker.getAsLong();
        boolean recorded = false;
        boolean error = true;
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("pm-" + label, ".out");
            err = Files.createTempFile("pm-" + label, ".err");
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            // SLURM prints and parses times in the process's zone: UTC makes them unambiguous.
            pb.environment().put("TZ", "UTC");
            Process process;
            try {
                process = pb.start();
            } catch (IOException e) {
                throw new SchedulerUnavailableException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
            }
            // Nothing is ever sent: a command waiting for input sees end-of-file at once.
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                throw new SchedulerUnavailableException(label + " did not answer within " + timeout.toMillis()
                        + " ms (" + String.join(" ", command) + ")" + stderrSuffix(err));
            }
            // a streamed answer is read by the reader; a failed call's output (small) is kept for its message
            boolean streamed = reader != null && process.exitValue() == 0;
            CommandResult result = new CommandResult(process.exitValue(),
                    streamed ? "" : Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            error = !succeeded.test(result);
            if (error) {
                LOG.debug("{} exited {}: {}", label, result.exitCode(), result.message());
            }
            if (streamed) {
                stats.record(label, Duration.ofNanos(nanoTicker.getAsLong() - started), error);
                recorded = true;
                try (InputStream in = Files.newInputStream(out)) {
                    reader.read(in);
                }
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot capture output of " + label, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchedulerUnavailableException(label + " was interrupted", e);
        } finally {
            if (!recorded) {
                stats.record(label, Duration.ofNanos(nanoTicker.getAsLong() - started), error);
            }
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static String stderrSuffix(Path err) {
        try {
            String s = Files.readString(err, StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? "" : ": " + s;
        } catch (IOException e) {
            return "";
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                LOG.warn("cannot delete temporary file {}: {}", p, e.getMessage());
            }
        }
    }
}
