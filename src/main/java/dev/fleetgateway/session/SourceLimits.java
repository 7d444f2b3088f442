package dev.fleetgateway.session;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.fleetgateway.system.LogThrottle;

/**
 * Decides at accept whether a connection from a source address may become a session: {@code max-sessions},
 * sessions per source, connects a second per source and overall, and a back-off for a source whose connections
 * keep failing to identify. A source is remembered only while it holds sessions, is refilling its rate bucket,
 * has recent failures or is backed off; the overall connect rate bounds how many such sources can appear.
 */
@Component
class SourceLimits implements SessionListener {

    private static final Logger log = LoggerFactory.getLogger(SourceLimits.class);

    private final SessionProperties.Limits limits;
    private final int maxSessions;
    private final int sourceSessions;
    private final RateBucket overall;
    private final ConcurrentHashMap<String, Source> sources = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final LogThrottle identificationLog = new LogThrottle(log);
    private final LogThrottle backoffLog = new LogThrottle(log);

    @Autowired
    SourceLimits(SessionProperties props, SessionRegistry registry) {
        this(props.limits(), registry.maxSessions());
    }

    SourceLimits(SessionProperties.Limits limits, int maxSessions) {
        this.limits = limits;
        this.maxSessions = maxSessions;
        this.sourceSessions = limits.sourceSessions() > 0 ? limits.sourceSessions() : Math.max(1, maxSessions / 2);
        this.overall = new RateBucket(limits.connectRate(), System.nanoTime());
    }

    /** Sessions one source may hold. */
    int sourceSessions() {
        return sourceSessions;
    }

    /** Inbound connections admitted and not yet closed. */
    int open() {
        return open.get();
    }

    /**
     * Admits a connection from {@code source} (counted until {@link #released}) or says why not. Called on the
     * accept loop, before the connection is registered with an I/O loop.
     */
    Refusal admit(String source) {
        long now = System.nanoTime();
        Refusal[] refusal = new Refusal[1];
        sources.compute(source, (k, s) -> {
            Source src = s != null ? s : new Source(limits.sourceConnectRate(), now);
            src.lastSeen = now;
            refusal[0] = decide(src, now);
            if (refusal[0] == null) {
                src.sessions++;
                open.incrementAndGet();
            }
            return src;
        });
        return refusal[0];
    }

    // Cheapest and most specific first; a source at its own caps never spends the tokens everybody shares.
    private Refusal decide(Source s, long now) {
        if (s.blockedUntil - now > 0) {
            return Refusal.SOURCE_BACKOFF;
        }
        if (!s.bucket.tryTake(now)) {
            return Refusal.SOURCE_RATE;
        }
        if (s.sessions >= sourceSessions) {
            return Refusal.SOURCE_SESSIONS;
        }
        if (open.get() >= maxSessions) {
            return Refusal.MAX_SESSIONS;
        }
        if (!overall.tryTake(now)) {
            return Refusal.CONNECT_RATE;
        }
        return null;
    }

    /** An admitted connection closed (any thread). */
    void released(String source) {
        open.decrementAndGet();
        sources.computeIfPresent(source, (k, s) -> {
            s.sessions--;
            s.lastSeen = System.nanoTime();
            return s;
        });
    }

    /** A session failed to identify: count it against its source, which is backed off after too many. */
    @Override
    public void onClosed(SessionEvents.Closed e) {
        if (!e.reason().identificationFailed() || e.session().direction() != Direction.INBOUND) {
            return;
        }
        String source = hostOf(e.session().remoteAddress());
        identificationLog.warn("Identification rejected from {}: {} (one line per 30 s)", source,
                e.reason().name().toLowerCase());
        if (source == null || limits.sourceHelloFailures() <= 0) {
            return;
        }
        long now = System.nanoTime();
        sources.computeIfPresent(source, (k, s) -> {
            if (now - s.windowStart > limits.failureWindow().toNanos()) {
                s.windowStart = now;
                s.failures = 0;
            }
            if (++s.failures >= limits.sourceHelloFailures()) {
                long backoff = Math.min(limits.maxFailureBackoff().toNanos(),
                        limits.failureBackoff().toNanos() << Math.min(s.trips, 20));
                s.trips++;
                s.failures = 0;
                s.blockedUntil = now + backoff;
                backoffLog.warn("Refusing {} for {} s: {} failed identifications within {}", source,
                        backoff / 1_000_000_000L, limits.sourceHelloFailures(), limits.failureWindow());
            }
            return s;
        });
    }

    /** Forgets sources with nothing left to remember, so the table holds only active or failing ones. */
    @Scheduled(fixedDelay = 2_000)
    void forgetQuietSources() {
        long now = System.nanoTime();
        long window = limits.failureWindow().toNanos();
        for (String source : sources.keySet()) {
            sources.computeIfPresent(source, (k, s) -> s.isQuiet(now, window) ? null : s);
        }
    }

    /** Whether connections from {@code source} are refused for its failed identifications now. */
    boolean backedOff(String source) {
        Source s = sources.get(source);
        return s != null && s.blockedUntil - System.nanoTime() > 0;
    }

    /** Sources remembered now. */
    int tracked() {
        return sources.size();
    }

    // "1.2.3.4:5678" or "0:0:0:0:0:0:0:1:5678" (the session's formatted remote address) to its host part.
    static String hostOf(String remote) {
        if (remote == null) {
            return null;
        }
        int colon = remote.lastIndexOf(':');
        return colon > 0 ? remote.substring(0, colon) : remote;
    }

    /** What is remembered of one source address; changed only inside the map's compute. */
    private static final class Source {
        final RateBucket bucket;
        int sessions;
        long lastSeen;
        long windowStart;
        int failures;
        int trips;
        long blockedUntil;

        Source(int rate, long now) {
            this.bucket = new RateBucket(rate, now);
            this.lastSeen = now;
            this.windowStart = now;
            this.blockedUntil = now;
        }

        boolean isQuiet(long now, long window) {
            return sessions <= 0 && blockedUntil - now <= 0 && bucket.isFull(now)
                    && (failures == 0 || now - windowStart > window)
                    && (trips == 0 || now - lastSeen > window);
        }
    }
}
