package io.productionmanager.it;

/** The production file's job contract (output names, validation, science parameters) on the local executor. */
class LocalJobContractTest extends JobContractCases {

    @Override
    String executor() {
        return "local";
    }
}
