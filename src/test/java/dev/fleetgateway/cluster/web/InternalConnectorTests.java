package dev.fleetgateway.cluster.web;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import dev.fleetgateway.cluster.ClusterProperties;
import dev.fleetgateway.cluster.InternalPort;

/** A cluster member never starts without the shared secret; a forwarded call names the caller's roles by label. */
class InternalConnectorTests {

    static ClusterProperties props(String secret) {
        return new ClusterProperties(true, "a", "127.0.0.1", 0, secret, Duration.ofSeconds(10), Duration.ofSeconds(3));
    }

    @Test
    void refusesToStartAClusterMemberWithoutASecret() {
        assertThatThrownBy(() -> new InternalConnector(props(""), new InternalPort()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("gateway.cluster.internal-secret");
        assertThatThrownBy(() -> new InternalConnector(props("  "), new InternalPort()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void forwardsTheCallersRolesAsLabels() {
        var auth = UsernamePasswordAuthenticationToken.authenticated("ops", null,
                java.util.List.of(new SimpleGrantedAuthority("ROLE_READ"), new SimpleGrantedAuthority("ROLE_SEND"),
                        new SimpleGrantedAuthority("SCOPE_other")));
        assertThat(Forwarder.roles(auth)).isEqualTo("read,send");
    }
}
