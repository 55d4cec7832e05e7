package io.productionmanager.stage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs real bash (and generated scripts) from tests, capturing exit code, stdout and stderr. */
final class BashProcess {

    /** The outcome of one run. */
    record Result(int exitCode, String stdout, String stderr) {
    }

    private BashProcess() {
    }

    /** {@code bash -n script}: parses the script without running it. */
    static Result syntaxCheck(Path script) throws IOException, InterruptedException {
        return run(List.of("bash", "-n", script.toString()), Map.of(), script.getParent());
    }

    /** Executes the script directly (through its shebang) as array task {@code taskId}, or with no task id if null. */
    static Result runTask(Path script, String taskId) throws IOException, InterruptedException {
        return run(List.of(script.toString()), taskId == null ? Map.of() : Map.of("SLURM_ARRAY_TASK_ID", taskId),
                script.getParent());
    }

    static Result run(List<String> command, Map<String, String> env, Path workDir) throws IOException, InterruptedException {
        Path out = Files.createTempFile("bash-out", ".txt");
        Path err = Files.createTempFile("bash-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command))
                    .directory(workDir.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            pb.environment().remove("SLURM_ARRAY_TASK_ID");
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
