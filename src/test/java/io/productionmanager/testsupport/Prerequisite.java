package io.productionmanager.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/** A test's outside prerequisite (a SLURM, a browser): skipped with its reason when absent, failed under {@code CI=true}. */
final class Prerequisite {

    private Prerequisite() {
    }

    /**
     * Returns when {@code unavailableReason} is null; else fails the test with {@code ciMessage} when {@code CI=true}
     * (where the prerequisite must be there), or aborts (skips) it with {@code skipMessage}.
     */
    static void require(String unavailableReason, String ciMessage, String skipMessage) {
        if (unavailableReason == null) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(ciMessage);
        }
        Assumptions.abort(skipMessage);
    }
}
