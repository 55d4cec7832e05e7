package io.productionmanager.store;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A store test's set-up: a fresh {@link StoreFixture} in a temporary folder, and its store. */
abstract class StoreTestCase {

    @TempDir
    Path dir;

    StoreFixture f;
    JobStore store;

    @BeforeEach
    void openStore() {
        f = new StoreFixture(dir);
        store = f.store;
    }
}
