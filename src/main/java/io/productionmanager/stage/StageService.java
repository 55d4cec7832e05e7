package io.productionmanager.stage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.productionmanager.production.Production;
import io.productionmanager.production.Workspace;
import io.productionmanager.config.ProductionConfig;
import io.productionmanager.files.AtomicFiles;
import io.productionmanager.store.Job;
import io.productionmanager.store.JobStore;
import io.productionmanager.store.NewBatch;

/**
 * STAGE: cuts the PENDING jobs that have no batch into arrays and renders one script per batch.
 * Jobs carrying their own time or memory (cause-aware retries) are batched with their like.
 * Staging again finds nothing new to batch, so it never duplicates batches.
 */
public final class StageService {

    private final Workspace workspace;
    private final Path templateDir;
    private final Path appJar;

    /**
     * @param templateDir folder holding {@code slurm_array.sh.ftl} (normally {@code config/templates})
     * @param appJar      the application jar, for {@code {app_jar}} in job commands (may be null)
     */
    public StageService(Workspace workspace, Path templateDir, Path appJar) {
        this.workspace = workspace;
        this.templateDir = templateDir;
        this.appJar = appJar;
    }

    /** Stages the production named in the body; returns what was written. */
    public StageResult stage(String name) {
        return stage(workspace.open(name));
    }

    /** Stages an opened production. */
    public StageResult stage(Production p) {
        return workspace.exclusively(p, () -> stageExclusively(p));
    }

    private StageResult stageExclusively(Production p) {
        ProductionConfig cfg = p.config();
        JobStore store = p.store();
        ScriptRenderer renderer = new ScriptRenderer(templateDir);
        List<RenderedBatch> rendered = new ArrayList<>();
        int maxPerBatch = BatchPlanner.effectiveBatchSize(cfg);
        while (true) {
            List<Job> pending = store.pendingUnbatched(Math.max(maxPerBatch * 20, 10_000));
            if (pending.isEmpty()) {
                break;
            }
            List<Planned> planned = new ArrayList<>();
            int number = store.nextBatchNumber();
            // Every script of this round is written first and flushed to disk together; only then are the batch
            // rows recorded. A crash before a row exists leaves only files that the next stage overwrites with
            // the same numbers; a recorded batch always has its script and manifest on disk.
            try (AtomicFiles.Group files = AtomicFiles.group()) {
                for (Map.Entry<BatchResources, List<Job>> group : byResources(cfg, pending).entrySet()) {
                    for (List<Job> chunk : BatchPlanner.plan(group.getValue(), maxPerBatch)) {
                        planned.add(render(p, renderer, group.getKey(), chunk, number++, files));
                    }
                }
                files.commit();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the batch scripts under " + p.dir().resolve("logs"), e);
            }
            for (Planned b : planned) {
                store.createBatch(b.batch(), b.jobIds());
                rendered.add(b.rendered());
            }
        }
        return new StageResult(cfg.name(), StageSummary.of(cfg, rendered), rendered.size());
    }

    /** A batch whose files are written, and the row that records it. */
    private record Planned(RenderedBatch rendered, NewBatch batch, List<String> jobIds) {
    }

    private Planned render(Production p, ScriptRenderer renderer, BatchResources res, List<Job> chunk, int number,
                           AtomicFiles.Group files) {
        List<TaskSpec> tasks = new ArrayList<>(chunk.size());
        List<String> ids = new ArrayList<>(chunk.size());
        for (Job j : chunk) {
            tasks.add(new TaskSpec(j.id(), j.realization(), j.redshift(), p.output(j.outputPath()), j.attempt()));
            ids.add(j.id());
        }
        RenderedBatch b = renderer.render(p.config(), p.dir(), number, tasks, res, appJar, files);
        boolean retry = chunk.stream().anyMatch(j -> j.attempt() > 1 || j.timeoutHours() != null || j.memoryGb() != null);
        return new Planned(b, new NewBatch(number, b.script().toString(), b.manifest().toString(), b.arraySpec(), retry,
                res.timeoutHours(), res.memoryGb()), ids);
    }

    /** Groups jobs by the resources they need: the production's, or their own after a cause-aware retry. */
    private static Map<BatchResources, List<Job>> byResources(ProductionConfig cfg, List<Job> jobs) {
        BatchResources base = BatchResources.of(cfg);
        Map<BatchResources, List<Job>> groups = new LinkedHashMap<>();
        for (Job j : jobs) {
            BatchResources r = new BatchResources(
                    j.timeoutHours() != null ? j.timeoutHours() : base.timeoutHours(),
                    j.memoryGb() != null ? j.memoryGb() : base.memoryGb());
            groups.computeIfAbsent(r, k -> new ArrayList<>()).add(j);
        }
        return groups;
    }
}
