package io.productionmanager.qa;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Test-data builder for a production's state-change history: each job starts PENDING and moves step by step. */
final class History {

    private final List<ReportEvent> events = new ArrayList<>();

    /** Starts (or continues) the history of one job. */
    JobHistory job(String id) {
        return new JobHistory(id);
    }

    /** Records a production-level event, which belongs to no job and moves nothing. */
    History productionEvent(Instant at, String reason) {
        events.add(new ReportEvent(null, at, null, null, reason));
        return this;
    }

    List<ReportEvent> events() {
        return List.copyOf(events);
    }

    final class JobHistory {
        private final String id;
        private String state = "PENDING";

        private JobHistory(String id) {
            this.id = id;
        }

        JobHistory move(Instant at, String to) {
            return move(at, to, null);
        }

        JobHistory move(Instant at, String to, String reason) {
            events.add(new ReportEvent(id, at, state, to, reason));
            state = to;
            return this;
        }
    }
}
