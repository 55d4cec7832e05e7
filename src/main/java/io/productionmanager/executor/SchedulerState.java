package io.productionmanager.executor;

import java.util.Locale;

/** Scheduler task states, normalized from squeue/sacct words (and the local executor's own). */
public enum SchedulerState {
    PENDING, RUNNING, COMPLETING, COMPLETED, FAILED, TIMEOUT, OUT_OF_MEMORY, CANCELLED,
    NODE_FAIL, PREEMPTED, BOOT_FAIL, DEADLINE, REQUEUED, SUSPENDED, UNKNOWN;

    /** True when the task is finished and will not change again (unless requeued). */
    public boolean isFinished() {
        return switch (this) {
            case COMPLETED, FAILED, TIMEOUT, OUT_OF_MEMORY, CANCELLED, NODE_FAIL, PREEMPTED, BOOT_FAIL, DEADLINE -> true;
            default -> false;
        };
    }

    /**
     * Parses a squeue/sacct state word: {@code "CANCELLED by 0"} is CANCELLED, {@code "OUT_OF_ME+"}
     * (truncated) is OUT_OF_MEMORY, {@code "CF"}/{@code "CONFIGURING"} is PENDING.
     */
    public static SchedulerState parse(String word) {
        if (word == null || word.isBlank()) {
            return UNKNOWN;
        }
        String w = word.trim().toUpperCase(Locale.ROOT);
        int space = w.indexOf(' ');
        if (space > 0) {
            w = w.substring(0, space);
        }
        if (w.endsWith("+")) {
            w = w.substring(0, w.length() - 1);
        }
        return switch (w) {
            case "PENDING", "PD", "CONFIGURING", "CF", "REQUEUE_HOLD", "RH", "REQUEUE_FED", "RF", "RESV_DEL_HOLD", "RD" -> PENDING;
            case "RUNNING", "R", "RESIZING", "RS", "SIGNALING", "SI", "STAGE_OUT", "SO" -> RUNNING;
            case "COMPLETING", "CG" -> COMPLETING;
            case "COMPLETED", "CD" -> COMPLETED;
            case "FAILED", "F" -> FAILED;
            case "TIMEOUT", "TO" -> TIMEOUT;
            case "CANCELLED", "CA" -> CANCELLED;
            case "NODE_FAIL", "NF" -> NODE_FAIL;
            case "PREEMPTED", "PR" -> PREEMPTED;
            case "BOOT_FAIL", "BF" -> BOOT_FAIL;
            case "DEADLINE", "DL" -> DEADLINE;
            case "REQUEUED", "RQ" -> REQUEUED;
            case "SUSPENDED", "S", "STOPPED", "ST" -> SUSPENDED;
            default -> w.startsWith("OUT_OF_ME") || w.equals("OOM") ? OUT_OF_MEMORY : UNKNOWN;
        };
    }
}
