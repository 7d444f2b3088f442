package dev.fleetgateway.session;

import dev.fleetgateway.usocket.Errno;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The live session table: every session of this process by id and by module key, plus recently closed
 * sessions for a while (so a reader can still drain them). It is also the seam that later answers "where is
 * module X" across replicas.
 */
@Component
public class SessionRegistry {

    private static final Logger log = LoggerFactory.getLogger(SessionRegistry.class);
    private static final Comparator<ModuleSession> NEWEST_FIRST =
            Comparator.comparingLong(ModuleSession::createdMicros).reversed();

    /** By id: keys are {@link SessionId#keyOf} of the id (its bits, not its text). */
    private final ConcurrentHashMap<Object, ModuleSession> byId = new ConcurrentHashMap<>();
    /** By module key: each key's current session and all its sessions in the table (one entry per key). */
    private final KeyIndex byKey = new KeyIndex();
    private final ConcurrentLinkedQueue<ModuleSession> closedOrder = new ConcurrentLinkedQueue<>();
    private final AtomicInteger closedCount = new AtomicInteger();
    private final AtomicInteger live = new AtomicInteger();
    private final SessionProperties props;
    private final SessionMetrics metrics;
    private final SessionListeners events;
    private final BufferBudget budget;
    private final SessionSettings settings;
    private final int maxSessions;
    private final LocalReplica replica;
    private final ReadIdleSweep readIdle;

    SessionRegistry(SessionProperties props, SessionMetrics metrics, ObjectProvider<SessionListener> listeners,
            ObjectProvider<LocalReplica> replica) {
        this.props = props;
        this.replica = replica.getIfAvailable(() -> LocalReplica.ALONE);
        this.metrics = metrics;
        this.events = new SessionListeners(listeners);
        this.budget = BufferBudget.of(props.receiveBufferTotal().toBytes());
        this.settings = SessionSettings.of(props, budget, metrics, this::closed, this::writable);
        this.readIdle = new ReadIdleSweep(props.readIdle());
        this.maxSessions = OpenFiles.maxSessions(props.maxSessions(), props.limits().openFileReserve(),
                OpenFiles.limit());
    }

    /** The effective {@code max-sessions} (configured, or derived from the open-file limit). */
    public int maxSessions() {
        return maxSessions;
    }

    /** The read-idle clock of every session's channel. */
    ReadIdleSweep readIdle() {
        return readIdle;
    }

    /** The heap budget shared by every session's receive buffer. */
    BufferBudget budget() {
        return budget;
    }

