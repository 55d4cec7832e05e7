package io.productionmanager.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An array submitted to this executor instance: its record, directives and tasks. */
final class LocalArray {

    final ArrayRecord record;
    final ArrayScript script;
    final Path workDir;
    final Map<Integer, LocalTask> tasks = new LinkedHashMap<>();
    int running;

    LocalArray(ArrayRecord record, ArrayScript script, Path workDir) {
        this.record = record;
        this.script = script;
        this.workDir = workDir;
        List<Integer> ids = record.array().taskIds();
        for (int i = 0; i < ids.size(); i++) {
            tasks.put(ids.get(i), new LocalTask(this, ids.get(i), record.firstJobId() + i));
        }
    }

    /** True when the array's {@code %throttle} keeps further tasks from starting now. */
    boolean throttled() {
        int throttle = record.array().throttle();
        return throttle > 0 && running >= throttle;
    }

    List<LocalTask> taskList() {
        return new ArrayList<>(tasks.values());
    }
}
