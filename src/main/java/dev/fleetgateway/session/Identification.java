package dev.fleetgateway.session;

import java.util.EnumMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import dev.fleetgateway.module.KnownModules;
import dev.fleetgateway.module.ModuleCredentials;
import dev.fleetgateway.module.RegistryProperties;
import dev.fleetgateway.session.codec.HelloHandler;
import dev.fleetgateway.system.LogThrottle;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import dev.fleetgateway.session.codec.ProvenKey;
import io.netty.util.AttributeKey;

/**
 * Decides whether an inbound session may take the key its hello claims: the credential proof first (a module
 * with a credential must prove it, so a hijacker never reaches the duplicate policy and never replaces the
 * live session), then the policy for modules the registry does not know, then the duplicate policy. Runs on
 * the session's event loop and reads only memory. Every refusal is counted by reason and logged (throttled).
 * <p>
 * A transport that proves identity itself (a TLS client certificate) sets {@link #PROVEN_KEY} on the channel
 * or calls {@link #proven}: the session is then bound without a hello, or a hello must name the same key.
 */
@Component
class Identification implements HelloHandler.Verdict {

    /** A key the transport has proven for this channel; a hello needs no credential but must name it. */
    static final AttributeKey<String> PROVEN_KEY = ProvenKey.ATTR;

    private static final Logger log = LoggerFactory.getLogger(Identification.class);

    private final SessionRegistry registry;
    private final ModuleCredentials credentials;
    private final KnownModules known;
    private final boolean requireCredential;
    private final RemoteHolders remote;
    private final boolean rejectDuplicates;
    private final Map<IdentityRefusal, Counter> refused = new EnumMap<>(IdentityRefusal.class);
    private final Map<IdentityRefusal, LogThrottle> logs = new EnumMap<>(IdentityRefusal.class);

    Identification(SessionRegistry registry, ModuleCredentials credentials, KnownModules known,
            RegistryProperties registryProps, MeterRegistry meters) {
        this(registry, credentials, known, registryProps, meters, RemoteHolders.NONE, false);
    }

    @Autowired
    Identification(SessionRegistry registry, ModuleCredentials credentials, KnownModules known,
            RegistryProperties registryProps, MeterRegistry meters, SessionProperties props,
            ObjectProvider<RemoteHolders> remote) {
        this(registry, credentials, known, registryProps, meters, remote.getIfAvailable(() -> RemoteHolders.NONE),
                props.duplicateKey() == SessionProperties.DuplicatePolicy.REJECT);
    }

    Identification(SessionRegistry registry, ModuleCredentials credentials, KnownModules known,
            RegistryProperties registryProps, MeterRegistry meters, RemoteHolders remote, boolean rejectDuplicates) {
        this.remote = remote;
        this.rejectDuplicates = rejectDuplicates;
        this.registry = registry;
        this.credentials = credentials;
        this.known = known;
        this.requireCredential = registryProps.requireCredential();
        for (IdentityRefusal r : IdentityRefusal.values()) {
            refused.put(r, Counter.builder("fleet.sessions.identity.refused")
                    .description("Sessions refused at identification, by reason")
                    .tag("reason", r.tag()).register(meters));
            logs.put(r, new LogThrottle(log));
        }
    }

    @Override
    public boolean identified(ChannelHandlerContext ctx, HelloHandler.Hello hello) {
        ModuleSession s = ctx.channel().attr(ModuleSession.ATTR).get();
        if (hello.key().equals(provenKey(ctx.channel()))) {
            return true; // already bound by its certificate; the firmware's usual hello changes nothing
        }
        IdentityRefusal refusal = check(ctx.channel(), hello);
        if (refusal != null) {
            refuse(s, refusal, hello.key(), CloseReason.IDENTITY_REFUSED);
            return false;
        }
        return bind(s, hello.key());
    }

    // hasAttr first: attr() would create the attribute on every plain channel (≈ 32 B each, issue 18).
    private static String provenKey(Channel ch) {
        return ch.hasAttr(PROVEN_KEY) ? ch.attr(PROVEN_KEY).get() : null;
    }

    private IdentityRefusal check(Channel ch, HelloHandler.Hello hello) {
        String proven = provenKey(ch);
        if (proven != null) {
            return proven.equals(hello.key()) ? null : IdentityRefusal.KEY_MISMATCH;
        }
        return switch (credentials.check(hello.key(), hello.token(), hello.hmac(), hello.nonce())) {
            case PROVEN -> null;
            case MISSING -> IdentityRefusal.CREDENTIAL_MISSING;
            case WRONG -> IdentityRefusal.CREDENTIAL_WRONG;
            case REVOKED -> IdentityRefusal.CREDENTIAL_REVOKED;
            case NOT_REQUIRED -> {
                if (requireCredential) {
                    yield IdentityRefusal.CREDENTIAL_REQUIRED;
                }
                boolean stranger = !known.isKnown(hello.key());
                yield stranger && known.policy() == RegistryProperties.UnknownModules.REJECT
                        ? IdentityRefusal.UNKNOWN_MODULE : null;
            }
        };
    }

    private boolean bind(ModuleSession s, String key) {
        // Under REJECT a live session on another replica keeps its key as a local one does; two hellos on two
        // replicas within the milliseconds a notification takes are settled by the cluster (the first write wins).
        if ((rejectDuplicates && remote.heldElsewhere(key)) || !registry.bind(s, key)) {
            refuse(s, IdentityRefusal.DUPLICATE_KEY, key, CloseReason.DUPLICATE_REJECTED);
            return false;
        }
        return true;
    }

    @Override
    public boolean anonymous(ChannelHandlerContext ctx) {
        if (provenKey(ctx.channel()) != null) {
            return true; // proven by its certificate: data without a hello is its data
        }
        if (known.policy() == RegistryProperties.UnknownModules.REJECT || requireCredential) {
            refuse(ctx.channel().attr(ModuleSession.ATTR).get(), IdentityRefusal.ANONYMOUS, null,
                    CloseReason.IDENTITY_REFUSED);
            return false;
        }
        registry.anonymous();
        return true;
    }

    @Override
    public void rejected(ChannelHandlerContext ctx, boolean timeout) {
        ModuleSession s = ctx.channel().attr(ModuleSession.ATTR).get();
        if (timeout) {
            refuse(s, IdentityRefusal.HELLO_TIMEOUT, null, CloseReason.HELLO_TIMEOUT);
        } else {
            refuse(s, IdentityRefusal.HELLO_INVALID, null, CloseReason.HELLO_REJECTED);
        }
    }

    /**
     * Binds a session whose transport proved its key (a TLS client certificate), without waiting for a hello:
     * the hello handler steps aside, data flows at once. Call on the channel's event loop. False when the
     * duplicate policy refused the key (the session is closed).
     */
    boolean proven(Channel ch, String key) {
        ch.attr(PROVEN_KEY).set(key);
        if (ch.pipeline().get(SessionChannelInitializer.HELLO) != null) {
            ch.pipeline().remove(SessionChannelInitializer.HELLO);
        }
        return bind(ch.attr(ModuleSession.ATTR).get(), key);
    }

    private void refuse(ModuleSession s, IdentityRefusal reason, String key, CloseReason close) {
        refused.get(reason).increment();
        logs.get(reason).warn("Identification refused ({}) for key {} from {}, session {}; counted in "
                + "fleet.sessions.identity.refused (one line per reason per 30 s)", reason.tag(),
                key == null ? "-" : key, s.remoteAddress(), s.id());
        s.close(close);
    }
}
