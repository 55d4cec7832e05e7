package io.productionmanager.slurm;

import io.productionmanager.executor.SchedulerState;
import io.productionmanager.executor.TaskStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Parses {@code squeue -h -o '%i|%j|%T|%r'} output (with or without {@code -r}) into one status per task. */
public final class SqueueParser {

    /** The squeue format this parser reads: id, name, state, reason. */
    public static final String FORMAT = "%i|%j|%T|%r";

    private SqueueParser() {
    }

    /**
     * Parses squeue output; collapsed rows ({@code 260_[2-5%1]}) become one status per task.
     *
     * @throws IllegalArgumentException naming the line and field when a line does not match {@link #FORMAT}
     */
    public static List<TaskStatus> parse(String output) {
        List<TaskStatus> out = new ArrayList<>();
        String[] lines = output.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\\|", -1);
            if (f.length < 4) {
                throw new IllegalArgumentException("squeue output line " + (i + 1) + ": expected 4 fields '"
                        + FORMAT + "', got " + f.length + ": " + line);
            }
            // A job name may itself contain '|': id is first, state and reason are last.
            String name = String.join("|", Arrays.copyOfRange(f, 1, f.length - 2));
            String rawState = f[f.length - 2].strip();
            String reason = f[f.length - 1].strip();
            SlurmJobId id;
            try {
                id = SlurmJobId.parse(f[0]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("squeue output line " + (i + 1) + ", field JOBID: " + e.getMessage(), e);
            }
            SchedulerState state = SchedulerState.parse(rawState);
            String cleanReason = "None".equals(reason) ? "" : reason;
            for (int task : id.taskIds()) {
                out.add(new TaskStatus(id.arrayId(), task, state, rawState, null, 0, cleanReason, name, null, null));
            }
        }
        return out;
    }
}
