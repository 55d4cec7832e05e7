package io.productionmanager.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.productionmanager.production.Production;
import io.productionmanager.production.ProductionExistsException;
import io.productionmanager.app.TestWorkspace;
import io.productionmanager.production.Workspace;
import io.productionmanager.git.DirtyTreeException;

/** Init is all or nothing: a failure at any step leaves no folder, database or tag behind and names the step. */
class InitAtomicityTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private TestWorkspace project;
    private Workspace workspace;

    @BeforeEach
    void setUp() {
        project = TestWorkspace.inGitRepo(tmp);
        project.writeProduction("small", 3, 0.5, 1.0);
        project.commitAll("Add small");
        workspace = project.workspace(CLOCK);
    }

    @AfterEach
    void tearDown() {
        workspace.close();
        project.close();
    }

    @ParameterizedTest(name = "a failure before {0} leaves nothing behind")
    @EnumSource(value = InitStep.class, names = {"CREATE_DIRECTORIES", "WRITE_CONFIG", "CREATE_JOBS", "CREATE_TAG",
            "WRITE_VERSION_INFO"})
    void a_failure_before_a_step_undoes_every_earlier_step(InitStep failing) {
        InitService init = project.initService(workspace, CLOCK, failAt(failing));

        assertThatThrownBy(() -> init.init(InitRequest.of("small")))
                .isInstanceOfSatisfying(InitException.class, e -> assertThat(e.step()).isEqualTo(failing))
                .hasMessageContaining("failed at step '" + failing.description() + "'")
                .hasMessageContaining("injected failure");

        assertNothingLeft();
    }

    @Test
    void a_base_path_that_init_created_is_removed_on_failure() {
        // base_path is outputs/productions and outputs/ does not exist yet: init creates both
        assertThat(project.outputs).doesNotExist();
        InitService init = project.initService(workspace, CLOCK, failAt(InitStep.WRITE_VERSION_INFO));

        assertThatThrownBy(() -> init.init(InitRequest.of("small"))).isInstanceOf(InitException.class);

        assertThat(project.outputs).doesNotExist();
    }

    @Test
    void a_base_path_that_existed_before_is_kept_on_failure() throws IOException {
        Files.createDirectories(project.basePath());
        Path neighbour = Files.writeString(project.basePath().resolve("other.txt"), "not ours");
        InitService init = project.initService(workspace, CLOCK, failAt(InitStep.CREATE_TAG));

        assertThatThrownBy(() -> init.init(InitRequest.of("small"))).isInstanceOf(InitException.class);

        assertThat(project.basePath().resolve("small")).doesNotExist();
        assertThat(neighbour).hasContent("not ours");
    }

    @Test
    void a_database_failure_inside_create_jobs_is_undone() {
        // the job database path is taken by a folder, so opening the database fails inside CREATE_JOBS
        InitService init = project.initService(workspace, CLOCK, step -> {
            if (step == InitStep.CREATE_JOBS) {
                try {
                    Files.createDirectories(Production.databaseFile(project.basePath().resolve("small")));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });

        assertThatThrownBy(() -> init.init(InitRequest.of("small")))
                .isInstanceOfSatisfying(InitException.class, e -> assertThat(e.step()).isEqualTo(InitStep.CREATE_JOBS))
                .hasMessageContaining("create the job rows");

        assertNothingLeft();
    }

    @Test
    void duplicate_job_ids_inside_create_jobs_are_undone_and_named() {
        // 0.5 and 0.5001 are different redshifts but format to the same job id r0000_z0.500
        project.writeProduction("small", 3, 0.5, 0.5001);
        project.commitAll("Redshifts that collide");
        InitService init = project.initService(workspace, CLOCK, step -> { });

        assertThatThrownBy(() -> init.init(InitRequest.of("small")))
                .isInstanceOfSatisfying(InitException.class, e -> assertThat(e.step()).isEqualTo(InitStep.CREATE_JOBS))
                .hasMessageContaining("r0000_z0.500");

        assertNothingLeft();
    }

    @Test
    void initializing_an_existing_production_is_refused_and_changes_nothing() {
        InitService init = project.initService(workspace, CLOCK, step -> { });
        init.init(InitRequest.of("small"));
        TreeMap<String, String> before = TestWorkspace.snapshot(project.outputs);
        assertThat(project.tags()).hasSize(1);

        assertThatThrownBy(() -> init.init(InitRequest.of("small")))
                .isInstanceOf(ProductionExistsException.class)
                .hasMessageContaining("production 'small' is already initialized at " + project.basePath().resolve("small"))
                .hasMessageContaining("registered in " + project.catalogFile())
                .hasMessageContaining("nothing was changed");

        assertThat(TestWorkspace.snapshot(project.outputs)).isEqualTo(before);
        assertThat(project.tags()).hasSize(1);
    }

    @Test
    void an_init_that_loses_the_race_for_the_folder_leaves_the_winners_production_alone() {
        Path dir = project.basePath().resolve("small");
        // another init of the same production creates the folder between our check and our mkdir
        InitService init = project.initService(workspace, CLOCK, step -> {
            if (step == InitStep.CREATE_DIRECTORIES) {
                try {
                    Files.createDirectories(dir.resolve("metadata"));
                    Files.writeString(dir.resolve("metadata/winner.txt"), "the other init");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });

        assertThatThrownBy(() -> init.init(InitRequest.of("small")))
                .isInstanceOf(ProductionExistsException.class)
                .hasMessageContaining("production 'small' already exists");

        assertThat(dir.resolve("metadata/winner.txt")).hasContent("the other init");
        assertThat(project.tags()).isEmpty();
    }

    @Test
    void a_dirty_tree_is_refused_before_anything_is_created() throws IOException {
        Path defaults = project.configDir.resolve("defaults/local.yaml");
        project.write("config/defaults/local.yaml", Files.readString(defaults) + "# edited, not committed\n");
        InitService init = project.initService(workspace, CLOCK, step -> { });

        assertThatThrownBy(() -> init.init(InitRequest.of("small")))
                .isInstanceOf(DirtyTreeException.class)
                .hasMessageContaining("config/defaults/local.yaml");

        assertNothingLeft();
    }

    private void assertNothingLeft() {
        assertThat(project.basePath().resolve("small")).as("production folder").doesNotExist();
        assertThat(project.outputs).as("the base_path init created").doesNotExist();
        assertThat(project.tags()).as("tags").isEmpty();
    }

    private static Consumer<InitStep> failAt(InitStep failing) {
        return step -> {
            if (step == failing) {
                throw new IllegalStateException("injected failure");
            }
        };
    }
}
