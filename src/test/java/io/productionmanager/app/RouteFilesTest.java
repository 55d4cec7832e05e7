package io.productionmanager.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.productionmanager.config.ConfigFixtures;

/**
 * The route files are named one by one in application.properties (a wildcard scans the whole shaded jar at
 * each start), so a new file in routes/ must be added there; commands load all but the poller and watcher.
 */
class RouteFilesTest {

    @Test
    void every_route_file_is_listed_in_application_properties() throws Exception {
        List<String> files;
        try (Stream<Path> s = Files.list(ConfigFixtures.projectDir().resolve("routes"))) {
            files = s.map(p -> "classpath:routes/" + p.getFileName()).filter(n -> n.endsWith(".camel.yaml")).toList();
        }
        Properties props = new Properties();
        try (InputStream in = PmApplication.class.getResourceAsStream("/application.properties")) {
            props.load(in);
        }

        List<String> listed = split(props.getProperty("camel.main.routes-include-pattern"));

        assertThat(listed).doesNotContain("classpath:routes/*.camel.yaml").containsExactlyInAnyOrderElementsOf(files);
        assertThat(split(PmApplication.COMMAND_ROUTES)).isSubsetOf(files)
                .doesNotContain("classpath:routes/poll.camel.yaml", "classpath:routes/watch-productions.camel.yaml");
    }

    private static List<String> split(String patterns) {
        return Arrays.stream(patterns.split(",")).map(String::strip).toList();
    }
}
