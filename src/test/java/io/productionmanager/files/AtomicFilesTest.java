package io.productionmanager.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void replaces_the_content_with_the_asked_permissions_and_leaves_no_temporary_file() throws Exception {
        Path target = dir.resolve("batch_0000.sh");
        Files.writeString(target, "old");
        AtomicFiles.write(target, "#!/bin/bash\necho é\n", "rwxr-xr-x");
        assertThat(Files.readString(target)).isEqualTo("#!/bin/bash\necho é\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rwxr-xr-x");
        AtomicFiles.write(dir.resolve("plain.json"), "{}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("plain.json")))).isEqualTo("rw-r--r--");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("batch_0000.sh", "plain.json");
        }
    }

    @Test
    void a_group_puts_every_file_in_place_on_commit_and_nothing_when_closed_without_it() throws Exception {
        Path kept = dir.resolve("batch_0001.sh");
        Files.writeString(kept, "old");
        try (AtomicFiles.Group group = AtomicFiles.group()) {
            group.write(kept, "new", "rwxr-xr-x");
            group.write(dir.resolve("batch_0001.tasks"), "t", AtomicFiles.READABLE);
            assertThat(Files.readString(kept)).isEqualTo("old");
            assertThat(dir.resolve("batch_0001.tasks")).doesNotExist();
        }
        assertThat(Files.readString(kept)).isEqualTo("old");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("batch_0001.sh");
        }
        try (AtomicFiles.Group group = AtomicFiles.group()) {
            for (int i = 0; i < 40; i++) {
                group.write(dir.resolve("f" + i), "content " + i, AtomicFiles.READABLE);
            }
            group.write(kept, "new", "rwxr-xr-x");
            group.commit();
        }
        assertThat(Files.readString(kept)).isEqualTo("new");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kept))).isEqualTo("rwxr-xr-x");
        for (int i = 0; i < 40; i++) {
            assertThat(Files.readString(dir.resolve("f" + i))).isEqualTo("content " + i);
        }
        try (var files = Files.list(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
        }
    }
}
