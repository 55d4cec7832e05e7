package io.productionmanager.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.productionmanager.store.JobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveTrainingTest {

    @TempDir
    Path scratch;

    @Test
    void the_training_run_succeeds_and_writes_only_inside_its_scratch_folder() throws Exception {
        Path work = scratch.resolve("work");
        assertThat(ArchiveTraining.train(work)).isZero();
        // the demo production was initialized and staged there, and registered in the scratch catalog
        assertThat(work.resolve("productions/demo/logs")).isDirectory();
        try (Stream<Path> scripts = Files.walk(work.resolve("productions/demo/logs"))) {
            assertThat(scripts.filter(p -> p.getFileName().toString().endsWith(".sh"))).isNotEmpty();
        }
        assertThat(work.resolve(".pm/catalog.db")).isRegularFile();
        try (Stream<Path> top = Files.list(scratch)) {
            assertThat(top.map(p -> p.getFileName().toString())).containsExactly("work");
        }
        // the read-only commands' training runs in the folder the full one left, and changes nothing there
        java.util.TreeMap<String, String> before = io.productionmanager.app.TestWorkspace.snapshot(work.resolve("productions"));
        assertThat(ArchiveTraining.trainReadOnly(work)).isZero();
        assertThat(io.productionmanager.app.TestWorkspace.snapshot(work.resolve("productions"))).isEqualTo(before);
        // a second run in the same folder finds the production already there: the training is for fresh folders
        assertThat(ArchiveTraining.train(work)).isNotZero();
        // and the read-only one needs a folder the full one made
        assertThat(ArchiveTraining.trainReadOnly(scratch.resolve("empty"))).isNotZero();
    }
}
