package io.productionmanager.it;

import io.productionmanager.testsupport.SlurmTestSupport;

/** The production file's job contract (output names, validation, science parameters) on the real SLURM. */
class SlurmJobContractTest extends JobContractCases {

    @Override
    String executor() {
        return "slurm";
    }

    @Override
    void requireExecutor() {
        SlurmTestSupport.requireSlurm();
    }
}
