package dev.fleetgateway.session;

import dev.fleetgateway.session.codec.FramingSpec;

import dev.fleetgateway.usocket.Errno;
import dev.fleetgateway.usocket.NameResolver;
import dev.fleetgateway.usocket.OsError;
import dev.fleetgateway.usocket.OutboundPolicy;
import dev.fleetgateway.usocket.OutboundRefusedException;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.resolver.NoopAddressResolverGroup;

/**
 * Opens outbound sessions the usocket way: {@code getaddrinfo} on a small bounded resolver pool (never on an
 * event loop), the outbound policy on the address it found, then {@code connect} to that very address with a
 * timeout, then the same session object as inbound. With a
 * reconnect policy the session backs off and redials after failures and drops.
 */
@Component
public class SessionDialer {

    private static final Logger log = LoggerFactory.getLogger(SessionDialer.class);

    private final SessionRegistry registry;
    private final SessionProperties props;
    private final NettyTransport transport;
    private final NameResolver resolver;
    private final OutboundPolicy policy;
    private final Timer resolveTimer;
    private final Timer connectTimer;
    private final RandomGenerator random = RandomGenerator.getDefault();
    private RemoteHolders remote = RemoteHolders.NONE;

    SessionDialer(SessionRegistry registry, SessionProperties props, NettyTransport transport, NameResolver resolver,
            OutboundPolicy policy, MeterRegistry meters) {
        this.policy = policy;
        this.registry = registry;
        this.props = props;
        this.transport = transport;
        this.resolver = resolver;
        this.resolveTimer = Timer.builder("fleet.outbound.resolve").description("Name lookups of outbound dials")
                .publishPercentileHistogram().register(meters);
        this.connectTimer = Timer.builder("fleet.outbound.connect").description("TCP connects of outbound dials")
                .publishPercentileHistogram().register(meters);
    }

    /** Keys live sessions hold on other replicas (the cluster's), which a dial takes only as a local one. */
    @Autowired
    void remoteHolders(ObjectProvider<RemoteHolders> holders) {
        this.remote = holders.getIfAvailable(() -> RemoteHolders.NONE);
    }

    /**
     * Dials; the future completes with the session once it is open, or, with a reconnect policy, once the
     * first attempt failed and the session backs off. Without a policy a failure fails the future with a
     * {@link DialException}. A destination the outbound policy refuses fails it with an
     * {@link OutboundRefusedException} before any session or connect exists; a key held by a live session
     * fails it as a duplicate unless the spec asks to replace it.
     */
    public CompletableFuture<ModuleSession> dial(DialSpec spec) {
        if (!registry.hasRoom()) {
            registry.rejectedAtLimit();
            return CompletableFuture.failedFuture(new DialException(DialException.Reason.LIMIT, null,
                    "The max-sessions limit (" + registry.maxSessions() + ") is reached"));
        }
        if (spec.moduleKey() != null && !spec.replace()) {
            // answered at once, before a name lookup; the bind below is the atomic check
            ModuleSession holder = registry.findByModuleKey(spec.moduleKey()).filter(SessionDialer::holdsKey).orElse(null);
            if (holder != null || takenElsewhere(spec)) {
                return CompletableFuture.failedFuture(keyTaken(spec.moduleKey()));
            }
        }
        EventLoop loop = transport.workers().next();
        CompletableFuture<ModuleSession> first = new CompletableFuture<>();
        long t0 = System.nanoTime();
        // the first lookup and its check come before the session exists: a refused destination leaves no
        // session, and a replacing dial takes a live module's key only once its destination passed the policy
        resolver.getaddrinfo(spec.host(), spec.port(), loop).whenComplete((target, err) -> loop.execute(() -> {
            resolveTimer.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
            if (err == null && !permitted(spec, target, first)) {
                return;
            }
            ModuleSession session = registry.create(Direction.OUTBOUND, SessionState.RESOLVING, loop);
            Attempts attempts = new Attempts(spec, session, first);
            session.redialWith(attempts);
            session.dialling();
            if (spec.moduleKey() != null
                    && (takenElsewhere(spec) || !registry.bind(session, spec.moduleKey(), spec.replace()))) {
                session.finish(CloseReason.DUPLICATE_REJECTED, null);
                first.completeExceptionally(keyTaken(spec.moduleKey()));
                return;
            }
            attempts.resolved(target, err);
        }));
        return first;
    }

    /** A key a live session on another replica holds, which this dial may not take (as the local bind says). */
    private boolean takenElsewhere(DialSpec spec) {
        boolean mayReplace = spec.replace() && props.duplicateKey() == SessionProperties.DuplicatePolicy.REPLACE;
        return !mayReplace && remote.heldElsewhere(spec.moduleKey());
    }

