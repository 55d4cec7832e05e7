package io.productionmanager.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a batch the way the stage step does ({@code logs/batch_NNNN.sh} and {@code logs/batch_NNNN.tasks}),
 * following docs/batch-scripts.md: the task reads its manifest line with bash built-ins, writes the
 * {@code .start} marker, runs the command and writes the {@code .exit} marker atomically.
 */
final class ArrayScriptFixture {

    private final Path productionDir;
    private final Path logs;

    ArrayScriptFixture(Path productionDir) throws IOException {
        this.productionDir = productionDir;
        this.logs = Files.createDirectories(productionDir.resolve("logs"));
    }

    Path logs() {
        return logs;
    }

    /** Output path of realization {@code r} at redshift 0.5. */
    Path output(int realization) {
        return productionDir.resolve(String.format("catalogs/r%04d/mock_z0.500.hdf5", realization));
    }

    /**
     * Writes batch {@code batch} with one task per realization {@code 0..taskCount-1}; {@code command} is a bash
     * snippet run with the {@code PM_*} variables set; {@code directives} are extra {@code #SBATCH} values.
     */
    Path write(int batch, int taskCount, String command, String... directives) throws IOException {
        String base = String.format("batch_%04d", batch);
        List<String> manifest = new ArrayList<>();
        for (int k = 0; k < taskCount; k++) {
            manifest.add(String.join("\t", Integer.toString(1000 + k), Integer.toString(k), "0.5",
                    output(k).toString(), "1"));
        }
        Files.write(logs.resolve(base + ".tasks"), manifest);
        StringBuilder s = new StringBuilder("#!/bin/bash\n");
        s.append("#SBATCH --job-name=pm_test_b").append(String.format("%04d", batch)).append('\n');
        s.append("#SBATCH --array=0-").append(taskCount - 1).append('\n');
        s.append("#SBATCH --output='").append(logs).append('/').append(base).append("_%a.out'\n");
        s.append("#SBATCH --error='").append(logs).append('/').append(base).append("_%a.err'\n");
        for (String directive : directives) {
            s.append("#SBATCH ").append(directive).append('\n');
        }
        s.append("""
                PM_LOGS='%s'
                PM_BATCH='%s'
                k="$SLURM_ARRAY_TASK_ID"
                n=0
                while IFS=$'\\t' read -r PM_JOB_ID PM_REALIZATION PM_REDSHIFT PM_OUTPUT PM_ATTEMPT; do
                  [ "$n" -eq "$k" ] && break
                  n=$((n + 1))
                done < "$PM_LOGS/$PM_BATCH.tasks"
                export PM_JOB_ID PM_REALIZATION PM_REDSHIFT PM_OUTPUT PM_ATTEMPT
                printf -v start '%%(%%s)T' -1
                printf 'job_id=%%s start=%%s host=%%s pid=%%s\\n' "$PM_JOB_ID" "$start" "$HOSTNAME" "$$" \\
                  > "$PM_LOGS/${PM_BATCH}_${k}.start"
                mkdir -p "${PM_OUTPUT%%/*}"
                %s
                code=$?
                printf -v end '%%(%%s)T' -1
                printf 'job_id=%%s exit=%%s start=%%s end=%%s\\n' "$PM_JOB_ID" "$code" "$start" "$end" \\
                  > "$PM_LOGS/${PM_BATCH}_${k}.exit.tmp"
                mv -f "$PM_LOGS/${PM_BATCH}_${k}.exit.tmp" "$PM_LOGS/${PM_BATCH}_${k}.exit"
                exit "$code"
                """.formatted(logs, base, command));
        Path script = logs.resolve(base + ".sh");
        Files.writeString(script, s.toString());
        return script;
    }
}
