package dev.fleetgateway.cluster;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

import dev.fleetgateway.FleetGatewayApplication;

/** A cluster on the embedded H2 database is refused at startup, with a message that says why and what to do. */
class ClusterRequiresPostgresTests {

    @Test
    void refusesToStartAClusterOnH2() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(FleetGatewayApplication.class).run(
                "--server.port=0", "--gateway.modules.port=0", "--gateway.cluster.enabled=true",
                "--gateway.cluster.replica-id=alone", "--gateway.cluster.internal-secret=s").close())
                .rootCause().hasMessageContaining("gateway.cluster.enabled=true needs PostgreSQL")
                .hasMessageContaining("H2");
    }
}
