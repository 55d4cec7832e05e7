package io.productionmanager.slurm;

import io.productionmanager.executor.AccountingUnavailableException;
import io.productionmanager.executor.Executor;
import io.productionmanager.executor.SchedulerUnavailableException;
import io.productionmanager.executor.SubmitRejectedException;
import io.productionmanager.executor.TaskSink;
import io.productionmanager.executor.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code slurm} executor: submits with sbatch, follows tasks with squeue and sacct, cancels with scancel.
 *
 * <p>{@link #queue} runs {@code squeue} without {@code -t all}: it reports only tasks SLURM still holds
 * (pending, running, completing...); finished tasks are read from accounting, because squeue forgets
 * them after {@code MinJobAge} anyway. When every given id is unknown squeue exits 1 with
 * {@code Invalid job id specified}; that is an empty queue, not an error.
 *
 * <p>{@link #accounting} trails the controller by a few seconds: a task gone from squeue may not be in
 * sacct yet, and sacct may briefly list only some tasks of an array, so a missing row proves nothing.
 */
public final class SlurmExecutor implements Executor {

    /** Time limit of every scheduler command unless configured otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(SlurmExecutor.class);
    private static final Pattern ARRAY_ID = Pattern.compile("\\d+");
    private static final Pattern ARRAY_OR_TASK_ID = Pattern.compile("\\d+(_\\d+)?");
    private static final DateTimeFormatter SACCT_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
    /** What SLURM commands print when slurmctld cannot be reached or does not answer. */
    private static final List<String> CONTROLLER_DOWN = List.of(
            "Unable to contact slurm controller", "Socket timed out", "Zero Bytes were transmitted",
            "Communication connection failure");
    /** What sacct prints when accounting is off or slurmdbd cannot be reached. */
    private static final List<String> ACCOUNTING_DOWN = List.of(
            "accounting storage is disabled", "Problem talking to the database", "slurm_persist_conn_open");

    private final SlurmCommands commands;
    private final CommandRunner runner;
    private final SchedulerCallStats stats;

    /** Default command names on PATH, {@link #DEFAULT_TIMEOUT}, fresh statistics. */
    public SlurmExecutor() {
        this(SlurmCommands.defaults(), DEFAULT_TIMEOUT, new SchedulerCallStats());
    }

    public SlurmExecutor(SlurmCommands commands, Duration timeout, SchedulerCallStats stats) {
        this(commands, timeout, stats, System::nanoTime);
    }

    SlurmExecutor(SlurmCommands commands, Duration timeout, SchedulerCallStats stats, LongSupplier nanoTicker) {
        this.commands = Objects.requireNonNull(commands, "commands");
        this.stats = Objects.requireNonNull(stats, "stats");
        this.runner = new CommandRunner(timeout, stats, nanoTicker);
    }

    @Override
    public String name() {
        return "slurm";
    }

    /** Calls, errors and latency of every command run so far, by command name (sbatch, squeue, ...). */
    public SchedulerCallStats stats() {
        return stats;
    }

    @Override
    public String submitArray(Path script, String jobName, int taskCount) {
        Objects.requireNonNull(script, "script");
        if (!Files.isRegularFile(script)) {
            throw new IllegalArgumentException("batch script not found: " + script);
        }
        CommandResult r = runner.run("sbatch",
                List.of(commands.sbatch(), "--parsable", script.toAbsolutePath().toString()), CommandResult::ok);
        if (!r.ok()) {
            String message = slurmMessage(r, "sbatch");
            // "Batch job submission failed: Unable to contact slurm controller" is an outage, not a refusal.
            if (mentionsAny(message, CONTROLLER_DOWN)) {
                throw new SchedulerUnavailableException("sbatch " + script + ": " + message);
            }
            throw new SubmitRejectedException(message + " (script " + script + ")");
        }
        String id = r.stdout().strip();
        int semicolon = id.indexOf(';');
        if (semicolon >= 0) {
            id = id.substring(0, semicolon); // "260;cluster" on multi-cluster setups
        }
        if (!ARRAY_ID.matcher(id).matches()) {
            // The array may exist; say so rather than let the caller submit it again blindly.
            throw new IllegalStateException("sbatch accepted " + script + " but printed no job id: '"
                    + r.stdout().strip() + "'; look for job name " + jobName);
        }
        LOG.info("submitted {} ({} tasks, job name {}) as array {}", script, taskCount, jobName, id);
        return id;
    }

    @Override
    public List<TaskStatus> queue(Collection<String> arrayIds) {
        List<String> ids = validIds(arrayIds, ARRAY_ID, "array id");
        if (ids.isEmpty()) {
            return List.of();
        }
        CommandResult r = runner.run("squeue",
                List.of(commands.squeue(), "-h", "-r", "-j", String.join(",", ids), "-o", SqueueParser.FORMAT),
                res -> res.ok() || allIdsUnknown(res));
        if (!r.ok()) {
            if (allIdsUnknown(r)) {
                return List.of(); // every array has left the queue
            }
            throw unavailable("squeue", r);
        }
        Set<String> wanted = Set.copyOf(ids);
        try {
            return SqueueParser.parse(r.stdout(), wanted);
        } catch (IllegalArgumentException e) {
            throw new SchedulerUnavailableException("unexpected squeue output: " + e.getMessage(), e);
        }
    }

    @Override
    public List<TaskStatus> accounting(Collection<String> arrayIds, Instant since) {
        Objects.requireNonNull(since, "since");
        List<String> ids = validIds(arrayIds, ARRAY_ID, "array id");
        if (ids.isEmpty()) {
            return List.of();
        }
        // no -X: a task's step lines carry its peak memory (MaxRSS), which the parser folds into the task
        CommandResult r = runner.run("sacct", List.of(commands.sacct(), "-n", "-P",
                "--starttime", sacctTime(since), "-j", String.join(",", ids),
                "--format=" + SacctParser.FORMAT), CommandResult::ok);
        if (!r.ok()) {
            throw accountingFailure(r);
        }
        Set<String> wanted = Set.copyOf(ids);
        try {
            return SacctParser.parse(r.stdout(), ZoneOffset.UTC).stream()
                    .filter(s -> wanted.contains(s.arrayId())).toList();
        } catch (IllegalArgumentException e) {
            throw new SchedulerUnavailableException("unexpected sacct output: " + e.getMessage(), e);
        }
    }

    /** As {@link #queue(Collection)}: one squeue call, its answer parsed as it is read, never held whole. */
    @Override
    public void queue(Collection<String> arrayIds, TaskSink sink) {
        List<String> ids = validIds(arrayIds, ARRAY_ID, "array id");
        if (ids.isEmpty()) {
            return;
        }
        Set<String> wanted = Set.copyOf(ids);
        CommandResult r;
        try {
            r = runner.run("squeue",
                    List.of(commands.squeue(), "-h", "-r", "-j", String.join(",", ids), "-o", SqueueParser.FORMAT),
                    res -> res.ok() || allIdsUnknown(res), in -> SqueueParser.parse(in, wanted, sink));
        } catch (IllegalArgumentException e) {
            throw new SchedulerUnavailableException("unexpected squeue output: " + e.getMessage(), e);
        }
        if (!r.ok() && !allIdsUnknown(r)) {
            throw unavailable("squeue", r);
        }
    }

    /** As {@link #accounting(Collection, Instant)}: one sacct call; a collapsed record's tasks share one status. */
    @Override
    public void accounting(Collection<String> arrayIds, Instant since, TaskSink sink) {
        Objects.requireNonNull(since, "since");
        List<String> ids = validIds(arrayIds, ARRAY_ID, "array id");
        if (ids.isEmpty()) {
            return;
        }
        CommandResult r = runner.run("sacct", List.of(commands.sacct(), "-n", "-P",
                "--starttime", sacctTime(since), "-j", String.join(",", ids),
                "--format=" + SacctParser.FORMAT), CommandResult::ok);
        if (!r.ok()) {
            throw accountingFailure(r);
        }
        try {
            SacctParser.parse(r.stdout(), ZoneOffset.UTC, Set.copyOf(ids), sink);
        } catch (IllegalArgumentException e) {
            throw new SchedulerUnavailableException("unexpected sacct output: " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> findByJobName(String jobName, Instant since) {
        Objects.requireNonNull(since, "since");
        if (jobName == null || jobName.isBlank() || jobName.chars().anyMatch(c -> c < 0x20 || c == ',')) {
            throw new IllegalArgumentException("bad job name: '" + jobName + "'");
        }
        Set<String> found = new LinkedHashSet<>();
        // -t all: an array that already finished stays in squeue for MinJobAge, while sacct may not have it yet
        CommandResult q = runner.run("squeue",
                List.of(commands.squeue(), "-h", "-t", "all", "-n", jobName, "-o", "%F"), CommandResult::ok);
        if (!q.ok()) {
            throw unavailable("squeue", q);
        }
        q.stdout().lines().map(String::strip).filter(s -> !s.isEmpty()).forEach(found::add);
        CommandResult a = runner.run("sacct", List.of(commands.sacct(), "-X", "-n", "-P",
                "--starttime", sacctTime(since), "--name", jobName, "--format=JobID"), CommandResult::ok);
        if (a.ok()) {
            a.stdout().lines().map(String::strip)
                    .filter(s -> !s.isEmpty() && !SlurmJobId.isStep(s))
                    .forEach(s -> found.add(s.contains("_") ? s.substring(0, s.indexOf('_')) : s));
        } else {
            RuntimeException e = accountingFailure(a);
            if (!(e instanceof AccountingUnavailableException)) {
                throw e;
            }
            // Without accounting only queued arrays can be found; finished ones leave marker files.
            LOG.warn("finding job name {} from the queue only: {}", jobName, e.getMessage());
        }
        return List.copyOf(found);
    }

    @Override
    public void cancel(Collection<String> ids) {
        List<String> valid = validIds(ids, ARRAY_OR_TASK_ID, "job id");
        if (valid.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>();
        command.add(commands.scancel());
        command.addAll(valid);
        CommandResult r = runner.run("scancel", command, CommandResult::ok);
        if (r.ok()) {
            return;
        }
        String message = slurmMessage(r, "scancel");
        if (message.contains("Invalid job id") || message.contains("already completing or completed")) {
            LOG.debug("scancel ignored ids that are gone: {}", message);
            return;
        }
        throw unavailable("scancel", r);
    }

    @Override
    public boolean ping() {
        try {
            CommandResult r = runner.run("sinfo", List.of(commands.sinfo(), "-h", "-o", "%a"), CommandResult::ok);
            if (!r.ok()) {
                LOG.debug("sinfo failed: {}", r.message());
            }
            return r.ok();
        } catch (SchedulerUnavailableException e) {
            LOG.debug("sinfo: {}", e.getMessage());
            return false;
        }
    }

    private static boolean allIdsUnknown(CommandResult r) {
        return r.exitCode() != 0 && r.stderr().contains("Invalid job id specified");
    }

    private RuntimeException accountingFailure(CommandResult r) {
        String message = slurmMessage(r, "sacct");
        if (mentionsAny(message, ACCOUNTING_DOWN)) {
            return new AccountingUnavailableException("sacct: " + message);
        }
        return unavailable("sacct", r);
    }

    private static SchedulerUnavailableException unavailable(String command, CommandResult r) {
        return new SchedulerUnavailableException(command + " exited " + r.exitCode() + ": " + slurmMessage(r, command));
    }

    /** SLURM's own words: stderr lines without the {@code "sbatch: error: "} prefix, joined by spaces. */
    static String slurmMessage(CommandResult r, String command) {
        String prefix = command + ": error: ";
        return r.message().lines().map(String::strip)
                .map(l -> l.startsWith(prefix) ? l.substring(prefix.length()) : l)
                .filter(l -> !l.isEmpty())
                .collect(Collectors.joining(" "));
    }

    private static boolean mentionsAny(String message, List<String> needles) {
        return needles.stream().anyMatch(message::contains);
    }

    private static List<String> validIds(Collection<String> ids, Pattern pattern, String what) {
        Objects.requireNonNull(ids, "ids");
        Set<String> out = new LinkedHashSet<>();
        for (String id : ids) {
            // Ids end up as command arguments: anything but digits could be read as an option.
            if (id == null || !pattern.matcher(id).matches()) {
                throw new IllegalArgumentException("bad SLURM " + what + ": '" + id + "'");
            }
            out.add(id);
        }
        return List.copyOf(out);
    }

    /** sacct reads times in the zone of its environment, which the runner sets to UTC. */
    private static String sacctTime(Instant since) {
        return SACCT_TIME.format(since.truncatedTo(ChronoUnit.SECONDS));
    }
}
