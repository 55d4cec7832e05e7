package io.productionmanager.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GitProvenanceRefusalTest {

    private static final Instant AT = Instant.parse("2025-07-17T14:30:22Z");
    private final GitProvenance provenance = new GitProvenance(Clock.fixed(AT, ZoneOffset.UTC), "0.1.0");

    @TempDir
    Path dir;

    private static ProvenanceRequest request(Path config, String version, boolean allowDirty, boolean noGit) {
        return new ProvenanceRequest(config, "alpha", version, "local", 12, allowDirty, noGit);
    }

    @Test
    void modified_tracked_file_is_refused_listing_it_and_nothing_is_tagged() throws Exception {
        try (TestRepo repo = TestRepo.withCommittedConfig(dir)) {
            repo.write(TestRepo.CONFIG, "production:\n  name: alpha\n  version: v1.1\n");

            assertThatThrownBy(() -> provenance.prepare(request(repo.config(), "v1.0", false, false)))
                    .isInstanceOf(DirtyTreeException.class)
                    .hasMessageContaining(TestRepo.CONFIG)
                    .hasMessageContaining("commit")
                    .hasMessageContaining("--allow-dirty")
                    .satisfies(e -> assertThat(((DirtyTreeException) e).files()).containsExactly(TestRepo.CONFIG));
            assertThat(repo.tagNames()).isEmpty();
        }
    }

    @Test
    void staged_file_is_refused() throws Exception {
        try (TestRepo repo = TestRepo.withCommittedConfig(dir)) {
            repo.write("scripts/new_analysis.py", "print('x')\n");
            repo.git.add().addFilepattern("scripts/new_analysis.py").call();

            assertThatThrownBy(() -> provenance.prepare(request(repo.config(), "v1.0", false, false)))
                    .isInstanceOf(DirtyTreeException.class)
                    .hasMessageContaining("scripts/new_analysis.py");
            assertThat(repo.tagNames()).isEmpty();
        }
    }

    @Test
    void deleted_tracked_file_is_refused() throws Exception {
        try (TestRepo repo = TestRepo.withCommittedConfig(dir)) {
            Files.delete(repo.root.resolve("README.md"));

            assertThatThrownBy(() -> provenance.prepare(request(repo.config(), "v1.0", false, false)))
                    .isInstanceOf(DirtyTreeException.class)
                    .hasMessageContaining("README.md");
        }
    }

    @Test
    void long_lists_of_dirty_files_show_twenty_then_a_count() throws Exception {
        try (TestRepo repo = TestRepo.withCommittedConfig(dir)) {
            for (int i = 0; i < 25; i++) {
                repo.write(String.format("src/f%02d.txt", i), "v1\n");
            }
            repo.commitAll("files");
            for (int i = 0; i < 25; i++) {
                repo.write(String.format("src/f%02d.txt", i), "v2\n");
            }

            assertThatThrownBy(() -> provenance.prepare(request(repo.config(), "v1.0", false, false)))
                    .isInstanceOf(DirtyTreeException.class)
                    .hasMessageContaining("25 tracked files")
                    .hasMessageContaining("src/f19.txt")
                    .hasMessageNotContaining("src/f20.txt")
                    .hasMessageContaining("and 5 more");
        }
    }

    @Test
    void config_outside_any_repository_is_refused_with_a_pointer_to_no_git() throws Exception {
        Path config = Files.writeString(dir.resolve("alpha.yaml"), "production: {}\n");

        WorkTreeState state = provenance.inspect(config);
        assertThat(state.inRepository()).isFalse();
        assertThatThrownBy(() -> provenance.prepare(request(config, "v1.0", false, false)))
                .isInstanceOf(NotInRepositoryException.class)
                .hasMessageContaining(config.toString())
                .hasMessageContaining("--no-git");
    }

    @Test
    void no_git_records_provenance_without_a_tag() throws Exception {
        Path config = Files.writeString(dir.resolve("alpha.yaml"), "production: {}\n");

        Provenance p = provenance.prepare(request(config, "v1.0", false, true));

        assertThat(p.noGit()).isTrue();
        assertThat(p.gitCommit()).isNull();
        assertThat(p.tagName()).isNull();
        assertThat(p.warnings()).contains("configuration is not under version control");
        assertThat(p.configSha256()).isEqualTo(TestRepo.sha256(config));
        assertThatThrownBy(() -> provenance.createTag(p))
                .isInstanceOf(GitProvenanceException.class)
                .hasMessageContaining("--no-git");
    }

    @Test
    void no_git_inside_a_repository_creates_no_tag() throws Exception {
        try (TestRepo repo = TestRepo.withCommittedConfig(dir)) {
            Provenance p = provenance.prepare(request(repo.config(), "v1.0", false, true));
            assertThat(p.gitCommit()).isNull();
            assertThat(p.tagName()).isNull();
            assertThat(repo.tagNames()).isEmpty();
        }
    }

    @Test
    void repository_without_commits_is_refused_clearly() throws Exception {
        try (TestRepo repo = TestRepo.init(dir)) {
            repo.write(TestRepo.CONFIG, "production: {}\n");

            WorkTreeState state = provenance.inspect(repo.config());
            assertThat(state.inRepository()).isTrue();
            assertThat(state.hasCommits()).isFalse();
            assertThatThrownBy(() -> provenance.prepare(request(repo.config(), "v1.0", true, false)))
                    .isInstanceOf(GitProvenanceException.class)
                    .hasMessageContaining("repository has no commits")
                    .hasMessageContaining(repo.root.toString());
            assertThatThrownBy(() -> provenance.createTag(repo.root, "production/a_1_20250717_143022", "m\n"))
                    .isInstanceOf(GitProvenanceException.class)
                    .hasMessageContaining("repository has no commits");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1 0", "v1..0", "v1~1", "v1^2", "v1:0", "v1/0", "v1*", "v1.", ""})
    void version_that_cannot_be_part_of_a_tag_is_refused_naming_the_field(String version) throws Exception {
        try (TestRepo repo = TestRepo.withCommittedConfig(dir)) {
            assertThatThrownBy(() -> provenance.prepare(request(repo.config(), version, false, false)))
                    .isInstanceOf(GitProvenanceException.class)
                    .hasMessageContaining("production.version");
            assertThat(repo.tagNames()).isEmpty();
        }
    }

    @Test
    void invalid_version_is_refused_by_tag_name_too() throws Exception {
        try (TestRepo repo = TestRepo.withCommittedConfig(dir)) {
            assertThatThrownBy(() -> provenance.tagName("alpha", "release 1", false, AT, repo.git.getRepository()))
                    .isInstanceOf(GitProvenanceException.class)
                    .hasMessage("production.version 'release 1' cannot be used in a git tag name: it contains a "
                            + "space. Use letters, digits and . _ - + (for example v1.0 or 2.1.0-rc1).");
        }
    }
}
