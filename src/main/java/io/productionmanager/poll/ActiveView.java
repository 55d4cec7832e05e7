package io.productionmanager.poll;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.productionmanager.executor.SchedulerState;
import io.productionmanager.executor.TaskStatus;
import io.productionmanager.store.Batch;
import io.productionmanager.store.JobState;
import io.productionmanager.store.JobStore;

/**
 * What a poll cycle keeps of one production's active jobs between cycles: for each submitted batch, one byte
 * per array task (QUEUED, RUNNING, or not tracked), about a megabyte for a million jobs. The job store stays the
 * source of truth: the view is loaded from it, updated with the changes the poller itself writes, and loaded
 * again as soon as anyone else wrote (the store's {@link JobStore#changeMark() change mark} moved, or the set of
 * submitted batches changed). Each cycle the scheduler's answers are laid over it, task by task, and only the
 * tasks whose state may change are read in full from the store.
 */
final class ActiveView {

    static final byte NONE = 0;
    static final byte QUEUED = 1;
    static final byte RUNNING = 2;
    private static final byte STATE_BITS = 3;
    /** Flag: the job was seen neither in the queue nor in accounting (it is in the poller's missing-since map). */
    private static final byte MISSING = 4;

    /** One submitted batch, i.e. one scheduler array. */
    static final class Slot {
        final Batch batch;
        final String arrayId;
        private final byte[] state;
        private int active;
        /** This cycle's answers, by task: the queue row, the task's own accounting record, the whole-array record. */
        private TaskStatus[] queue;
        private TaskStatus[] accounting;
        private TaskStatus whole;

        Slot(Batch batch) {
            this.batch = batch;
            this.arrayId = batch.arrayId();
            this.state = new byte[batch.taskCount()];
        }

        int active() {
            return active;
        }

        /** The task of a slurm id of this array ({@code <arrayId>_<task>}, task within the batch), else -1. */
        int taskOf(String slurmId) {
            int n = arrayId.length();
            if (slurmId == null || slurmId.length() <= n + 1 || slurmId.length() > n + 10 || !slurmId.startsWith(arrayId)
                    || slurmId.charAt(n) != '_') {
                return -1;
            }
            long task = 0;
            for (int i = n + 1; i < slurmId.length(); i++) {
                char c = slurmId.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
                task = task * 10 + (c - '0');
            }
            return task < state.length ? (int) task : -1;
        }

        /** The accounting record that speaks for a task: its own, else the whole array's (null: none). */
        TaskStatus accountingOf(int task) {
            TaskStatus own = accounting == null ? null : accounting[task];
            return own != null ? own : whole;
        }

        TaskStatus queueOf(int task) {
            return queue == null ? null : queue[task];
        }

        /**
         * The tasks whose state may change with this cycle's answers (the same cases in which the reconciler can
         * decide anything but "no change"): a finished accounting record, no live record at all, a live running
         * record for a job not yet RUNNING, or a job already missing. In task order.
         */
        int[] candidates() {
            int[] out = null;
            int count = 0;
            for (int t = 0; t < state.length; t++) {
                byte b = state[t];
                int st = b & STATE_BITS;
                if (st == NONE) {
                    continue;
                }
                boolean candidate;
                TaskStatus acct = accountingOf(t);
                if ((b & MISSING) != 0 || (acct != null && acct.state().isFinished())) {
                    candidate = true;
                } else {
                    TaskStatus queued = queueOf(t);
                    TaskStatus live = queued != null ? queued : acct;
                    candidate = live == null || (st != RUNNING
                            && (live.state() == SchedulerState.RUNNING || live.state() == SchedulerState.COMPLETING));
                }
                if (candidate) {
                    if (out == null) {
                        out = new int[Math.min(state.length, 64)];
                    } else if (count == out.length) {
                        out = Arrays.copyOf(out, Math.min(state.length, out.length * 2));
                    }
                    out[count++] = t;
                }
            }
            return out == null ? new int[0] : Arrays.copyOf(out, count);
        }

        private void queued(int task, TaskStatus status) {
            queue = put(queue, task, status);
        }

        private void accounted(int task, TaskStatus status) {
            if (task == TaskStatus.WHOLE_ARRAY) {
                whole = status;
            } else {
                accounting = put(accounting, task, status);
            }
        }

        /**
         * Records a task's row of one answer in {@code byTask} (made when the first row comes; rows of tasks beyond
         * the batch are dropped). A task listed twice: the first row stands unless a later one is finished, as in
         * the reconciler's own index.
         */
        private TaskStatus[] put(TaskStatus[] byTask, int task, TaskStatus status) {
            if (task < 0 || task >= state.length) {
                return byTask;
            }
            TaskStatus[] rows = byTask != null ? byTask : new TaskStatus[state.length];
            if (rows[task] == null || status.state().isFinished()) {
                rows[task] = status;
            }
            return rows;
        }

        private void forgetAnswers() {
            queue = null;
            accounting = null;
            whole = null;
        }
    }

