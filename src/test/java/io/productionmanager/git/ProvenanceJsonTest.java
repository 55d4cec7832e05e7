package io.productionmanager.git;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvenanceJsonTest {

    private static final Instant AT = Instant.parse("2025-07-17T14:30:22Z");
    private final GitProvenance provenance = new GitProvenance(Clock.fixed(AT, ZoneOffset.UTC), "0.1.0");
    private final ObjectMapper mapper = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void version_info_json_holds_every_field_in_a_stable_order() throws Exception {
        try (TestRepo repo = TestRepo.withCommittedConfig(dir)) {
            repo.write("README.md", "edited\n");
            repo.write("notes.txt", "scratch\n");
            Provenance p = provenance.prepare(
                    new ProvenanceRequest(repo.config(), "alpha", "v1.0", "nersc", 40_000, true, false));

            String json = p.toJson();
            JsonNode node = mapper.readTree(json);

            List<String> keys = new ArrayList<>();
            node.fieldNames().forEachRemaining(keys::add);
            assertThat(keys).containsExactly(
                    "production_name", "production_version", "machine", "job_count", "config_file",
                    "config_repo_path", "config_sha256", "config_tracked", "working_tree", "clean",
                    "modified_files", "untracked_files", "allow_dirty", "no_git", "git_commit", "git_branch",
                    "repo_root", "tag_name", "application_version", "java_version", "java_vendor", "os", "host",
                    "created_at", "warnings");
            assertThat(node.get("production_name").asText()).isEqualTo("alpha");
            assertThat(node.get("production_version").asText()).isEqualTo("v1.0");
            assertThat(node.get("machine").asText()).isEqualTo("nersc");
            assertThat(node.get("job_count").asLong()).isEqualTo(40_000L);
            assertThat(node.get("config_file").asText()).isEqualTo(repo.config().toString());
            assertThat(node.get("config_repo_path").asText()).isEqualTo(TestRepo.CONFIG);
            assertThat(node.get("config_sha256").asText()).isEqualTo(TestRepo.sha256(repo.config())).hasSize(64);
            assertThat(node.get("config_tracked").asBoolean()).isTrue();
            assertThat(node.get("working_tree").asText()).isEqualTo("dirty");
            assertThat(node.get("clean").asBoolean()).isFalse();
            assertThat(texts(node.get("modified_files"))).containsExactly("README.md");
            assertThat(texts(node.get("untracked_files"))).containsExactly("notes.txt");
            assertThat(node.get("allow_dirty").asBoolean()).isTrue();
            assertThat(node.get("no_git").asBoolean()).isFalse();
            assertThat(node.get("git_commit").asText()).isEqualTo(repo.head());
            assertThat(node.get("git_branch").asText()).isEqualTo("main");
            assertThat(node.get("repo_root").asText()).isEqualTo(repo.root.toString());
            assertThat(node.get("tag_name").asText()).isEqualTo("production/alpha_v1.0_allow_dirty_20250717_143022");
            assertThat(node.get("application_version").asText()).isEqualTo("0.1.0");
            assertThat(node.get("java_version").asText()).isEqualTo(Runtime.version().toString());
            assertThat(node.get("java_vendor").asText()).isEqualTo(System.getProperty("java.vendor"));
            assertThat(node.get("os").asText()).startsWith(System.getProperty("os.name"));
            assertThat(node.get("host").asText()).isNotBlank();
            assertThat(node.get("created_at").asText()).isEqualTo("2025-07-17T14:30:22Z");
            assertThat(texts(node.get("warnings")))
                    .anyMatch(w -> w.startsWith("working tree has uncommitted changes"))
                    .contains("working tree has 1 untracked files");
            assertThat(json).as("pretty printed").contains("\n  \"production_name\" : \"alpha\"");
            assertThat(p.toJson()).as("stable").isEqualTo(json);
        }
    }

    @Test
    void no_git_json_has_null_git_fields_and_the_warning() throws Exception {
        Path config = Files.writeString(dir.resolve("alpha.yaml"), "production: {}\n");
        Provenance p = provenance.prepare(new ProvenanceRequest(config, "alpha", "v1.0", "local", 8, false, true));

        JsonNode node = mapper.readTree(p.toJson());

        assertThat(node.get("no_git").asBoolean()).isTrue();
        assertThat(node.get("git_commit").isNull()).isTrue();
        assertThat(node.get("git_branch").isNull()).isTrue();
        assertThat(node.get("repo_root").isNull()).isTrue();
        assertThat(node.get("tag_name").isNull()).isTrue();
        assertThat(node.get("working_tree").asText()).isEqualTo("unknown");
        assertThat(node.get("config_sha256").asText()).isEqualTo(TestRepo.sha256(config));
        assertThat(texts(node.get("warnings"))).containsExactly("configuration is not under version control");
    }

    @Test
    void tag_message_lists_at_most_fifty_files_per_list() throws Exception {
        try (TestRepo repo = TestRepo.withCommittedConfig(dir)) {
            for (int i = 0; i < 60; i++) {
                repo.write(String.format("n%02d.txt", i), "x\n");
            }
            Provenance p = provenance.prepare(
                    new ProvenanceRequest(repo.config(), "alpha", "v1.0", "local", 1, false, false));

            assertThat(p.untrackedFiles()).hasSize(60);
            assertThat(p.tagMessage())
                    .contains("untracked_files (60):")
                    .contains("  n49.txt\n")
                    .doesNotContain("n50.txt")
                    .contains("  and 10 more");
            assertThat(texts(mapper.readTree(p.toJson()).get("untracked_files"))).hasSize(60);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
