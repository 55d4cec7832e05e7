package io.productionmanager.it;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** An integration test's set-up: a {@link Pipeline} (the application on its routes) in a temporary folder, closed after. */
abstract class PipelineTestCase {

    @TempDir
    Path root;

    Pipeline pipeline;

    @BeforeEach
    void startPipeline() throws Exception {
        beforePipeline();
        pipeline = Pipeline.start(root);
    }

    /** Runs before the pipeline starts, e.g. to skip the test without a SLURM. */
    void beforePipeline() throws Exception {
    }

    @AfterEach
    void stopPipeline() {
        if (pipeline != null) {
            pipeline.close();
        }
    }
}
