package io.productionmanager.local;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether the executor that submitted an array is still open: in another process, its JVM is alive (pid and
 * start time); in this JVM, its instance id is among the open ones. An instance leaves the set when it closes.
 */
final class Owners {

    private static final Set<String> OPEN = ConcurrentHashMap.newKeySet();
    private static final long OWN_PID = ProcessHandle.current().pid();

    private Owners() {
    }

    static void opened(String instanceId) {
        OPEN.add(instanceId);
    }

    static void closed(String instanceId) {
        OPEN.remove(instanceId);
    }

    /** True when the executor that submitted {@code record} is still open (in this JVM or another live one). */
    static boolean alive(ArrayRecord record) {
        if (record.ownerPid() == OWN_PID) {
            return record.ownerInstance() != null && OPEN.contains(record.ownerInstance());
        }
        return ProcessTrees.live(record.ownerPid(), record.ownerStart()).isPresent();
    }
}
