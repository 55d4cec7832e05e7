package io.productionmanager.init;

import java.nio.file.Path;

/** What {@code init} created. */
public record InitResult(String name, String version, Path productionDir, long jobs, String tag,
                         boolean autoSubmit, long millis) {
}