    private static boolean holdsKey(ModuleSession s) {
        return !s.isClosed() && s.state() != SessionState.CLOSING;
    }

    private static DialException keyTaken(String key) {
        return new DialException(DialException.Reason.DUPLICATE, null, "Module " + key + " already has an open "
                + "session; a dial takes its key only when it asks to replace it (\"replace\": true)");
    }

    /** Whether the policy lets {@code target} be dialled; when not, {@code failed} fails with the refusal. */
    private boolean permitted(DialSpec spec, InetSocketAddress target, CompletableFuture<?> failed) {
        try {
            policy.check(spec.host(), target, OutboundPolicy.Caller.DIAL);
            return true;
        } catch (OutboundRefusedException e) {
            failed.completeExceptionally(e);
            return false;
        }
    }

    /** The dial-and-redial loop of one outbound session. */
    private final class Attempts implements Redial {
        final DialSpec spec;
        final ModuleSession session;
        final CompletableFuture<ModuleSession> first;
        volatile boolean cancelled;
        int failures;

        Attempts(DialSpec spec, ModuleSession session, CompletableFuture<ModuleSession> first) {
            this.spec = spec;
            this.session = session;
            this.first = first;
        }

        /** A redial: look the name up again and judge what it resolves to now (it may point elsewhere). */
        void attempt() {
            if (cancelled) {
                return;
            }
            session.dialling();
            long t0 = System.nanoTime();
            resolver.getaddrinfo(spec.host(), spec.port(), session.loop()).whenComplete((target, err) ->
                    session.loop().execute(() -> {
                        resolveTimer.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
                        if (cancelled) {
                            return;
                        }
                        if (err == null && !permitted(spec, target, first)) {
                            // a refusal is final: redialling would be refused again
                            session.finish(CloseReason.CONNECT_FAILED, Errno.EACCES);
                            return;
                        }
                        resolved(target, err);
                    }));
        }

        void resolved(InetSocketAddress target, Throwable err) {
            if (err != null) {
                OsError os = OsError.of(err);
                failed(new DialException(DialException.Reason.RESOLVE, os.errno(), os.getMessage()));
                return;
            }
            connect(target);
        }

        private void connect(InetSocketAddress target) {
            if (cancelled) {
                return;
            }
            session.connecting();
            long timeout = (spec.connectTimeout() != null ? spec.connectTimeout() : props.connectTimeout()).toMillis();
            FramingSpec framing = spec.framing() != null ? spec.framing() : FramingSpec.raw();
            // the address judged by the policy is the one connected to: no second lookup on the way
            Bootstrap b = new Bootstrap().group(session.loop()).channel(transport.channelClass())
                    .resolver(NoopAddressResolverGroup.INSTANCE)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout))
                    .option(ChannelOption.SO_KEEPALIVE, props.tcpKeepalive())
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(
                            (int) props.writeBufferLow().toBytes(), (int) props.writeBufferHigh().toBytes()))
                    .handler(new SessionChannelInitializer(registry, props, framing, session));
            long t0 = System.nanoTime();
            ChannelFuture f = b.connect(target);
            f.addListener(done -> {
                connectTimer.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
                if (!done.isSuccess()) {
                    Errno e = Errno.of(done.cause());
                    failed(new DialException(DialException.Reason.CONNECT, e, "connect to " + spec.host() + ":" + spec.port()
                            + " failed: " + e.name() + " (" + done.cause().getMessage() + ")"));
                    return;
                }
                if (cancelled) {
                    f.channel().close();
                    return;
                }
                failures = 0;
                session.attach(f.channel());
                registry.opened(session);
                first.complete(session);
            });
        }

        private void failed(DialException e) {
            failures++;
            if (!cancelled && spec.reconnect() != null && spec.reconnect().allows(failures)) {
                backoff(e.errno());
                first.complete(session);
                return;
            }
            session.finish(CloseReason.CONNECT_FAILED, e.errno());
            first.completeExceptionally(e);
        }

        private void backoff(Errno cause) {
            long delay = spec.reconnect().delayMillis(failures, random);
            session.backingOff(Instant.now().plusMillis(delay), cause);
            session.loop().schedule(this::attempt, delay, TimeUnit.MILLISECONDS);
        }

        @Override
        public void afterClose(CloseReason reason, Errno errno) {
            boolean userEnded = reason == CloseReason.CLOSED_BY_API || reason == CloseReason.SHUTDOWN
                    || reason == CloseReason.REPLACED;
            if (!cancelled && !userEnded && spec.reconnect() != null) {
                log.debug("Outbound session {} dropped ({}); redialling", session.id(), reason);
                failures = 1;
                backoff(errno);
            } else {
                session.finish(reason, errno);
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }
}
