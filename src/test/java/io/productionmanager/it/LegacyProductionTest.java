package io.productionmanager.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import io.productionmanager.production.Production;
import io.productionmanager.production.StatusReport;
import io.productionmanager.production.Workspace;
import io.productionmanager.config.ResolvedConfig;
import io.productionmanager.qa.ReportFiles;
import io.productionmanager.qa.ReportService;
import io.productionmanager.store.Job;
import io.productionmanager.store.JobState;
import io.productionmanager.testsupport.Hdf5Fixtures;

/**
 * A production initialized before {@code outputs.filename} and {@code outputs.validation} existed: its
 * {@code metadata/production_config.yaml} has neither. It still polls, validates and reports as before:
 * its outputs must hold the toy generator's datasets, the only ones the validator knew then.
 */
class LegacyProductionTest extends PipelineTestCase {

    @Test
    void a_production_from_before_outputs_validation_is_validated_against_the_toy_datasets_and_reported() throws Exception {
        ProductionYaml toy = ProductionYaml.named("legacy_toy").executor("local").redshifts(0.5, 1.0).realizations(2);
        Path onlyX = Hdf5Fixtures.onlyX(root.resolve("fixtures/only_x.h5"));
        ProductionYaml xOnly = ProductionYaml.named("legacy_x").executor("local").redshifts(0.5).realizations(1).maxRetries(0)
                .command("bash " + JobContractCases.payload("copy_hdf5.sh") + " " + onlyX + " {output}");
        for (ProductionYaml prod : new ProductionYaml[] {toy, xOnly}) {
            pipeline.write(prod);
            pipeline.init(prod.name());
            writtenBeforeTheChange(pipeline.open(prod.name()).dir());
        }
        // a new command invocation reads the configurations back from disk
        pipeline.restart();
        for (ProductionYaml prod : new ProductionYaml[] {toy, xOnly}) {
            Production p = pipeline.open(prod.name());
            assertThat(p.config().outputs().validation().requiredDatasets()).containsExactly("x", "y", "z", "magnitude");
            assertThat(p.config().outputs().validation().format()).isEqualTo("hdf5");
            assertThat(p.config().outputs().filename()).isEqualTo("mock_z{redshift}.hdf5");
            assertThat(ResolvedConfig.fromResolvedYaml(Production.configFile(p.dir())).sources())
                    .containsEntry("outputs.validation.required_datasets", ResolvedConfig.MIGRATED);
            assertThat(pipeline.submit(prod.name()).hasErrors()).isFalse();
        }

        pipeline.pollUntil(Duration.ofSeconds(120), () -> pipeline.all(toy.name(), JobState.COMPLETED)
                && pipeline.all(xOnly.name(), JobState.FAILED));

        Job failed = pipeline.jobs(xOnly.name()).get(0);
        assertThat(failed.failureReason()).startsWith("INVALID_OUTPUT: MISSING_DATASET")
                .contains("required datasets 'y', 'z', 'magnitude' are missing");
        Production p = pipeline.open(toy.name());
        assertThat(StatusReport.of(p, false).count(JobState.COMPLETED)).isEqualTo(4);
        try (Workspace ws = new Workspace(pipeline.configDir(), "local", Clock.systemUTC())) {
            ReportFiles report = new ReportService(ws, Clock.systemUTC()).report(toy.name());
            assertThat(Files.readString(report.index())).contains(toy.name());
            assertThat(Files.readString(report.json()))
                    .contains("\"valid\"");
        }
    }

    /** Rewrites {@code metadata/production_config.yaml} as init wrote it before the two keys existed. */
    @SuppressWarnings("unchecked")
    static void writtenBeforeTheChange(Path productionDir) throws IOException {
        Path file = Production.configFile(productionDir);
        Yaml yaml = new Yaml();
        Map<String, Object> doc = yaml.load(Files.readString(file));
        Map<String, Object> outputs = (Map<String, Object>) doc.get("outputs");
        assertThat(outputs.remove("filename")).isNotNull();
        assertThat(outputs.remove("validation")).isNotNull();
        Map<String, Object> sources = (Map<String, Object>) ((Map<String, Object>) doc.get("resolved")).get("sources");
        sources.keySet().removeIf(k -> k.startsWith("outputs.filename") || k.startsWith("outputs.validation"));
        Files.writeString(file, yaml.dump(doc));
        assertThat(Files.readString(file)).doesNotContain("validation").doesNotContain("filename");
    }
}
