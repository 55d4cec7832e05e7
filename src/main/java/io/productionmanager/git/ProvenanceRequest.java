package io.productionmanager.git;

import io.productionmanager.config.ProductionConfig;
import java.nio.file.Path;

/**
 * What {@code init} asks provenance for: which production, from which file, and the git flags given.
 *
 * @param configFile production YAML file whose bytes are hashed and whose repository is tagged
 * @param name       production name
 * @param version    production version (file's or {@code --version})
 * @param machine    machine defaults used
 * @param jobCount   number of jobs in the production
 * @param allowDirty {@code --allow-dirty}: tag even with uncommitted changes to tracked files
 * @param noGit      {@code --no-git}: do not look at git and create no tag
 */
public record ProvenanceRequest(
        Path configFile, String name, String version, String machine, long jobCount,
        boolean allowDirty, boolean noGit) {

    /** Request for a resolved configuration. */
    public static ProvenanceRequest of(ProductionConfig config, boolean allowDirty, boolean noGit) {
        return new ProvenanceRequest(config.sourceFile(), config.name(), config.version(), config.machine(),
                config.science().jobCount(), allowDirty, noGit);
    }
}
