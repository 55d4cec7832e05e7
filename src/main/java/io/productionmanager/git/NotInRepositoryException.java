package io.productionmanager.git;

import java.nio.file.Path;

/** The production file is not inside any git repository and {@code --no-git} was not given. */
public class NotInRepositoryException extends GitProvenanceException {

    private final Path configFile;

    public NotInRepositoryException(Path configFile) {
        super(configFile + " is not inside a git repository, so the production cannot be tagged for reproducibility. "
                + "Put the configuration under git and commit it, or pass --no-git to run without a tag.");
        this.configFile = configFile;
    }

    public Path configFile() {
        return configFile;
    }
}
