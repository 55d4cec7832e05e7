package io.productionmanager.executor;

import java.nio.file.Path;

/**
 * Where the files of one batch live: its script, its manifest, and per array task the stdout and stderr
 * files and the markers the script writes ({@code .start} while it runs, {@code .exit} when it ended, which
 * replaces the start marker, and {@code .check} when {@code check_command} failed). The one place that knows
 * the log layout: stage writes it, the poll, the local executor, {@code logs} and {@code cleanup} read it.
 *
 * <p>Layout (one folder per batch, one sub-folder per kind of file, so no folder holds many more entries than
 * the batch has tasks; a parallel file system copes badly with folders of tens of thousands of files):
 * <pre>
 * logs/batch_0003/batch_0003.sh
 *                /batch_0003.tasks
 *                /out/7.out
 *                /err/7.err
 *                /markers/batch_0003_7.exit   (batch_0003_7.start while task 7 runs)
 * </pre>
 * Productions staged before per-batch folders keep their flat layout ({@code logs/batch_0003.sh},
 * {@code logs/batch_0003_7.out}, ...): a batch's layout follows from where its script is.
 */
public final class BatchFiles {

    private final Path dir;
    private final String name;
    private final boolean flat;

    private BatchFiles(Path dir, String name, boolean flat) {
        this.dir = dir;
        this.name = name;
        this.flat = flat;
    }

    /** The files of a new batch named {@code batch_NNNN} under a production's {@code logs} folder. */
    public static BatchFiles forNewBatch(Path logsDir, String batchName) {
        return new BatchFiles(logsDir.resolve(batchName), batchName, false);
    }

    /** The files of a staged batch, from the path of its script (either layout). */
    public static BatchFiles ofScript(Path script) {
        String file = script.getFileName().toString();
        String batchName = file.endsWith(".sh") ? file.substring(0, file.length() - 3) : file;
        Path parent = script.getParent();
        boolean flat = parent == null || !parent.getFileName().toString().equals(batchName);
        return new BatchFiles(parent, batchName, flat);
    }

    /** The folder holding this batch's files (the shared {@code logs} folder for the flat layout). */
    public Path dir() {
        return dir;
    }

    public boolean isFlat() {
        return flat;
    }

    public Path script() {
        return dir.resolve(name + ".sh");
    }

    public Path manifest() {
        return dir.resolve(name + ".tasks");
    }

    /** The stdout file of array task {@code task}. */
    public Path stdout(int task) {
        return flat ? dir.resolve(name + "_" + task + ".out") : dir.resolve("out").resolve(task + ".out");
    }

    /** The stderr file of array task {@code task}. */
    public Path stderr(int task) {
        return flat ? dir.resolve(name + "_" + task + ".err") : dir.resolve("err").resolve(task + ".err");
    }

    /** The marker prefix of array task {@code task}: {@code .start}, {@code .exit} and {@code .check} are appended. */
    public Path markerBase(int task) {
        return markersDir().resolve(name + "_" + task);
    }

    /** The marker {@code suffix} ({@code .start}, {@code .exit}, {@code .check}) of array task {@code task}. */
    public Path marker(int task, String suffix) {
        return markersDir().resolve(name + "_" + task + suffix);
    }

    /** The folders stage creates before the batch is submitted (sbatch does not create the output folders). */
    public java.util.List<Path> folders() {
        return flat ? java.util.List.of(dir) : java.util.List.of(dir, dir.resolve("out"), dir.resolve("err"), markersDir());
    }

    /** The {@code #SBATCH --output} pattern ({@code %a} is the array task). */
    public String stdoutPattern() {
        return flat ? dir.resolve(name + "_%a.out").toString() : dir.resolve("out").resolve("%a.out").toString();
    }

    /** The {@code #SBATCH --error} pattern. */
    public String stderrPattern() {
        return flat ? dir.resolve(name + "_%a.err").toString() : dir.resolve("err").resolve("%a.err").toString();
    }

    /** The folder of the markers (the batch script's {@code pm_logs}). */
    public Path markersDir() {
        return flat ? dir : dir.resolve("markers");
    }
}
