package io.productionmanager.init;

/**
 * What {@code init} is asked to do.
 *
 * @param nameOrFile production name (config/productions/NAME.yaml) or a path to its file
 * @param version    overrides production.version when not null ({@code --version})
 * @param allowDirty tag even when tracked files have uncommitted changes ({@code --allow-dirty})
 * @param noGit      the configuration is not in a git repository: record that, create no tag ({@code --no-git})
 */
public record InitRequest(String nameOrFile, String version, boolean allowDirty, boolean noGit) {

    public static InitRequest of(String nameOrFile) {
        return new InitRequest(nameOrFile, null, false, false);
    }
}
