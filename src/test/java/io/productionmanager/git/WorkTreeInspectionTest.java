package io.productionmanager.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkTreeInspectionTest {

    private static final Instant AT = Instant.parse("2025-07-17T14:30:22Z");
    private final GitProvenance provenance = new GitProvenance(Clock.fixed(AT, ZoneOffset.UTC), "0.1.0");

    @TempDir
    Path dir;

    @Test
    void clean_repository_reports_root_head_branch_and_tracked_config() throws Exception {
        try (TestRepo repo = TestRepo.withCommittedConfig(dir)) {
            WorkTreeState state = provenance.inspect(repo.config());

            assertThat(state.repoRoot()).isEqualTo(repo.root);
            assertThat(state.headCommit()).isEqualTo(repo.head());
            assertThat(state.branch()).isEqualTo("main");
            assertThat(state.configRepoPath()).isEqualTo(TestRepo.CONFIG);
            assertThat(state.configTracked()).isTrue();
            assertThat(state.clean()).isTrue();
            assertThat(state.modifiedFiles()).isEmpty();
            assertThat(state.untrackedFiles()).isEmpty();
        }
    }

    @Test
    void a_relative_path_from_a_subdirectory_finds_the_repository_above() throws Exception {
        try (TestRepo repo = TestRepo.withCommittedConfig(dir)) {
            Path relative = Path.of("").toAbsolutePath().relativize(repo.config());
            WorkTreeState state = provenance.inspect(relative);
            assertThat(state.repoRoot()).isEqualTo(repo.root);
            assertThat(state.configRepoPath()).isEqualTo(TestRepo.CONFIG);
        }
    }

    @Test
    void untracked_production_file_does_not_block_but_is_listed_and_warned_about() throws Exception {
        try (TestRepo repo = TestRepo.withCommittedConfig(dir)) {
            Path beta = repo.write("config/productions/beta.yaml", "production:\n  name: beta\n");

            WorkTreeState state = provenance.inspect(beta);
            assertThat(state.clean()).isTrue();
            assertThat(state.configTracked()).isFalse();
            assertThat(state.untrackedFiles()).containsExactly("config/productions/beta.yaml");

            Provenance p = provenance.prepare(new ProvenanceRequest(beta, "beta", "v1", "local", 4, false, false));
            TagHandle handle = provenance.createTag(p);

            assertThat(handle.tagName()).isEqualTo("production/beta_v1_20250717_143022");
            assertThat(p.workingTree()).isEqualTo("clean");
            assertThat(p.untrackedFiles()).containsExactly("config/productions/beta.yaml");
            assertThat(p.warnings()).anyMatch(w -> w.startsWith("configuration file is untracked"));
            assertThat(p.tagMessage()).contains("untracked_files (1):\n  config/productions/beta.yaml\n");
        }
    }

    @Test
    void a_wholly_untracked_directory_is_listed_once_like_git_status() throws Exception {
        try (TestRepo repo = TestRepo.withCommittedConfig(dir)) {
            for (int i = 0; i < 500; i++) {
                repo.write("output/alpha/z" + (i % 5) + "/job_" + i + ".h5", "data");
            }
            repo.write("output-notes.txt", "n");
            repo.write("config/productions/beta.yaml", "b");

            WorkTreeState state = provenance.inspect(repo.config());

            assertThat(state.untrackedFiles())
                    .containsExactly("config/productions/beta.yaml", "output-notes.txt", "output/");
            assertThat(state.clean()).isTrue();
        }
    }

    @Test
    void collapsing_keeps_sibling_names_that_share_a_prefix_apart() {
        assertThat(WorkTreeInspector.collapseUntracked(
                Set.of("out/a/1", "out-x/2", "outer.txt", "keep/3"),
                Set.of("out", "out/a", "out-x")))
                .containsExactly("keep/3", "out-x/", "out/", "outer.txt");
    }

    @Test
    void ignored_files_are_neither_untracked_nor_dirty() throws Exception {
        try (TestRepo repo = TestRepo.withCommittedConfig(dir)) {
            repo.write(".gitignore", "output/\n");
            repo.commitAll("ignore outputs");
            repo.write("output/alpha/job_1.h5", "data");

            WorkTreeState state = provenance.inspect(repo.config());
            assertThat(state.clean()).isTrue();
            assertThat(state.untrackedFiles()).isEmpty();
        }
    }

    @Test
    void detached_head_has_no_branch_and_is_warned_about() throws Exception {
        try (TestRepo repo = TestRepo.withCommittedConfig(dir)) {
            repo.git.checkout().setName(repo.head()).call();

            Provenance p = provenance.prepare(
                    new ProvenanceRequest(repo.config(), "alpha", "v1.0", "local", 1, false, false));
            assertThat(p.gitBranch()).isNull();
            assertThat(p.warnings()).contains("HEAD is detached (no branch)");
        }
    }

    @Test
    void missing_production_file_is_a_clear_error() {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> provenance.inspect(missing))
                .isInstanceOf(GitProvenanceException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
        assertThat(Files.exists(missing)).isFalse();
    }
}
