package io.productionmanager.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitProvenanceTaggingTest {

    private static final Instant AT = Instant.parse("2025-07-17T14:30:22Z");
    private final GitProvenance provenance = new GitProvenance(Clock.fixed(AT, ZoneOffset.UTC), "0.1.0");

    @TempDir
    Path dir;

    private ProvenanceRequest request(TestRepo repo, boolean allowDirty) {
        return new ProvenanceRequest(repo.config(), "alpha", "v1.0", "nersc", 40_000, allowDirty, false);
    }

    @Test
    void clean_tree_gets_an_annotated_tag_on_head_named_by_the_utc_timestamp() throws Exception {
        try (TestRepo repo = TestRepo.withCommittedConfig(dir)) {
            Provenance p = provenance.prepare(request(repo, false));
            TagHandle handle = provenance.createTag(p);

            assertThat(handle.tagName()).isEqualTo("production/alpha_v1.0_20250717_143022");
            assertThat(repo.tagNames()).containsExactly("production/alpha_v1.0_20250717_143022");
            Ref ref = repo.git.getRepository().exactRef("refs/tags/production/alpha_v1.0_20250717_143022");
            try (RevWalk walk = new RevWalk(repo.git.getRepository())) {
                RevObject object = walk.parseAny(ref.getObjectId());
                assertThat(object).as("annotated tags are tag objects").isInstanceOf(RevTag.class);
                RevTag tag = (RevTag) object;
                assertThat(tag.getObject().name()).isEqualTo(repo.head()).isEqualTo(handle.commitId());
                assertThat(tag.name()).isEqualTo(handle.tagObjectId());
                assertThat(tag.getFullMessage())
                        .startsWith("production alpha v1.0\n")
                        .contains("config_sha256: " + TestRepo.sha256(repo.config()))
                        .contains("job_count: 40000")
                        .contains("working_tree: clean")
                        .contains("git_commit: " + repo.head())
                        .contains("config_file: " + TestRepo.CONFIG);
                PersonIdent tagger = tag.getTaggerIdent();
                assertThat(tagger.getName()).isEqualTo("Ada Lovelace");
                assertThat(tagger.getEmailAddress()).isEqualTo("ada@example.org");
                assertThat(tagger.getWhenAsInstant()).isEqualTo(AT);
            }
            assertThat(p.warnings()).isEmpty();
        }
    }

    @Test
    void allow_dirty_tags_a_dirty_tree_with_the_allow_dirty_name_and_lists_the_changes() throws Exception {
        try (TestRepo repo = TestRepo.withCommittedConfig(dir)) {
            repo.write("README.md", "edited\n");

            Provenance p = provenance.prepare(request(repo, true));
            TagHandle handle = provenance.createTag(p);

            assertThat(handle.tagName()).isEqualTo("production/alpha_v1.0_allow_dirty_20250717_143022");
            assertThat(p.workingTree()).isEqualTo("dirty");
            assertThat(p.modifiedFiles()).containsExactly("README.md");
            assertThat(p.warnings()).anyMatch(w -> w.startsWith("working tree has uncommitted changes"));
            assertThat(p.tagMessage()).contains("allow_dirty: true").contains("modified_files (1):\n  README.md\n");
            assertThat(repo.tagNames()).containsExactly(handle.tagName());
        }
    }

    @Test
    void a_second_production_in_the_same_second_gets_a_numbered_suffix() throws Exception {
        try (TestRepo repo = TestRepo.withCommittedConfig(dir)) {
            TagHandle first = provenance.createTag(provenance.prepare(request(repo, false)));
            TagHandle second = provenance.createTag(provenance.prepare(request(repo, false)));
            TagHandle third = provenance.createTag(provenance.prepare(request(repo, false)));

            assertThat(first.tagName()).isEqualTo("production/alpha_v1.0_20250717_143022");
            assertThat(second.tagName()).isEqualTo("production/alpha_v1.0_20250717_143022_2");
            assertThat(third.tagName()).isEqualTo("production/alpha_v1.0_20250717_143022_3");
            assertThat(repo.tagNames()).hasSize(3);
        }
    }

    @Test
    void tag_name_formats_the_instant_in_utc_whatever_the_clock_zone() throws Exception {
        try (TestRepo repo = TestRepo.withCommittedConfig(dir)) {
            GitProvenance tokyo = new GitProvenance(Clock.fixed(AT, java.time.ZoneId.of("Asia/Tokyo")), "0.1.0");
            assertThat(tokyo.tagName("alpha", "v1.0", false, AT, repo.root))
                    .isEqualTo("production/alpha_v1.0_20250717_143022");
        }
    }

    @Test
    void delete_tag_removes_the_created_tag_and_reports_a_missing_one() throws Exception {
        try (TestRepo repo = TestRepo.withCommittedConfig(dir)) {
            TagHandle handle = provenance.createTag(repo.root, "production/alpha_v1.0_20250717_143022", "msg\n");
            assertThat(repo.tagNames()).containsExactly(handle.tagName());

            assertThat(provenance.deleteTag(handle)).isTrue();
            assertThat(repo.tagNames()).isEmpty();
            assertThat(provenance.deleteTag(handle)).as("already gone").isFalse();
        }
    }

    @Test
    void delete_tag_leaves_a_tag_that_was_replaced_since() throws Exception {
        try (TestRepo repo = TestRepo.withCommittedConfig(dir)) {
            TagHandle handle = provenance.createTag(repo.root, "production/alpha_v1.0_20250717_143022", "ours\n");
            repo.git.tag().setName(handle.tagName()).setAnnotated(true).setMessage("theirs\n").setSigned(false)
                    .setForceUpdate(true).call();

            assertThatThrownBy(() -> provenance.deleteTag(handle))
                    .isInstanceOf(GitProvenanceException.class)
                    .hasMessageContaining("was replaced");
            assertThat(repo.tagNames()).containsExactly(handle.tagName());
        }
    }

    @Test
    void create_tag_on_head_refuses_to_move_an_existing_tag() throws Exception {
        try (TestRepo repo = TestRepo.withCommittedConfig(dir)) {
            TagHandle handle = provenance.createTag(repo.root, "production/x_1_20250717_143022", "first\n");
            assertThatThrownBy(
                            () -> provenance.createTag(repo.root, "production/x_1_20250717_143022", "second\n"))
                    .isInstanceOf(GitProvenanceException.class)
                    .hasMessageContaining("already exists");
            assertThat(repo.git.getRepository().exactRef(handle.refName()).getObjectId().name())
                    .isEqualTo(handle.tagObjectId());
        }
    }

    @Test
    void tagger_falls_back_to_the_production_manager_identity_without_user_config() {
        PersonIdent ident = new ProductionTagger(Clock.fixed(AT, ZoneOffset.UTC)).tagger(new Config());
        assertThat(ident.getName()).isEqualTo("production-manager");
        assertThat(ident.getEmailAddress()).isEqualTo("production-manager@localhost");
        assertThat(ident.getWhenAsInstant()).isEqualTo(AT);
    }
}
