package io.productionmanager.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a task's process tree uses now, read from {@code /proc} (Linux): resident memory summed over the
 * tree, and CPU time (user + system of every process, plus what each one's finished children used). The
 * supervisor samples a running task at a fixed rate and keeps the peak, as SLURM's {@code jobacct_gather}
 * does; where {@code /proc} is missing every figure is 0 and the task reports no usage.
 */
final class UsageSampler {

    /** Linux's USER_HZ: the unit of the times in {@code /proc/PID/stat}. */
    private static final double TICKS_PER_SECOND = 100.0;
    private static final Path PROC = Path.of("/proc");

    /** One reading: bytes resident, CPU seconds. */
    record Reading(long rssBytes, double cpuSeconds) {
    }

    private UsageSampler() {
    }

    static boolean available() {
        return Files.isDirectory(PROC.resolve("self"));
    }

    /** The tree of {@code root} now. */
    static Reading read(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(root);
        root.descendants().forEach(tree::add);
        long rss = 0;
        double cpu = 0;
        for (ProcessHandle p : tree) {
            rss += rssBytes(p.pid());
            cpu += cpuSeconds(p.pid());
        }
        return new Reading(rss, cpu);
    }

    /** {@code VmRSS} of {@code /proc/PID/status}, in bytes; 0 when the process is gone. */
    static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(PROC.resolve(Long.toString(pid)).resolve("status"))) {
                if (line.startsWith("VmRSS:")) {
                    String[] f = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(f[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone between listing and reading, or no /proc: it uses nothing now
        }
        return 0;
    }

    /** utime + stime + cutime + cstime of {@code /proc/PID/stat}, in seconds; 0 when the process is gone. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
            // the command name (field 2) may hold spaces and parentheses: count fields after its last ')'
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            // f[0] is field 3 (state); utime..cstime are fields 14..17
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
            return ticks / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
