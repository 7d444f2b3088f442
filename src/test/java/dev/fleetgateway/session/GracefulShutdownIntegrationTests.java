package dev.fleetgateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ConfigurableApplicationContext;

import dev.fleetgateway.FleetGatewayApplication;
import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.ModuleClient;

class GracefulShutdownIntegrationTests {

    @Test
    void stopsAcceptingReportsNotReadyAndClosesSessionsWithShutdownAfterGrace() throws Exception {
        ConfigurableApplicationContext ctx = SpringApplication.run(FleetGatewayApplication.class,
                "--server.port=0", "--gateway.modules.port=0", "--gateway.modules.shutdown-grace=1500ms",
                "--spring.datasource.url=jdbc:h2:mem:shutdown;DB_CLOSE_DELAY=-1");
        ModuleServer server = ctx.getBean(ModuleServer.class);
        SessionRegistry registry = ctx.getBean(SessionRegistry.class);
        ApplicationAvailability availability = ctx.getBean(ApplicationAvailability.class);
        int port = server.localPort();
        try (ModuleClient stays = ModuleClient.hello(port, "stays");
                ModuleClient leaves = ModuleClient.hello(port, "leaves")) {
            Await.until("bound", () -> registry.findByModuleKey("stays").isPresent()
                    && registry.findByModuleKey("leaves").isPresent());
            ModuleSession staying = registry.findByModuleKey("stays").orElseThrow();
            ModuleSession leaving = registry.findByModuleKey("leaves").orElseThrow();

            CompletableFuture<Void> closing = CompletableFuture.runAsync(ctx::close, r -> new Thread(r).start());
            Await.until("draining", server::isDraining);
            assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
            Await.until("listener closed", () -> !server.isListening());
            // During the grace period a module may still finish by itself.
            leaves.close();
            Await.until("leaver closed", leaving::isClosed);
            assertThat(leaving.closeReason()).isEqualTo(CloseReason.CLIENT_CLOSED);
            assertThat(staying.isOpen()).isTrue();

            assertThat(stays.closedByServer(5000)).isTrue();
            closing.get(20, TimeUnit.SECONDS);
            assertThat(staying.closeReason()).isEqualTo(CloseReason.SHUTDOWN);
        } finally {
            ctx.close();
        }
    }
}
