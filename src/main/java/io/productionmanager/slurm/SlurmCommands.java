package io.productionmanager.slurm;

import java.util.Objects;

/** Paths (or plain names looked up on PATH) of the SLURM commands the executor runs. */
public record SlurmCommands(String sbatch, String squeue, String sacct, String scancel, String sinfo) {

    public SlurmCommands {
        Objects.requireNonNull(sbatch, "sbatch");
        Objects.requireNonNull(squeue, "squeue");
        Objects.requireNonNull(sacct, "sacct");
        Objects.requireNonNull(scancel, "scancel");
        Objects.requireNonNull(sinfo, "sinfo");
    }

    /** The plain command names, found on PATH. */
    public static SlurmCommands defaults() {
        return new SlurmCommands("sbatch", "squeue", "sacct", "scancel", "sinfo");
    }

    public SlurmCommands withSbatch(String path) {
        return new SlurmCommands(path, squeue, sacct, scancel, sinfo);
    }

    public SlurmCommands withSqueue(String path) {
        return new SlurmCommands(sbatch, path, sacct, scancel, sinfo);
    }

    public SlurmCommands withSacct(String path) {
        return new SlurmCommands(sbatch, squeue, path, scancel, sinfo);
    }

    public SlurmCommands withScancel(String path) {
        return new SlurmCommands(sbatch, squeue, sacct, path, sinfo);
    }

    public SlurmCommands withSinfo(String path) {
        return new SlurmCommands(sbatch, squeue, sacct, scancel, path);
    }
}
