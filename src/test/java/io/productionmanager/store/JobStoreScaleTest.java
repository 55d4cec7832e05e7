package io.productionmanager.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A production of 2,000 realizations x 20 redshifts: correct counts and staging order (timings: StoreScaleProbe). */
class JobStoreScaleTest {

    @TempDir
    Path dir;

    @Test
    void forty_thousand_jobs_are_created_counted_and_staged_in_order() {
        StoreFixture f = new StoreFixture(dir);
        JobStore store = f.store;

        int created = store.createJobs(IntStream.range(0, 2_000).boxed().flatMap(r -> IntStream.range(0, 20)
                .mapToObj(z -> NewJob.of(r, 0.25 * (z + 1), "catalogs/r" + r + "/z" + z + ".hdf5"))));

        assertThat(created).isEqualTo(40_000);
        assertThat(store.total()).isEqualTo(40_000);
        assertThat(store.counts().get(JobState.PENDING)).isEqualTo(40_000);
        assertThat(store.progressByRealization()).hasSize(2_000)
                .allSatisfy(p -> assertThat(p.total()).isEqualTo(20))
                .allSatisfy(p -> assertThat(p.completed()).isZero());
        assertThat(f.rows("events")).isEqualTo(1);

        List<Job> first = store.pendingUnbatched(1_000);
        assertThat(first).hasSize(1_000);
        assertThat(first.get(0).id()).isEqualTo("r0000_z0.250");
        assertThat(first.get(999).id()).isEqualTo("r0049_z5.000");
        Batch batch = store.createBatch(new NewBatch(0, "logs/batch_0000.sh", null, "0-999", false, null, null),
                first.stream().map(Job::id).toList());
        store.markSubmitting(batch.id(), "t");
        store.markSubmitted(batch.id(), "4242");

        assertThat(store.counts().get(JobState.QUEUED)).isEqualTo(1_000);
        assertThat(store.counts().get(JobState.PENDING)).isEqualTo(39_000);
        assertThat(store.pendingUnbatched(1).get(0).id()).isEqualTo("r0050_z0.250");
        assertThat(store.activeJobs()).hasSize(1_000).last().extracting(Job::slurmId).isEqualTo("4242_999");
    }
}