    /** The change mark of the store this view agrees with. */
    long mark;
    /** Set when the view may disagree with the store (a write refused, or someone else wrote): load it again. */
    boolean stale;
    /** Which batches were submitted when it was loaded. */
    final String batchKey;
    private final List<Slot> slots;
    private final Map<String, Slot> byArray;
    private int active;

    private ActiveView(String batchKey, long mark, List<Slot> slots, Map<String, Slot> byArray, int active) {
        this.batchKey = batchKey;
        this.mark = mark;
        this.slots = slots;
        this.byArray = byArray;
        this.active = active;
    }

    /** A short description of the submitted batches: a view is loaded again when it changes. */
    static String batchKey(Map<Long, Batch> batches) {
        StringBuilder key = new StringBuilder(batches.size() * 16);
        for (Batch b : batches.values()) {
            key.append(b.id()).append(':').append(b.arrayId()).append(':').append(b.taskCount()).append(',');
        }
        return key.toString();
    }

    /**
     * Reads the active jobs from the store (one pass over a few columns). Null when some tracked job does not fit
     * the compact form (a slurm id other than {@code <array id of its batch>_<task>}, two batches with one array
     * id): the caller then compares job by job.
     *
     * @param batches       the SUBMITTED and FINISHED batches, by id (jobs of other batches are not tracked)
     * @param mark          the store's change mark, read before this
     * @param missingSince  the jobs the poller already saw missing (flagged, so they are looked at every cycle)
     */
    static ActiveView load(JobStore store, Map<Long, Batch> batches, long mark, Map<String, Instant> missingSince) {
        Map<Long, Slot> byBatch = new HashMap<>();
        Map<String, Slot> byArray = new HashMap<>();
        boolean[] irregular = {false};
        int[] active = {0};
        store.forEachActive(j -> {
            Batch b = j.batchId() == null ? null : batches.get(j.batchId());
            if (b == null || j.slurmId() == null || irregular[0]) {
                return; // not tracked, as in a row-by-row cycle
            }
            Slot s = byBatch.get(b.id());
            if (s == null) {
                if (b.arrayId() == null || byArray.containsKey(b.arrayId())) {
                    irregular[0] = true;
                    return;
                }
                s = new Slot(b);
                byBatch.put(b.id(), s);
                byArray.put(s.arrayId, s);
            }
            int task = s.taskOf(j.slurmId());
            if (task < 0 || (s.state[task] & STATE_BITS) != NONE) {
                irregular[0] = true;
                return;
            }
            byte st = j.state() == JobState.RUNNING ? RUNNING : QUEUED;
            s.state[task] = (byte) (missingSince.containsKey(j.id()) ? st | MISSING : st);
            s.active++;
            active[0]++;
        });
        if (irregular[0]) {
            return null;
        }
        List<Slot> slots = new ArrayList<>();
        for (Batch b : batches.values()) {
            Slot s = byBatch.get(b.id());
            if (s != null) {
                slots.add(s);
            }
        }
        return new ActiveView(batchKey(batches), mark, slots, byArray, active[0]);
    }

    /** Tracked (QUEUED or RUNNING) jobs. */
    int active() {
        return active;
    }

    /** Batches with tracked jobs, in batch order. */
    List<Slot> slots() {
        return slots;
    }

    /** A queue row of this cycle's answer (rows of untracked arrays or tasks are dropped). */
    void queued(String arrayId, int task, TaskStatus status) {
        Slot s = byArray.get(arrayId);
        if (s != null) {
            s.queued(task, status);
        }
    }

    /** An accounting record of this cycle's answer. */
    void accounted(String arrayId, int task, TaskStatus status) {
        Slot s = byArray.get(arrayId);
        if (s != null) {
            s.accounted(task, status);
        }
    }

    /** Drops this cycle's answers (after the cycle, or when an answer could not be read whole). */
    void forgetAnswers() {
        for (Slot s : slots) {
            s.forgetAnswers();
        }
    }

    /** Drops the accounting answer only (accounting unavailable: the markers decide). */
    void forgetAccounting() {
        for (Slot s : slots) {
            s.accounting = null;
            s.whole = null;
        }
    }

    /** Records that the job at this task was, or no longer is, seen missing. */
    void missing(Slot s, int task, boolean missing) {
        s.state[task] = (byte) (missing ? s.state[task] | MISSING : s.state[task] & ~MISSING);
    }

    /** Records a change the poller wrote: the job at this task is now in {@code state}. */
    void changed(Slot s, int task, JobState state) {
        byte before = s.state[task];
        if ((before & STATE_BITS) == NONE) {
            return;
        }
        if (state == JobState.RUNNING || state == JobState.QUEUED) {
            s.state[task] = (byte) ((before & ~STATE_BITS) | (state == JobState.RUNNING ? RUNNING : QUEUED));
        } else {
            s.state[task] = NONE;
            s.active--;
            active--;
        }
    }
}
