package dev.fleetgateway.system.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.context.ApplicationContext;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;

import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.Http;

/**
 * Anonymous probes are answered in front of the actuator, with exactly what the actuator answers (status code,
 * media type, body) in every availability state; a probe the actuator must see (a key, an Accept) still reaches it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ProbeShortcutIntegrationTests {

    @LocalManagementPort
    int managementPort;

    @Autowired
    ApplicationContext context;

    @AfterEach
    void restore() {
        AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
        AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
    }

    HttpResponse<byte[]> probe(String group, String authorization) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                + "/actuator/health/" + group)).GET();
        if (authorization != null) {
            r.header("Authorization", authorization);
        }
        return new Http(managementPort, null).raw(r);
    }

    /** The shortcut's answer (no key) against the actuator's (a wrong key is ignored there: anonymous too). */
    void assertSameAsTheActuator(String group, int status, String body) {
        HttpResponse<byte[]> lean = probe(group, null);
        HttpResponse<byte[]> actuator = probe(group, "Bearer fgk_not-a-key");
        for (HttpResponse<byte[]> r : java.util.List.of(lean, actuator)) {
            assertThat(r.statusCode()).as(group).isEqualTo(status);
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).as(group).isEqualTo(body);
        }
        assertThat(lean.headers().firstValue("Content-Type"))
                .isEqualTo(actuator.headers().firstValue("Content-Type"));
        assertThat(lean.headers().firstValue("Cache-Control"))
                .isEqualTo(actuator.headers().firstValue("Cache-Control"));
    }

    @Test
    void probesAnswerExactlyWhatTheActuatorAnswers() {
        assertSameAsTheActuator("liveness", 200, "{\"status\":\"UP\"}");
        assertSameAsTheActuator("readiness", 200, "{\"status\":\"UP\"}");
    }

    @Test
    void brokenLivenessAndRefusedReadinessAre503DownAsWithTheActuator() {
        AvailabilityChangeEvent.publish(context, LivenessState.BROKEN);
        AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);

        assertSameAsTheActuator("liveness", 503, "{\"status\":\"DOWN\"}");
        assertSameAsTheActuator("readiness", 503, "{\"status\":\"OUT_OF_SERVICE\"}");
    }

    @Test
    void theShortcutStandsInFrontOfTheManagementPortOnly() {
        Await.until("management server started", () -> ManagementContext.context != null);
        FilterRegistrationBean<?> shortcut = ManagementContext.context.getBean("probeShortcut",
                FilterRegistrationBean.class);
        assertThat(shortcut.isEnabled()).isTrue();
        assertThat(shortcut.getOrder()).isEqualTo(Ordered.HIGHEST_PRECEDENCE);
        // Found by component scanning in the main context too, where it must do nothing.
        assertThat(context.getBean("probeShortcut", FilterRegistrationBean.class).isEnabled()).isFalse();
    }

    /** Catches the management child context as its web server starts (its events reach the parent). */
    @TestConfiguration
    static class ManagementContext {

        static volatile ApplicationContext context;

        @EventListener
        void started(WebServerInitializedEvent event) {
            if ("management".equals(event.getApplicationContext().getServerNamespace())) {
                context = event.getApplicationContext();
            }
        }
    }
}
