package io.productionmanager.local;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Starts an array task's script as sbatch would: SLURM's environment variables, output files, working folder. */
final class TaskLauncher {

    Process start(LocalTask task) throws IOException {
        LocalArray array = task.array;
        ArrayRecord record = array.record;
        ProcessBuilder pb = new ProcessBuilder("bash", record.script().toString());
        pb.directory(array.workDir.toFile());
        Map<String, String> env = pb.environment();
        // a manager itself running inside a SLURM job must not leak its own job's variables into the tasks
        env.keySet().removeIf(k -> k.startsWith("SLURM_"));
        List<Integer> ids = record.array().taskIds();
        env.put("SLURM_ARRAY_TASK_ID", Integer.toString(task.taskId));
        env.put("SLURM_ARRAY_JOB_ID", record.arrayId());
        env.put("SLURM_JOB_ID", Long.toString(task.jobId));
        env.put("SLURM_ARRAY_TASK_COUNT", Integer.toString(record.taskCount()));
        env.put("SLURM_ARRAY_TASK_MIN", Integer.toString(ids.get(0)));
        env.put("SLURM_ARRAY_TASK_MAX", Integer.toString(ids.get(ids.size() - 1)));
        env.put("SLURM_JOB_NAME", record.jobName());
        env.put("SLURM_SUBMIT_DIR", array.workDir.toString());
        String outPattern = array.script.output() == null ? "slurm-%A_%a.out" : array.script.output();
        Path out = logFile(array, task, outPattern);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectOutput(out.toFile());
        Path err = array.script.error() == null ? out : logFile(array, task, array.script.error());
        if (err.equals(out)) {
            pb.redirectErrorStream(true);
        } else {
            pb.redirectError(err.toFile());
        }
        return pb.start();
    }

    private static Path logFile(LocalArray array, LocalTask task, String pattern) throws IOException {
        String name = ArrayScript.expand(pattern, array.record.arrayId(), task.taskId, task.jobId,
                array.record.jobName());
        Path file = array.workDir.resolve(name).normalize();
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        return file;
    }
}