    /** A session by id, live or recently closed. */
    public Optional<ModuleSession> find(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(SessionId.keyOf(id)));
    }

    /** The open (or connecting) session bound to a module key. */
    public Optional<ModuleSession> findByModuleKey(String key) {
        return Optional.ofNullable(key == null ? null : byKey.current(key));
    }

    /** All sessions in the table, newest first, matching the filter. */
    public List<ModuleSession> list(Predicate<ModuleSession> filter) {
        return byId.values().stream().filter(filter).sorted(NEWEST_FIRST).toList();
    }

    /** Sessions in the table bound to a module key (open and recently closed), newest first, matching the filter. */
    public List<ModuleSession> listByModuleKey(String key, Predicate<ModuleSession> filter) {
        List<ModuleSession> sessions = key == null ? List.of() : byKey.all(key);
        return sessions.stream().filter(filter).sorted(NEWEST_FIRST).toList();
    }

    public Collection<ModuleSession> all() {
        return byId.values();
    }

    /** Sessions not yet closed. */
    public int liveCount() {
        return live.get();
    }

    /**
     * Sessions by direction and state. One scrape reads this for every direction and state, so the table is
     * walked once and the counts kept for a quarter of a second instead of walking it per gauge.
     */
    int count(Direction d, SessionState s) {
        StateCounts c = stateCounts;
        long now = System.nanoTime();
        if (c == null || now - c.at > 250_000_000L) {
            int[][] n = new int[Direction.values().length][SessionState.values().length];
            for (ModuleSession m : byId.values()) {
                n[m.direction().ordinal()][m.state().ordinal()]++;
            }
            c = new StateCounts(now, n);
            stateCounts = c;
        }
        return c.counts[d.ordinal()][s.ordinal()];
    }

    private record StateCounts(long at, int[][] counts) {
    }

    private volatile StateCounts stateCounts;

    /**
     * Open sessions' outbound state, one walk per quarter second like {@link #count}: bytes written and not
     * yet taken by their sockets, and how many sessions are not writable (their module is not reading).
     */
    OutboundLoad outboundLoad() {
        OutboundLoad l = outboundLoad;
        long now = System.nanoTime();
        if (l == null || now - l.at > 250_000_000L) {
            long bytes = 0;
            int unwritable = 0;
            for (ModuleSession m : byId.values()) {
                if (m.isOpen()) {
                    bytes += m.pendingOutboundBytes();
                    if (Boolean.FALSE.equals(m.writable())) {
                        unwritable++;
                    }
                }
            }
            l = new OutboundLoad(now, bytes, unwritable);
            outboundLoad = l;
        }
        return l;
    }

    record OutboundLoad(long at, long pendingBytes, int unwritable) {
    }

    private volatile OutboundLoad outboundLoad;

    long bufferedBytes() {
        long n = 0;
        for (ModuleSession m : byId.values()) {
            n += m.bufferedBytes();
        }
        return n;
    }

    /** Totals since start (sessions opened and closed, bytes and frames each way), for fleet statistics. */
    public SessionTotals totals() {
        return metrics.totals();
    }

    /** Whether one more session fits under {@code max-sessions}. */
    boolean hasRoom() {
        return live.get() < maxSessions;
    }

    void rejectedAtLimit() {
        metrics.refused(Refusal.MAX_SESSIONS);
    }

    ModuleSession create(Direction d, SessionState initial, io.netty.channel.EventLoop loop) {
        ModuleSession s = new ModuleSession(SessionId.keyOf(replica.newSessionId()), d, initial, loop, settings);
        byId.put(s.key(), s);
        live.incrementAndGet();
        return s;
    }

    void opened(ModuleSession s) {
        metrics.opened(s.direction());
        events.opened(new SessionEvents.Opened(s));
    }

    /**
     * Binds a module key to a session under the duplicate policy. Returns false when the session was
     * refused (policy {@code reject}); the caller closes it.
     */
    boolean bind(ModuleSession s, String key) {
        return bind(s, key, true);
    }

    /**
     * Binds a module key to a session; with {@code mayReplace} false a live session keeps its key whatever the
     * duplicate policy says (a REST dial that did not ask to replace it). Returns false when refused.
     */
    boolean bind(ModuleSession s, String key, boolean mayReplace) {
        if (!mayReplace || props.duplicateKey() == SessionProperties.DuplicatePolicy.REJECT) {
            if (!byKey.claimIfFree(key, s)) {
                return false;
            }
        } else {
            ModuleSession prev = byKey.claim(key, s);
            if (prev != null && prev != s && !prev.isClosed()) {
                log.info("Module {} reconnected: session {} replaces {}", key, s.id(), prev.id());
                prev.close(CloseReason.REPLACED);
            }
        }
        s.bindKey(key);
        metrics.identified();
        events.identified(new SessionEvents.Identified(s, key));
        return true;
    }

    /** A session's socket became writable again (event loop): tell whoever waits to send to its module. */
    private void writable(ModuleSession s) {
        String key = s.moduleKey();
        if (key != null) {
            events.writable(new SessionEvents.Writable(s, key));
        }
    }

    void anonymous() {
        metrics.anonymous();
    }

    /** A session finished (on its event loop): it leaves the key index and waits as closed for its readers. */
    private void closed(ModuleSession s) {
        CloseReason reason = s.closeReason();
        Errno errno = s.errno();
        live.decrementAndGet();
        String key = s.moduleKey();
        if (key != null) {
            byKey.release(key, s);
        }
        metrics.closed(s.direction(), reason);
        closedOrder.add(s);
        if (closedCount.incrementAndGet() > props.closedMax()) {
            evictOldestClosed();
        }
        events.closed(new SessionEvents.Closed(s, reason, errno));
    }

    /** Drops closed sessions older than the retention from the table (they stay in the history). */
    @Scheduled(fixedDelay = 10_000)
    void purgeClosed() {
        long cutoff = System.currentTimeMillis() - props.closedRetention().toMillis();
        ModuleSession head;
        while ((head = closedOrder.peek()) != null && head.closedMillis() != 0 && head.closedMillis() < cutoff) {
            evictOldestClosed();
        }
    }

    private void evictOldestClosed() {
        ModuleSession s = closedOrder.poll();
        if (s != null) {
            closedCount.decrementAndGet();
            byId.remove(s.key(), s);
            s.discard();
            String key = s.moduleKey();
            if (key != null) {
                byKey.forget(key, s);
            }
        }
    }

    /** Closes every session with the given reason (shutdown). */
    void closeAll(CloseReason reason) {
        for (ModuleSession s : byId.values()) {
            if (!s.isClosed()) {
                s.close(reason);
            }
        }
    }

    Stream<ModuleSession> liveSessions() {
        return byId.values().stream().filter(s -> !s.isClosed());
    }
}
