package io.productionmanager.local;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** Ends a task's whole process tree, and recognizes a process recorded earlier (pid plus start time). */
final class ProcessTrees {

    // /proc start times are in clock ticks and boot time is read in whole seconds: allow for both
    private static final Duration START_TOLERANCE = Duration.ofSeconds(2);

    private ProcessTrees() {
    }

    /** Asks the process and every descendant to stop (SIGTERM); remembers them in {@code known}. */
    static void terminate(ProcessHandle root, Set<ProcessHandle> known) {
        capture(root, known);
        // the script's shell first: stopped before its command, it cannot record the command's death as an exit
        root.destroy();
        known.forEach(ProcessHandle::destroy);
    }

    /** Kills the process, every descendant and everything remembered in {@code known} (SIGKILL). */
    static void kill(ProcessHandle root, Set<ProcessHandle> known) {
        capture(root, known);
        root.destroyForcibly();
        known.forEach(ProcessHandle::destroyForcibly);
    }

    private static void capture(ProcessHandle root, Set<ProcessHandle> known) {
        // descendants must be collected while the root lives: once it dies they are re-parented and lost
        if (root.isAlive()) {
            known.add(root);
            root.descendants().forEach(known::add);
        }
    }

    /** The live process with this pid, if it started at {@code startedAt} (any start when null). */
    static Optional<ProcessHandle> live(long pid, Instant startedAt) {
        if (pid <= 0) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(h -> startedAt == null || h.info().startInstant()
                        .map(s -> Duration.between(s, startedAt).abs().compareTo(START_TOLERANCE) <= 0)
                        .orElse(true));
    }
}
