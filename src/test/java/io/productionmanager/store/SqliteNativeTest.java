package io.productionmanager.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
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

    @AfterEach
    void driverSetUpAsBefore() {
        SqliteNative.forgetForTest();
        SqliteNative.useCachedLibrary();
    }

    @Test
    void a_use_of_the_driver_waits_until_the_set_up_ahead_has_ended() throws Exception {
        SqliteNative.forgetForTest();
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<String> setUpThread = new AtomicReference<>();
        SqliteNative.setUpAhead(() -> {
            setUpThread.set(Thread.currentThread().getName());
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        CompletableFuture<Database> opened = CompletableFuture.supplyAsync(() -> Database.open(tmp.resolve("jobs.db")));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> setUpThread.get() != null);
        assertThat(setUpThread.get()).isEqualTo("sqlite-set-up");
        // the opening waits for the set-up thread, however long it takes
        Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !opened.isDone());
        release.countDown();
        try (Database db = opened.get(30, TimeUnit.SECONDS)) {
            assertThat(db.file()).isEqualTo(tmp.resolve("jobs.db"));
        }
        SqliteNative.awaitSetUpAhead();
        // begun once per process: a second call starts nothing
        SqliteNative.setUpAhead(() -> setUpThread.set("again"));
        assertThat(setUpThread.get()).isEqualTo("sqlite-set-up");
    }

    @Test
    void the_end_of_a_set_up_ahead_can_be_awaited() throws Exception {
        SqliteNative.forgetForTest();
        CountDownLatch release = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
        SqliteNative.setUpAhead(() -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        CompletableFuture<Void> awaited = CompletableFuture.runAsync(() -> {
            SqliteNative.awaitSetUpAhead();
            ended.set(true);
        });
        Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !ended.get());
        release.countDown();
        awaited.get(30, TimeUnit.SECONDS);
        assertThat(ended).isTrue();
    }

    @Test
    void work_before_the_set_up_that_fails_changes_nothing() {
        SqliteNative.forgetForTest();
        SqliteNative.setUpAhead(() -> {
            throw new IllegalStateException("boom");
        });
        try (Database db = Database.open(tmp.resolve("jobs.db"))) {
            assertThat(db.file()).isEqualTo(tmp.resolve("jobs.db"));
        }
    }
}
