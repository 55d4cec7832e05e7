package io.productionmanager.stage;

import java.nio.file.Path;

/**
 * Where the files of one batch live: its script, its manifest, and per array task the stdout and stderr
 * files and the {@code .start}/{@code .exit} markers. The one place that knows the log layout.
 *
 * <p>Layout (one folder per batch, one sub-folder per kind of file, so no folder holds more entries than
 * the batch has tasks):
 * <pre>
 * logs/batch_0003/batch_0003.sh
 *                /batch_0003.tasks
 *                /out/7.out   /err/7.err   /markers/7.start  /markers/7.exit
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

    /** The marker prefix of array task {@code task}: {@code .start} and {@code .exit} are appended. */
    public Path markerBase(int task) {
        return flat ? dir.resolve(name + "_" + task) : dir.resolve("markers").resolve(String.valueOf(task));
    }

    /** The {@code #SBATCH --output} pattern ({@code %a} is the array task). */
    public String stdoutPattern() {
        return flat ? dir.resolve(name + "_%a.out").toString() : dir.resolve("out").resolve("%a.out").toString();
    }

    /** The {@code #SBATCH --error} pattern. */
    public String stderrPattern() {
        return flat ? dir.resolve(name + "_%a.err").toString() : dir.resolve("err").resolve("%a.err").toString();
    }

    /** The folder of the markers (the batch script writes {@code <task>.start} and {@code <task>.exit} there). */
    public Path markersDir() {
        return flat ? dir : dir.resolve("markers");
    }
}
