package io.productionmanager.slurm;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/** Thread-safe counters of scheduler command calls, errors and latency, per command name. */
public final class SchedulerCallStats {

    /** A consistent-enough reading of one command's counters. */
    public record CommandStats(long calls, long errors, Duration totalLatency, Duration maxLatency) {
        public Duration meanLatency() {
            return calls == 0 ? Duration.ZERO : totalLatency.dividedBy(calls);
        }
    }

    private static final class Counters {
        final LongAdder calls = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder totalNanos = new LongAdder();
        final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);
    }

    private final Map<String, Counters> counters = new ConcurrentHashMap<>();

    /** Records one call of {@code command} that took {@code latency}; {@code error} when it failed. */
    public void record(String command, Duration latency, boolean error) {
        Counters c = counters.computeIfAbsent(command, k -> new Counters());
        long nanos = Math.max(0, latency.toNanos());
        c.calls.increment();
        if (error) {
            c.errors.increment();
        }
        c.totalNanos.add(nanos);
        c.maxNanos.accumulate(nanos);
    }

    /** Current counters of every command called so far, by command name. */
    public Map<String, CommandStats> snapshot() {
        Map<String, CommandStats> out = new TreeMap<>();
        counters.forEach((name, c) -> out.put(name, new CommandStats(c.calls.sum(), c.errors.sum(),
                Duration.ofNanos(c.totalNanos.sum()), Duration.ofNanos(c.maxNanos.get()))));
        return out;
    }

    /** Counters of one command (all zero when it was never called). */
    public CommandStats get(String command) {
        return snapshot().getOrDefault(command, new CommandStats(0, 0, Duration.ZERO, Duration.ZERO));
    }
}
