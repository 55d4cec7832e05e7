package io.productionmanager.mock;

import java.net.URISyntaxException;
import java.nio.file.Path;

import io.productionmanager.app.TestWorkspace;

/**
 * Productions whose command is {@code src/test/resources/payloads/copy-or-fail.sh}, a bash payload (not the bundled
 * generator) that copies a valid catalog to its output, except that realization 1 fails its first attempt (exit 3).
 */
public final class CopyOrFailPayload {

    private CopyOrFailPayload() {
    }

    /**
     * Writes {@code config/productions/NAME.yaml} on the local executor, with a catalog template under {@code tmp},
     * {@code max_retries: 2}, a constant backoff of {@code delayMinutes}, and commits it.
     */
    public static Path writeProduction(TestWorkspace ws, Path tmp, String name, String redshifts, int realizations,
                                       double delayMinutes) {
        Path template = CatalogTemplate.write(tmp.resolve(name + "-template.hdf5"));
        Path payload;
        try {
            payload = Path.of(CopyOrFailPayload.class.getResource("/payloads/copy-or-fail.sh").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Path file = ws.write("config/productions/" + name + ".yaml", """
                production: {name: %s, version: v1.0}
                science:
                  redshifts: [%s]
                  realizations: {start: 0, count: %d, step: 1}
                execution:
                  executor: local
                  batch_size: 10
                  command: "bash %s %s {output} {realization} {attempt} 1"
                  retry_policy: {max_retries: 2, initial_delay_minutes: %s, backoff_multiplier: 1.0}
                outputs: {base_path: "%s"}
                """.formatted(name, redshifts, realizations, payload, template, delayMinutes, ws.basePath()));
        ws.commitAll("Add " + name);
        return file;
    }
}
