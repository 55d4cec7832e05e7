package io.productionmanager.testsupport;

import io.productionmanager.config.ProductionConfig;
import io.productionmanager.config.ProductionConfig.CleanupPolicy;
import io.productionmanager.config.ProductionConfig.Execution;
import io.productionmanager.config.ProductionConfig.Outputs;
import io.productionmanager.config.ProductionConfig.Resources;
import io.productionmanager.config.ProductionConfig.RetryPolicy;
import io.productionmanager.config.ProductionConfig.Science;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Test-data builder for resolved {@link ProductionConfig}s: sensible defaults, change only what a test is about. */
public final class Configs {

    private Configs() {
    }

    /** A small valid production ("test_prod", 10 realizations × 2 redshifts, local executor). */
    public static Builder aConfig() {
        return new Builder();
    }

    /** Mutable builder; every setter returns this. */
    public static final class Builder {
        private String name = "test_prod";
        private String version = "v1.0";
        private Path basePath = Path.of("/tmp/pm-productions");
        private List<Double> redshifts = List.of(0.5, 1.0);
        private int realizationCount = 10;
        private int batchSize = 200;
        private double timeoutHours = 24.0;
        private List<String> command = List.of("/bin/true");
        private String executor = "local";
        private int arrayThrottle;
        private String account;
        private String partition;
        private String qos;
        private String constraint;
        private int nodesPerJob = 1;
        private int tasksPerNode = 1;
        private int cpusPerTask = 1;
        private int gpusPerNode;
        private double memoryGb;
        private int maxArraySize;
        private String cosmology = "planck2018";
        private Map<String, Object> catalogParams = Map.of();
        private ProductionConfig.Validation validation =
                new ProductionConfig.Validation("hdf5", List.of(), 1, List.of());

        public Builder name(String v) { name = v; return this; }
        public Builder version(String v) { version = v; return this; }
        public Builder basePath(Path v) { basePath = v; return this; }
        public Builder redshifts(Double... v) { redshifts = List.of(v); return this; }
        public Builder realizationCount(int v) { realizationCount = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder timeoutHours(double v) { timeoutHours = v; return this; }
        public Builder command(String... words) { command = List.of(words); return this; }
        public Builder command(List<String> words) { command = List.copyOf(words); return this; }
        public Builder executor(String v) { executor = v; return this; }
        public Builder arrayThrottle(int v) { arrayThrottle = v; return this; }
        public Builder account(String v) { account = v; return this; }
        public Builder partition(String v) { partition = v; return this; }
        public Builder qos(String v) { qos = v; return this; }
        public Builder constraint(String v) { constraint = v; return this; }
        public Builder nodesPerJob(int v) { nodesPerJob = v; return this; }
        public Builder tasksPerNode(int v) { tasksPerNode = v; return this; }
        public Builder cpusPerTask(int v) { cpusPerTask = v; return this; }
        public Builder gpusPerNode(int v) { gpusPerNode = v; return this; }
        public Builder memoryGb(double v) { memoryGb = v; return this; }
        public Builder maxArraySize(int v) { maxArraySize = v; return this; }
        public Builder cosmology(String v) { cosmology = v; return this; }
        public Builder catalogParams(Map<String, Object> v) { catalogParams = v; return this; }
        public Builder validation(ProductionConfig.Validation v) { validation = v; return this; }
        /** outputs.validation.check_command as words. */
        public Builder checkCommand(String... words) {
            validation = new ProductionConfig.Validation(validation.format(), validation.requiredDatasets(),
                    validation.minBytes(), List.of(words));
            return this;
        }

        public ProductionConfig build() {
            return new ProductionConfig(
                    name, version, "test production", List.of("test"), "local", Path.of("config/productions/" + name + ".yaml"),
                    new Science(cosmology, redshifts, 0, realizationCount, 1, catalogParams),
                    new Execution("cpu_intensive", batchSize, timeoutHours,
                            new RetryPolicy(3, 2.0, 10.0, 240.0, 1.5, 48.0, 1.5, 512.0, List.of(), 30.0, 3),
                            command, executor, true, 10_000, 5.0, arrayThrottle, 0),
                    new Resources(account, partition, qos, constraint, nodesPerJob, tasksPerNode, cpusPerTask,
                            gpusPerNode, memoryGb, maxArraySize),
                    new Outputs(basePath, "hierarchical", "none", new CleanupPolicy(90, false, true),
                            "mock_z{redshift}.hdf5", validation));
        }
    }
}
