package io.productionmanager.submit;

import io.productionmanager.cli.Main;

/**
 * The command line with a crash right after the first sbatch (the JVM halts as a kill -9 would stop it),
 * for tests of recovery from a submit that died between sbatch and recording the array id.
 */
public final class CrashAfterSbatchMain {

    private CrashAfterSbatchMain() {
    }

    public static void main(String[] args) {
        SubmitService.testHook = (batch, arrayId) -> Runtime.getRuntime().halt(137);
        Main.main(args);
    }
}
