package io.productionmanager.app;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps the latest route failures (for health and metrics) and logs each one. */
public final class FailureRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(FailureRecorder.class);
    private static final int KEEP = 50;

    private final Deque<String> latest = new ArrayDeque<>();
    private final AtomicLong count = new AtomicLong();
    private final boolean logAsError;

    /** A recorder that logs each failure as an error (the daemon, where nobody else reports it). */
    public FailureRecorder() {
        this(true);
    }

    /** @param logAsError false when a caller reports the failure itself (the command line): logged at debug */
    public FailureRecorder(boolean logAsError) {
        this.logAsError = logAsError;
    }

    /** Records a failed step of a route. */
    public synchronized void record(String routeId, Object body, Exception e) {
        count.incrementAndGet();
        String line = routeId + " [" + body + "]: " + (e == null ? "unknown error" : e.getMessage());
        if (logAsError) {
            LOG.error("route failure: {}", line);
        } else {
            LOG.debug("route failure: {}", line);
        }
        latest.addFirst(line);
        while (latest.size() > KEEP) {
            latest.removeLast();
        }
    }

    public long count() {
        return count.get();
    }

    public synchronized List<String> latest() {
        return List.copyOf(latest);
    }
}
