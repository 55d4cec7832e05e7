package io.productionmanager.submit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.productionmanager.production.Workspace;

/**
 * Keeps a throttled production fed between poll cycles. A submit that held batches back (the queue at
 * {@code execution.max_queued}) puts its production here; the daemon's drain route then polls and submits
 * it every few seconds, so the next batch goes out soon after room frees up instead of a poll interval
 * later. A submit that holds nothing back (or is on hold, or found the scheduler unreachable) takes it
 * off. A production is not due again before {@code 1 / submit_rate_per_second} has passed since its last
 * submission, so the drain never outpaces the configured rate.
 */
public final class HeldBackDrain {

    private final Workspace workspace;
    private final Clock clock;
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final Map<String, Instant> lastSubmitted = new ConcurrentHashMap<>();

    public HeldBackDrain(Workspace workspace, Clock clock) {
        this.workspace = workspace;
        this.clock = clock;
    }

    /** Records what a submit did; returns it unchanged (the route's body). */
    public SubmitResult note(SubmitResult r) {
        if (r == null || r.name() == null) {
            return r;
        }
        if (!r.submitted().isEmpty()) {
            lastSubmitted.put(r.name(), clock.instant());
        }
        if (r.heldBack() > 0 && r.hold() == null && r.unreachable() == null && r.rejected().isEmpty()) {
            held.add(r.name());
        } else {
            held.remove(r.name());
        }
        return r;
    }

    /** The productions with batches held back whose submit rate allows another batch now. */
    public List<String> due() {
        List<String> out = new ArrayList<>();
        Instant now = clock.instant();
        for (String name : held) {
            Instant last = lastSubmitted.get(name);
            if (last == null || !now.isBefore(last.plus(gap(name)))) {
                out.add(name);
            }
        }
        out.sort(null);
        return out;
    }

    /** True when the production has batches held back. */
    public boolean isHeld(String name) {
        return held.contains(name);
    }

    private Duration gap(String name) {
        try {
            double rate = workspace.open(name).config().execution().submitRatePerSecond();
            return rate > 0 ? Duration.ofMillis(Math.round(1000 / rate)) : Duration.ZERO;
        } catch (RuntimeException e) {
            held.remove(name); // gone or unreadable: the poll cycle reports it
            return Duration.ofDays(1);
        }
    }
}
