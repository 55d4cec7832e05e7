package io.productionmanager.production;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import io.productionmanager.config.ProductionConfig;
import io.productionmanager.executor.Executor;
import io.productionmanager.local.LocalExecutor;
import io.productionmanager.slurm.SchedulerCallStats;
import io.productionmanager.slurm.SlurmCommands;
import io.productionmanager.slurm.SlurmExecutor;

/**
 * The executors of this process: one {@code slurm} and one {@code local}, created on first use and
 * shared by every production that names them.
 */
public final class Executors implements AutoCloseable {

    private final Path localStateDir;
    private final int localParallelism;
    private final Clock clock;
    private final SlurmCommands slurmCommands;
    private final Duration slurmTimeout;
    private final SchedulerCallStats stats = new SchedulerCallStats();
    private SlurmExecutor slurm;
    private LocalExecutor local;

    /**
     * @param localStateDir    where the local executor records its arrays (survives restarts)
     * @param localParallelism tasks run at once by the local executor (0 = number of cores)
     */
    public Executors(Path localStateDir, int localParallelism, Clock clock, SlurmCommands slurmCommands,
                     Duration slurmTimeout) {
        this.localStateDir = localStateDir;
        this.localParallelism = localParallelism;
        this.clock = clock;
        this.slurmCommands = slurmCommands;
        this.slurmTimeout = slurmTimeout;
    }

    /** The executor a production asks for in {@code execution.executor}. */
    public synchronized Executor forConfig(ProductionConfig cfg) {
        return forName(cfg.execution().executor(),
                cfg.execution().localParallelism() > 0 ? cfg.execution().localParallelism() : localParallelism);
    }

    /** The executor by name ({@code slurm} or {@code local}). */
    public synchronized Executor forName(String name, int parallelism) {
        if ("local".equals(name)) {
            if (local == null) {
                local = new LocalExecutor(localStateDir, parallelism, clock);
            }
            return local;
        }
        if ("slurm".equals(name)) {
            if (slurm == null) {
                slurm = new SlurmExecutor(slurmCommands, slurmTimeout, stats);
            }
            return slurm;
        }
        throw new IllegalArgumentException("unknown executor '" + name + "' (execution.executor is slurm or local)");
    }

    /** Counters of scheduler calls (sbatch, squeue, sacct, scancel), for metrics. */
    public SchedulerCallStats stats() {
        return stats;
    }

    /** True when a local executor was created in this process. */
    public synchronized boolean hasLocal() {
        return local != null;
    }

    @Override
    public synchronized void close() {
        if (local != null) {
            local.close();
        }
    }
}
