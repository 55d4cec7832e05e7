package io.productionmanager.config;

/** A 1-based line and column in a YAML file. */
public record Position(int line, int column) {

    /** Used where no position is known, e.g. for built-in values. */
    public static final Position UNKNOWN = new Position(0, 0);
}
