package io.productionmanager.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProductionNameTest {

    @Test
    void the_schema_states_the_same_production_name_pattern_as_the_code() {
        Path schema = Path.of("config/schemas/production_schema.yaml");
        JsonNode root = YamlLoader.load(schema, schema).root();
        assertThat(root.findValues("name").stream().map(n -> n.path("pattern").asText()))
                .as("production.name pattern in %s", schema)
                .contains(ProductionName.REGEX);
    }

    @Test
    void a_name_is_a_plain_folder_name() {
        assertThat(ProductionName.isValid("lensing_v2.1-a")).isTrue();
        assertThat(ProductionName.isValid("_hidden")).isFalse();
        assertThat(ProductionName.isValid("a..b")).isFalse();
        assertThat(ProductionName.isValid("a/b")).isFalse();
        assertThat(ProductionName.isValid(null)).isFalse();
    }

    @Test
    void the_stem_of_a_production_file_is_its_name() {
        assertThat(ProductionName.stem(Path.of("config/productions/lensing.yaml"))).isEqualTo("lensing");
        assertThat(ProductionName.stem(Path.of("noext"))).isEqualTo("noext");
    }
}
