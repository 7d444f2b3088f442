package dev.fleetgateway.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.fleetgateway.module.KnownModules;
import dev.fleetgateway.module.ModuleKind;
import dev.fleetgateway.module.ModuleNotFoundException;
import dev.fleetgateway.module.ModuleService;
import dev.fleetgateway.module.ModuleView;
import dev.fleetgateway.session.ModuleSession;
import dev.fleetgateway.session.SendTimer;
import dev.fleetgateway.session.SessionRegistry;
import dev.fleetgateway.system.DatabaseWriter;
import dev.fleetgateway.system.FleetException;

/** Which sends read the module registry: a key with an open session never does (the REST hot path). */
class ModuleSenderLookupTests {

    private final ModuleService modules = mock(ModuleService.class);
    private final KnownModules known = mock(KnownModules.class);
    private final SessionRegistry sessions = mock(SessionRegistry.class);
    private final SendTimer timer = mock(SendTimer.class);
    private final ModuleSession session = mock(ModuleSession.class);
    private ModuleSender sender;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void setUp() {
        sender = new ModuleSender(modules, known, sessions, mock(OutboxStore.class), mock(OutboxDelivery.class),
                mock(DatabaseWriter.class), timer, mock(org.springframework.context.ApplicationEventPublisher.class));
        given(session.isOpen()).willReturn(true);
        given(session.id()).willReturn("s1");
        given(timer.time(any(), any())).willAnswer(i -> ((Supplier<CompletableFuture<Integer>>) i.getArgument(1)).get());
        given(session.send(any())).willReturn(CompletableFuture.completedFuture(5));
    }

    @Test
    void sendsToAnOpenSessionByKeyWithoutReadingTheRegistry() {
        given(sessions.findByModuleKey("866327040123456")).willReturn(Optional.of(session));

        SendOutcome out = sender.send("866327040123456", "hello".getBytes(), SendOptions.NOW_ONLY).join();

        assertThat(out.sent()).isEqualTo(5);
        verifyNoInteractions(modules);
    }

    @Test
    void answersAnUnknownKeyWithoutReadingTheRegistry() {
        given(sessions.findByModuleKey("gone")).willReturn(Optional.empty());

        assertThatThrownBy(() -> sender.send("gone", new byte[] {1}, SendOptions.NOW_ONLY))
                .isInstanceOf(ModuleNotFoundException.class);
        verifyNoInteractions(modules);
    }

    @Test
    void answersAKnownOfflineKeyWithoutReadingTheRegistry() {
        given(sessions.findByModuleKey("asleep")).willReturn(Optional.empty());
        given(known.isKnown("asleep")).willReturn(true);

        assertThatThrownBy(() -> sender.send("asleep", new byte[] {1}, SendOptions.NOW_ONLY))
                .isInstanceOfSatisfying(FleetException.class,
                        e -> assertThat(e.kind()).isEqualTo(FleetException.Kind.CONFLICT));
        verifyNoInteractions(modules);
    }

    @Test
    void resolvesAnIdThroughTheRegistryEvenWhenAKeyOfThatSpellingIsLive() {
        String id = UUID.randomUUID().toString();
        ModuleView view = new ModuleView(UUID.fromString(id), "k1", null, ModuleKind.REAL, Map.of(), Instant.now(), null);
        given(modules.get(id)).willReturn(view);
        given(sessions.findByModuleKey(id)).willReturn(Optional.of(session));
        given(sessions.findByModuleKey("k1")).willReturn(Optional.of(session));

        sender.send(id, new byte[] {1}, SendOptions.NOW_ONLY).join();

        verify(modules).get(id);
    }
}
