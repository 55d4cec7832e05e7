package io.productionmanager.init;

/** The steps of init, in order; a failure at any of them undoes the ones before. */
public enum InitStep {
    VALIDATE("validate the configuration"),
    CHECK_GIT("check the git working tree"),
    CREATE_DIRECTORIES("create the production directories"),
    WRITE_CONFIG("write metadata/production_config.yaml"),
    CREATE_JOBS("create the job rows"),
    CREATE_TAG("create the git tag"),
    WRITE_VERSION_INFO("write metadata/version_info.json"),
    REGISTER("register the production in the workspace catalog");

    private final String description;

    InitStep(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
