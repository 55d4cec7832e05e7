package io.productionmanager.config;

/** Turns a dotted field path into a located {@link ConfigProblem}. */
interface Locator {

    /** A problem at the value of {@code path}. */
    ConfigProblem problemAtValue(String path, String message);

    /** A problem at the key of {@code path} (e.g. an unknown key). */
    ConfigProblem problemAtKey(String path, String message);
}
