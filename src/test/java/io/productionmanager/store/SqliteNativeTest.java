package io.productionmanager.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver's platform folder is asked once per kind of machine and read back from the cache afterwards. */
class SqliteNativeTest {

    @TempDir
    Path tmp;

    @Test
    void the_platform_folder_is_kept_and_read_back() throws IOException {
        String asked = org.sqlite.util.OSInfo.getNativeLibFolderPathForCurrentOS();
        assertThat(SqliteNative.platformFolder(tmp)).isEqualTo(asked);
        List<Path> kept;
        try (Stream<Path> files = Files.list(tmp)) {
            kept = files.toList();
        }
        assertThat(kept).hasSize(1);
        String text = Files.readString(kept.get(0));
        assertThat(text).startsWith(asked + "\n").contains("os.arch=" + System.getProperty("os.arch"));

        // what is kept is what the next start uses, without asking the driver
        Files.writeString(kept.get(0), text.replace(asked + "\n", "Kept/elsewhere\n"));
        assertThat(SqliteNative.platformFolder(tmp)).isEqualTo("Kept/elsewhere");

        // kept for another kind of machine (here: another architecture) or unusable: asked again and replaced
        Files.writeString(kept.get(0), text.replace("os.arch=", "os.arch=other").replace(asked + "\n", "Kept/elsewhere\n"));
        assertThat(SqliteNative.platformFolder(tmp)).isEqualTo(asked);
        Files.writeString(kept.get(0), text.replace(asked + "\n", "../../etc\n"));
        assertThat(SqliteNative.platformFolder(tmp)).isEqualTo(asked);
        assertThat(Files.readString(kept.get(0))).isEqualTo(text);
    }
}
