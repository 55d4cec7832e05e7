package io.productionmanager.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.productionmanager.testsupport.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.productionmanager.app.TestWorkspace;

/** {@code init} on the command line, through the Camel route: what it prints, and exit 2 with nothing created on refusal. */
class InitCommandTest {

    @TempDir
    Path tmp;

    private TestWorkspace project;

    @AfterEach
    void tearDown() {
        project.close();
    }

    private CliRun init(String... args) {
        String[] all = new String[args.length + 5];
        all[0] = "--config-dir";
        all[1] = project.configDir.toString();
        all[2] = "--state-dir";
        all[3] = tmp.resolve("state").toString();
        all[4] = "init";
        System.arraycopy(args, 0, all, 5, args.length);
        return CliRun.run(all);
    }

    @Test
    void init_prints_jobs_folder_and_tag_and_version_overrides() {
        project = TestWorkspace.inGitRepo(tmp);
        project.writeProduction("small", 3, 0.5, 1.0);
        project.commitAll("Add small");

        CliRun run = init("small", "--version", "v2.0");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("initialized small v2.0: 6 jobs in " + project.basePath().resolve("small"))
                .containsPattern("tag: production/small_v2\\.0_\\d{8}_\\d{6}")
                .contains("next: production-manager stage small");
        assertThat(project.tags()).singleElement().asString().startsWith("production/small_v2.0_");
    }

    @Test
    void a_dirty_tree_exits_2_names_the_files_and_creates_nothing() {
        project = TestWorkspace.inGitRepo(tmp);
        project.writeProduction("small", 3, 0.5, 1.0);
        project.commitAll("Add small");
        project.writeProduction("small", 4, 0.5, 1.0);

        CliRun run = init("small");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(run.err()).contains("config/productions/small.yaml").contains("--allow-dirty");
        assertThat(project.outputs).doesNotExist();
        assertThat(project.tags()).isEmpty();
    }

    @Test
    void allow_dirty_tags_with_allow_dirty_in_the_name() {
        project = TestWorkspace.inGitRepo(tmp);
        project.writeProduction("small", 3, 0.5, 1.0);
        project.commitAll("Add small");
        project.writeProduction("small", 4, 0.5, 1.0);

        CliRun run = init("small", "--allow-dirty");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("tag: production/small_v1\\.0_allow_dirty_\\d{8}_\\d{6}")
                .contains(": 8 jobs in ");
    }

    @Test
    void no_git_outside_a_repository_creates_the_production_and_records_it() throws Exception {
        project = TestWorkspace.withoutGit(tmp);
        project.writeProduction("small", 3, 0.5, 1.0);

        CliRun run = init("small", "--no-git");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("tag: (none: --no-git)");
        JsonNode info = new ObjectMapper().readTree(
                Files.readString(project.basePath().resolve("small/metadata/version_info.json")));
        assertThat(info.get("no_git").asBoolean()).isTrue();
    }

    @Test
    void an_existing_production_exits_2_and_changes_nothing() {
        project = TestWorkspace.inGitRepo(tmp);
        project.writeProduction("small", 3, 0.5, 1.0);
        project.commitAll("Add small");
        assertThat(init("small").exitCode()).isZero();
        var before = TestWorkspace.snapshot(project.outputs);

        CliRun again = init("small");

        assertThat(again.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(again.err()).contains("production 'small' is already initialized at " + project.basePath().resolve("small"))
                .contains("nothing was changed");
        assertThat(TestWorkspace.snapshot(project.outputs)).isEqualTo(before);
        assertThat(project.tags()).hasSize(1);
    }
}
