package io.productionmanager.poll;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.productionmanager.executor.SchedulerState;
import io.productionmanager.executor.TaskStatus;
import io.productionmanager.store.Batch;
import io.productionmanager.store.Job;
import io.productionmanager.store.JobState;
import io.productionmanager.store.JobStore;

/**
 * What a poll cycle keeps of one production's active jobs between cycles: for each submitted batch, one byte
 * per array task (QUEUED, RUNNING, or not tracked), about a megabyte for a million jobs. The job store stays the
 * source of truth: the view is loaded from it, updated with the changes the poller itself writes, and brought up
 * to date as soon as anyone else wrote (the store's {@link JobStore#changeMark() change mark} moved, or the set of
 * submitted batches changed): the batches the new events name, and the ones submitted or finished since, are read
 * again ({@link #refresh}); the whole view is loaded again when that is not possible. Each cycle the scheduler's answers are laid over it, task by task, and only the
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

        /**
         * Starts tracking a QUEUED or RUNNING job of this batch; false when its slurm id is not a task of this array
         * or the task is tracked already.
         */
        private boolean track(String jobId, String slurmId, JobState jobState, Map<String, Instant> missingSince) {
            int task = taskOf(slurmId);
            if (task < 0 || (state[task] & STATE_BITS) != NONE) {
                return false;
            }
            byte st = jobState == JobState.RUNNING ? RUNNING : QUEUED;
            state[task] = (byte) (missingSince.containsKey(jobId) ? st | MISSING : st);
            active++;
            return true;
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

    /** More events than this since the view's mark: {@link #refresh} gives up and the view is loaded whole. */
    static final int REFRESH_LIMIT = 50_000;

    /** The change mark of the store this view agrees with. */
    long mark;
    /**
     * Set when the view may disagree with the store in a way {@link #refresh} cannot tell (a write refused, or
     * someone else wrote while the poller's own writes were on their way): load it whole again.
     */
    boolean stale;
    /** Which batches were submitted when it was loaded or last refreshed. */
    String batchKey;
    private Set<Long> batchIds;
    private List<Slot> slots;
    private Map<String, Slot> byArray;
    private int active;

    /** A view of {@code batches} at {@code mark}, its slots laid by {@link #lay}. */
    private ActiveView(Map<Long, Batch> batches, long mark) {
        this.batchKey = batchKey(batches);
        this.batchIds = new HashSet<>(batches.keySet());
        this.mark = mark;
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
            if (!s.track(j.id(), j.slurmId(), j.state(), missingSince)) {
                irregular[0] = true;
            }
        });
        if (irregular[0]) {
            return null;
        }
        ActiveView view = new ActiveView(batches, mark);
        return view.lay(batches, byBatch) ? view : null;
    }

    /**
     * Makes {@code byBatch} the view's slots, in batch order, with the array index and the active count; false, with
     * the slots as they were, when two of them have one array id.
     */
    private boolean lay(Map<Long, Batch> batches, Map<Long, Slot> byBatch) {
        List<Slot> ordered = new ArrayList<>(byBatch.size());
        Map<String, Slot> arrays = new HashMap<>();
        int total = 0;
        for (Batch b : batches.values()) {
            Slot s = byBatch.get(b.id());
            if (s == null) {
                continue;
            }
            if (arrays.put(s.arrayId, s) != null) {
                return false;
            }
            ordered.add(s);
            total += s.active;
        }
        slots = ordered;
        byArray = arrays;
        active = total;
        return true;
    }

    /**
     * Brings the view up to the store at change mark {@code newMark} after someone else wrote: the batches named by
     * the events since the view's mark, and the batches submitted since, are read again (their active jobs, through
     * the batch index); batches no longer submitted or finished are dropped. False, with the view unchanged, when
     * there are more than {@value #REFRESH_LIMIT} new events or a job no longer fits the compact form: the caller
     * then loads the view whole.
     *
     * @param batches      the SUBMITTED and FINISHED batches now, by id, in batch order
     * @param missingSince the jobs the poller already saw missing
     */
    boolean refresh(JobStore store, Map<Long, Batch> batches, long newMark, Map<String, Instant> missingSince) {
        return refresh(store, batches, newMark, missingSince, REFRESH_LIMIT);
    }

    /** {@link #refresh(JobStore, Map, long, Map)} giving up above {@code limit} new events. */
    boolean refresh(JobStore store, Map<Long, Batch> batches, long newMark, Map<String, Instant> missingSince, int limit) {
        if (newMark < mark) {
            return false; // the history is not the one the view was made from (the database was replaced)
        }
        Optional<Set<Long>> named = store.batchesChangedBetween(mark, newMark, limit);
        if (named.isEmpty()) {
            return false;
        }
        Set<Long> reread = new HashSet<>(named.get());
        for (Long id : batches.keySet()) {
            if (!batchIds.contains(id)) {
                reread.add(id);
            }
        }
        Map<Long, Slot> byBatch = new HashMap<>();
        for (Slot s : slots) {
            Batch now = batches.get(s.batch.id());
            if (now == null || reread.contains(now.id())) {
                continue;
            }
            if (!s.arrayId.equals(now.arrayId()) || now.taskCount() != s.state.length) {
                return false; // another batch under the same id: not the history the view was made from
            }
            byBatch.put(now.id(), s);
        }
        for (Long id : reread) {
            Batch b = batches.get(id);
            if (b == null) {
                continue; // not submitted (staged, rejected) or gone: its jobs are not tracked
            }
            List<Job> jobs = new ArrayList<>();
            for (Job j : store.activeJobsOfBatch(id)) {
                if (j.slurmId() != null) {
                    jobs.add(j);
                }
            }
            if (jobs.isEmpty()) {
                continue;
            }
            if (b.arrayId() == null) {
                return false;
            }
            Slot s = new Slot(b);
            for (Job j : jobs) {
                if (!s.track(j.id(), j.slurmId(), j.state(), missingSince)) {
                    return false;
                }
            }
            byBatch.put(id, s);
        }
        if (!lay(batches, byBatch)) {
            return false; // two batches with one array id
        }
        mark = newMark;
        batchKey = batchKey(batches);
        batchIds = new HashSet<>(batches.keySet());
        return true;
    }

    /** What the view tracks, one line per batch: its id, array id and one letter per task (Q, R, or - untracked; lower case: missing). */
    List<String> describe() {
        List<String> lines = new ArrayList<>();
        for (Slot s : slots) {
            StringBuilder line = new StringBuilder().append(s.batch.id()).append(' ').append(s.arrayId).append(' ')
                    .append(s.active).append(' ');
            for (byte b : s.state) {
                char c = switch (b & STATE_BITS) {
                    case QUEUED -> 'Q';
                    case RUNNING -> 'R';
                    default -> '-';
                };
                line.append((b & MISSING) != 0 ? Character.toLowerCase(c) : c);
            }
            lines.add(line.toString());
        }
        return lines;
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
