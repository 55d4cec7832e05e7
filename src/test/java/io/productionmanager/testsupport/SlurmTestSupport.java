package io.productionmanager.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Gate for tests that need a real SLURM: skipped with a visible reason when none answers,
 * but failed when {@code CI=true}, where {@code scripts/slurm-local.sh start} must have provided one.
 */
public final class SlurmTestSupport {

    private static volatile String unavailableReason;
    private static volatile boolean checked;

    private SlurmTestSupport() {
    }

    /** Aborts (skips) the calling test when no SLURM answers, or fails it when running in CI. */
    public static void requireSlurm() {
        String reason = probe();
        Prerequisite.require(reason, "CI=true but no SLURM answers (" + reason + "); run scripts/slurm-local.sh install && "
                + "scripts/slurm-local.sh start", "no SLURM answers (" + reason + "); start one with scripts/slurm-local.sh start");
    }

    private static synchronized String probe() {
        if (!checked) {
            unavailableReason = askSinfo();
            checked = true;
        }
        return unavailableReason;
    }

    /** Null when {@code sinfo} lists an idle or mixed node within 20 s, else why not. */
    private static String askSinfo() {
        try {
            Process p = new ProcessBuilder("sinfo", "-h", "-o", "%t").redirectErrorStream(true).start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "sinfo did not answer within 20 s";
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.exitValue() != 0) {
                return "sinfo exited " + p.exitValue() + ": " + out;
            }
            if (!(out.contains("idle") || out.contains("mix") || out.contains("alloc"))) {
                return "no usable node in sinfo: '" + out + "'";
            }
            return null;
        } catch (IOException e) {
            return "sinfo cannot be run: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while asking sinfo";
        }
    }
}
