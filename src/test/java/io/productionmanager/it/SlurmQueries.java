package io.productionmanager.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** The test's own questions to SLURM accounting (independent of the code under test). */
final class SlurmQueries {

    private static final DateTimeFormatter SACCT_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private SlurmQueries() {
    }

    /** Distinct array ids sacct knows for a job name since {@code since}. */
    static Set<String> arraysNamed(String jobName, Instant since) {
        Set<String> ids = new LinkedHashSet<>();
        for (String line : sacct("--name", jobName, "--starttime", time(since), "--format=JobID")) {
            ids.add(arrayOf(line.strip()));
        }
        return ids;
    }

    /** sacct's state of every task row of the given arrays, by JobID (e.g. {@code 261_3 -> COMPLETED}). */
    static Map<String, String> states(Instant since, String... arrayIds) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : sacct("-j", String.join(",", arrayIds), "--starttime", time(since), "--format=JobID,State")) {
            String[] f = line.split("\\|", -1);
            out.put(f[0], f[1]);
        }
        return out;
    }

    private static String arrayOf(String jobId) {
        int u = jobId.indexOf('_');
        return u < 0 ? jobId : jobId.substring(0, u);
    }

    private static String time(Instant t) {
        return SACCT_TIME.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    private static List<String> sacct(String... args) {
        List<String> cmd = new ArrayList<>(List.of("sacct", "-X", "-n", "-P"));
        cmd.addAll(List.of(args));
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().put("TZ", "UTC");
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(cmd + " failed: " + new String(err, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new IllegalStateException(cmd + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
