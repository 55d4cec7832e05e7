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
}
