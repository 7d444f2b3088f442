package dev.fleetgateway.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PromQlNamesTests {

    @Test
    void findsSelectorsAndTemplateMetricsButNotLabelsOrFunctions() {
        assertThat(PromQlNames.of("histogram_quantile(0.99, sum by (le, addressing) "
                + "(rate(fleet_send_latency_seconds_bucket{instance=~\"$instance\",x=\"rate(y{\"}[$__rate_interval])))"))
                .containsExactly("fleet_send_latency_seconds_bucket");
        assertThat(PromQlNames.of("label_values(fleet_sessions, instance)")).containsExactly("fleet_sessions");
    }

    @Test
    void refusesABareMetricNameTheCheckCouldMiss() {
        assertThatThrownBy(() -> PromQlNames.of("sum(rate(fleet_outbox_messages_total[5m]))"))
                .hasMessageContaining("fleet_outbox_messages_total");
    }
}
