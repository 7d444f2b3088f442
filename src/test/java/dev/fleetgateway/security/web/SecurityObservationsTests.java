package dev.fleetgateway.security.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.config.observation.SecurityObservationSettings;

/** Spring Security observes requests only when its observations are switched on. */
class SecurityObservationsTests {

    @Test
    void observesNothingWhenSwitchedOff() {
        SecurityObservationSettings s = new SecurityConfig().securityObservations(new MockEnvironment()
                .withProperty("management.observations.enable.spring.security", "false"));
        assertThat(s.shouldObserveRequests()).isFalse();
        assertThat(s.shouldObserveAuthentications()).isFalse();
        assertThat(s.shouldObserveAuthorizations()).isFalse();
    }

    @Test
    void observesEverythingWhenSwitchedOnAsWithoutTheBean() {
        SecurityObservationSettings s = new SecurityConfig().securityObservations(new MockEnvironment());
        // as Security does without a settings bean
        assertThat(s.shouldObserveRequests()).isTrue();
        assertThat(s.shouldObserveAuthentications()).isTrue();
        assertThat(s.shouldObserveAuthorizations()).isTrue();
    }
}
