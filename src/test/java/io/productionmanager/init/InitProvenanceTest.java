package io.productionmanager.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.productionmanager.production.Production;
import io.productionmanager.app.TestWorkspace;
import io.productionmanager.production.Workspace;
import io.productionmanager.git.NotInRepositoryException;
import io.productionmanager.store.Job;
import io.productionmanager.store.JobState;

/** What a successful init records: tag name and message, version_info.json, the resolved config and the job rows. */
class InitProvenanceTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T12:34:56Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private TestWorkspace project;
    private Workspace workspace;

    @AfterEach
    void tearDown() {
        if (workspace != null) {
            workspace.close();
        }
        project.close();
    }

    private InitService initService(boolean git) {
        project = git ? TestWorkspace.inGitRepo(tmp) : TestWorkspace.withoutGit(tmp);
        project.writeProduction("small", 3, 0.5, 1.0);
        if (git) {
            project.commitAll("Add small");
        }
        workspace = project.workspace(CLOCK);
        return project.initService(workspace, CLOCK, step -> { });
    }

    @Test
    void a_clean_tree_is_tagged_with_name_version_and_utc_timestamp() throws Exception {
        InitService init = initService(true);

        InitResult r = init.init(InitRequest.of("small"));

        assertThat(r.tag()).isEqualTo("production/small_v1.0_20260101_123456");
        assertThat(project.tags()).containsExactly("production/small_v1.0_20260101_123456");
        assertThat(r.jobs()).isEqualTo(6);
        assertThat(r.productionDir()).isEqualTo(project.basePath().resolve("small"));
        for (String folder : InitService.FOLDERS) {
            assertThat(r.productionDir().resolve(folder)).isDirectory();
        }
    }

    @Test
    void the_tag_message_and_version_info_carry_hash_job_count_machine_and_commit() throws Exception {
        InitService init = initService(true);
        Path file = project.configDir.resolve("productions/small.yaml");
        String sha = sha256(file);

        InitResult r = init.init(InitRequest.of("small"));

        JsonNode info = JSON.readTree(r.productionDir().resolve("metadata/version_info.json").toFile());
        assertThat(info.get("production_name").asText()).isEqualTo("small");
        assertThat(info.get("production_version").asText()).isEqualTo("v1.0");
        assertThat(info.get("config_sha256").asText()).isEqualTo(sha);
        assertThat(info.get("job_count").asLong()).isEqualTo(6);
        assertThat(info.get("machine").asText()).isEqualTo("local");
        assertThat(info.get("git_commit").asText()).isEqualTo(project.head());
        assertThat(info.get("working_tree").asText()).isEqualTo("clean");
        assertThat(info.get("tag_name").asText()).isEqualTo(r.tag());
        assertThat(info.get("created_at").asText()).isEqualTo("2026-01-01T12:34:56Z");

        String message = tagMessage(r.tag());
        assertThat(message).startsWith("production small v1.0")
                .contains("config_sha256: " + sha)
                .contains("job_count: 6")
                .contains("machine: local")
                .contains("git_commit: " + project.head())
                .contains("working_tree: clean");
    }

    @Test
    void allow_dirty_tags_a_dirty_tree_with_allow_dirty_in_the_name_and_lists_the_files() throws Exception {
        InitService init = initService(true);
        project.write("config/defaults/local.yaml", Files.readString(project.configDir.resolve("defaults/local.yaml"))
                + "# edited\n");

        InitResult r = init.init(new InitRequest("small", null, true, false));

        assertThat(r.tag()).isEqualTo("production/small_v1.0_allow_dirty_20260101_123456");
        JsonNode info = JSON.readTree(r.productionDir().resolve("metadata/version_info.json").toFile());
        assertThat(info.get("working_tree").asText()).isEqualTo("dirty");
        assertThat(info.get("allow_dirty").asBoolean()).isTrue();
        assertThat(info.get("modified_files").toString()).contains("config/defaults/local.yaml");
        assertThat(tagMessage(r.tag())).contains("working_tree: dirty").contains("config/defaults/local.yaml");
    }

    @Test
    void version_flag_overrides_the_file_version_in_tag_store_and_resolved_config() throws Exception {
        InitService init = initService(true);

        InitResult r = init.init(new InitRequest("small", "v2.0", false, false));

        assertThat(r.version()).isEqualTo("v2.0");
        assertThat(r.tag()).isEqualTo("production/small_v2.0_20260101_123456");
        Production p = workspace.open("small");
        assertThat(p.config().version()).isEqualTo("v2.0");
        assertThat(p.store().meta("version")).contains("v2.0");
        JsonNode info = JSON.readTree(r.productionDir().resolve("metadata/version_info.json").toFile());
        assertThat(info.get("production_version").asText()).isEqualTo("v2.0");
    }

    @Test
    void no_git_works_outside_a_repository_and_records_it() throws Exception {
        InitService init = initService(false);

        InitResult r = init.init(new InitRequest("small", null, false, true));

        assertThat(r.tag()).isNull();
        JsonNode info = JSON.readTree(r.productionDir().resolve("metadata/version_info.json").toFile());
        assertThat(info.get("no_git").asBoolean()).isTrue();
        assertThat(info.get("working_tree").asText()).isEqualTo("unknown");
        assertThat(info.get("git_commit").isNull()).isTrue();
        assertThat(info.get("warnings").toString()).contains("not under version control");
        assertThat(workspace.open("small").store().meta("tag")).contains("");
    }

    @Test
    void outside_a_repository_without_no_git_is_refused_and_creates_nothing() {
        InitService init = initService(false);

        assertThatThrownBy(() -> init.init(InitRequest.of("small"))).isInstanceOf(NotInRepositoryException.class);

        assertThat(project.outputs).doesNotExist();
    }

    @Test
    void the_resolved_config_is_written_and_read_back_even_after_the_file_changes() throws Exception {
        InitService init = initService(true);
        InitResult r = init.init(InitRequest.of("small"));
        Path resolved = r.productionDir().resolve("metadata/production_config.yaml");
        assertThat(resolved).isRegularFile();
        assertThat(Files.readString(resolved)).contains("name: small").contains(project.basePath().toString());

        // the production's file is edited after init: the production keeps the configuration it was created with
        project.writeProduction("small", 50, 0.5, 1.0, 1.5);
        workspace.close();
        workspace = project.workspace(CLOCK);

        Production p = workspace.open("small");
        assertThat(p.config().science().realizationCount()).isEqualTo(3);
        assertThat(p.config().science().redshifts()).containsExactly(0.5, 1.0);
        assertThat(p.config().machine()).isEqualTo("local");
        assertThat(p.config().execution().autoSubmit()).isFalse();
        assertThat(p.dir()).isEqualTo(r.productionDir());
    }

    @Test
    void job_rows_are_realizations_times_redshifts_with_ids_and_output_paths() {
        InitService init = initService(true);

        init.init(InitRequest.of("small"));

        List<Job> jobs = workspace.open("small").store().jobs(JobState.values());
        assertThat(jobs).hasSize(3 * 2);
        assertThat(jobs).extracting(Job::id).containsExactlyInAnyOrder(
                "r0000_z0.500", "r0000_z1.000", "r0001_z0.500", "r0001_z1.000", "r0002_z0.500", "r0002_z1.000");
        Job first = jobs.stream().filter(j -> j.id().equals("r0000_z0.500")).findFirst().orElseThrow();
        assertThat(first.outputPath()).isEqualTo("catalogs/r0000/mock_z0.500.hdf5");
        assertThat(first.realization()).isZero();
        assertThat(first.redshift()).isEqualTo(0.5);
        assertThat(jobs).allSatisfy(j -> {
            assertThat(j.state()).isEqualTo(JobState.PENDING);
            assertThat(j.attempt()).isEqualTo(1);
        });
        assertThat(workspace.open("small").store().counts()).containsEntry(JobState.PENDING, 6L);
    }

    private String tagMessage(String tag) throws Exception {
        Ref ref = project.repository().exactRef("refs/tags/" + tag);
        try (RevWalk walk = new RevWalk(project.repository())) {
            RevTag t = walk.parseTag(ref.getObjectId());
            return t.getFullMessage();
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
