package io.productionmanager.qa;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A large, deterministic production for volume tests: realizations x redshifts jobs submitted 5 s apart, about 5
 * events per job (40% fail once and complete, 5% fail twice and complete, 2% stay FAILED).
 */
final class SyntheticProduction {

    static final Instant T0 = Instant.parse("2026-02-01T00:00:00Z");
    private static final String[] REASONS = {"exit 1: python error", "TIMEOUT: walltime reached", "INVALID_OUTPUT: empty",
        "LOST: gone from queue", "exit 137: killed"};

    private SyntheticProduction() {
    }

    static ReportInput build(Path productionDir, int realizations, int redshifts) {
        Random random = new Random(42);
        History h = new History();
        List<ReportJob> jobs = new ArrayList<>(realizations * redshifts);
        Map<String, ValidationSummary> validation = new HashMap<>();
        long lastEvent = 0;
        for (int r = 0; r < realizations; r++) {
            for (int zi = 0; zi < redshifts; zi++) {
                int i = r * redshifts + zi;
                double z = 0.5 + 0.25 * zi;
                String id = String.format(Locale.ROOT, "r%04d_z%.3f", r, z);
                long runtime = 600 + 90L * zi + random.nextInt(600);
                double u = random.nextDouble();
                int failures = u < 0.40 ? 1 : u < 0.45 ? 2 : u < 0.47 ? 1 : 0;
                boolean staysFailed = u >= 0.45 && u < 0.47;
                History.JobHistory job = h.job(id);
                long t = i * 5L;
                String lastReason = null;
                for (int f = 0; f < failures; f++) {
                    lastReason = REASONS[random.nextInt(REASONS.length)];
                    job.move(at(t), "QUEUED").move(at(t + 30), "RUNNING").move(at(t + 30 + runtime / 3), "FAILED", lastReason);
                    t += 30 + runtime / 3;
                    if (!staysFailed) {
                        job.move(at(t + 60), "PENDING", "retry " + (f + 1));
                        t += 60;
                    }
                }
                Instant started;
                Instant finished;
                String state;
                if (staysFailed) {
                    started = at(t - runtime / 3);
                    finished = at(t);
                    state = "FAILED";
                } else {
                    job.move(at(t + 10), "QUEUED").move(at(t + 40), "RUNNING").move(at(t + 40 + runtime), "COMPLETED");
                    started = at(t + 40);
                    finished = at(t + 40 + runtime);
                    t += 40 + runtime;
                    state = "COMPLETED";
                    validation.put(id, new ValidationSummary(true, "ok", 100_000 + random.nextInt(1000)));
                }
                lastEvent = Math.max(lastEvent, t);
                jobs.add(new ReportJob(id, r, z, state, failures + (staysFailed ? 0 : 1), staysFailed ? lastReason : null,
                        staysFailed ? 1 : 0, started, finished, "catalogs/r%04d/mock_z%.3f.hdf5".formatted(r, z)));
            }
        }
        return new ReportInput("omega", "2.0.0", "production/omega/v2.0.0", productionDir, at(lastEvent + 60), jobs,
                h.events(), validation);
    }

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }
}
