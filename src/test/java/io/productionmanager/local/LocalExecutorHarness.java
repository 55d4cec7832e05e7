package io.productionmanager.local;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/** A separate JVM that submits one array to a local executor and then waits to be killed (crash recovery tests). */
public final class LocalExecutorHarness {

    private LocalExecutorHarness() {
    }

    /** Arguments: state directory, script, job name, task count, parallelism. Prints {@code ARRAY_ID=<id>}. */
    public static void main(String[] args) throws InterruptedException {
        LocalExecutor executor = new LocalExecutor(Path.of(args[0]), Integer.parseInt(args[4]), Clock.systemUTC());
        String id = executor.submitArray(Path.of(args[1]), args[2], Integer.parseInt(args[3]));
        System.out.println("ARRAY_ID=" + id);
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
