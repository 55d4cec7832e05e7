package io.productionmanager.it;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Builder of production files for end-to-end tests: the toy generator as the job command (unless another
 * command is given), tiny retry delays.
 */
final class ProductionYaml {

    private final String name;
    private String executor = "slurm";
    private List<Double> redshifts = List.of(0.5, 1.0, 1.5);
    private int realizations = 4;
    private int batchSize = 5;
    private String generatorArgs = "";
    private String partition = "debug";
    private double timeoutHours = 0.25;
    private int maxRetries = 2;
    private List<Integer> noRetryExitCodes = List.of();
    private double timeoutFactor = 1.5;
    private String command;
    private String outputs = "  validation:\n    required_datasets: [x, y, z, magnitude]\n";
    private String science = "";

    private ProductionYaml(String name) {
        this.name = name;
    }

    /** A production named {@code prefix_<random>}: SLURM job names carry it, so runs never see each other's arrays. */
    static ProductionYaml named(String prefix) {
        return new ProductionYaml(prefix + "_" + UUID.randomUUID().toString().substring(0, 8));
    }

    String name() {
        return name;
    }

    ProductionYaml executor(String v) { executor = v; return this; }
    ProductionYaml redshifts(Double... v) { redshifts = List.of(v); return this; }
    ProductionYaml realizations(int v) { realizations = v; return this; }
    ProductionYaml batchSize(int v) { batchSize = v; return this; }
    /** Extra switches of MockCatalogGenerator, e.g. {@code --exit-code 3}. */
    ProductionYaml generatorArgs(String v) { generatorArgs = v; return this; }
    ProductionYaml partition(String v) { partition = v; return this; }
    ProductionYaml timeoutHours(double v) { timeoutHours = v; return this; }
    ProductionYaml maxRetries(int v) { maxRetries = v; return this; }
    ProductionYaml noRetryExitCodes(Integer... v) { noRetryExitCodes = List.of(v); return this; }
    ProductionYaml timeoutFactor(double v) { timeoutFactor = v; return this; }
    /** A job command of the test's own instead of the toy generator (written in double quotes: no '"' in it). */
    ProductionYaml command(String v) { command = v; outputs = ""; return this; }
    /** Lines added under {@code outputs:} (indented two spaces), e.g. a {@code validation:} block. */
    ProductionYaml outputs(String v) { outputs = v; return this; }
    /** Lines added under {@code science:} (indented two spaces), e.g. {@code cosmology} and {@code catalog_params}. */
    ProductionYaml science(String v) { science = v; return this; }

    String toYaml(Path baseDir) {
        String command = this.command != null ? this.command : "java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp {app_jar} io.productionmanager.mock.MockCatalogGenerator"
                + " --realization {realization} --redshift {redshift} --output {output} --attempt {attempt}"
                + (generatorArgs.isBlank() ? "" : " " + generatorArgs);
        return """
                production:
                  name: "%s"
                  version: "v1.0"
                science:
                  redshifts: [%s]
                  realizations:
                    start: 0
                    count: %d
                %sexecution:
                  executor: %s
                  batch_size: %d
                  timeout_hours: %s
                  command: "%s"
                  retry_policy:
                    max_retries: %d
                    initial_delay_minutes: 0.01
                    backoff_multiplier: 1.0
                    timeout_factor: %s
                    no_retry_exit_codes: [%s]
                resources:
                  partition: "%s"
                  memory_gb: 1.0
                outputs:
                  base_path: "%s"
                %s""".formatted(name,
                redshifts.stream().map(String::valueOf).collect(Collectors.joining(", ")),
                realizations, science, executor, batchSize, timeoutHours, command, maxRetries, timeoutFactor,
                noRetryExitCodes.stream().map(String::valueOf).collect(Collectors.joining(", ")),
                partition, baseDir, outputs);
    }
}
