package dev.fleetgateway.session;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.fleetgateway.module.KnownModules;
import dev.fleetgateway.module.ModuleCredentials;
import dev.fleetgateway.module.RegistryProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;

/**
 * What the tests of {@link Identification} decide a hello with: mocked live table, credentials and registry (every
 * key known, new ones registered, every bind taken), a session on an embedded channel, and real meters.
 */
abstract class IdentificationFixture {

    final SessionRegistry registry = mock(SessionRegistry.class);
    final ModuleCredentials credentials = mock(ModuleCredentials.class);
    final KnownModules known = mock(KnownModules.class);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final ModuleSession session = mock(ModuleSession.class);
    final EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
    final ChannelHandlerContext ctx = channel.pipeline().firstContext();

    IdentificationFixture() {
        channel.attr(ModuleSession.ATTR).set(session);
        when(registry.bind(any(), anyString())).thenReturn(true);
        when(known.policy()).thenReturn(RegistryProperties.UnknownModules.REGISTER);
        when(known.isKnown(anyString())).thenReturn(true);
    }

    /** Registry settings with the given policy for unknown modules. */
    static RegistryProperties registryProperties(RegistryProperties.UnknownModules policy) {
        return new RegistryProperties(10, 10, policy, false, 5);
    }

    /** The {@code fleet.sessions.identity.refused} count for one reason. */
    double refused(String reason) {
        return meters.get("fleet.sessions.identity.refused").tag("reason", reason).counter().count();
    }
}
