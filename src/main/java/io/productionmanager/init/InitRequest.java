package io.productionmanager.init;

/**
 * What {@code init} is asked to do.
 *
 * @param nameOrFile production name (config/productions/NAME.yaml) or a path to its file
 * @param version    overrides production.version when not null ({@code --version})
 * @param allowDirty tag even when tracked files have uncommitted changes ({@code --allow-dirty})
 * @param noGit      the configuration is not in a git repository: record that, create no tag ({@code --no-git})
 * @param autoSubmit the intent recorded in the workspace catalog: the daemon may submit the production (a file
 *                   dropped with {@code execution.auto_submit: true}); false for a user's {@code init}
 */
public record InitRequest(String nameOrFile, String version, boolean allowDirty, boolean noGit, boolean autoSubmit) {

    /** A user's init: the daemon does not submit the production until a {@code submit}. */
    public InitRequest(String nameOrFile, String version, boolean allowDirty, boolean noGit) {
        this(nameOrFile, version, allowDirty, noGit, false);
    }

    public static InitRequest of(String nameOrFile) {
        return new InitRequest(nameOrFile, null, false, false);
    }
}
