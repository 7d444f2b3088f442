package dev.fleetgateway.dataplane.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import dev.fleetgateway.dataplane.DataPlaneProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.util.unit.DataSize;

/** When the data-plane port exists, and how it refuses to serve plain HTTP beside an HTTPS REST port. */
class DataPlaneConfigTests {

    @Test
    void isOffByDefaultSoNoPortIsBound() {
        new ApplicationContextRunner().withUserConfiguration(DataPlaneConfig.class)
                .run(ctx -> assertThat(ctx).doesNotHaveBean(DataPlaneServer.class));
        DataPlaneProperties defaults = Binder.get(new MockEnvironment())
                .bindOrCreate("gateway.data-plane", DataPlaneProperties.class);
        assertThat(defaults.enabled()).isFalse();
    }

    @Test
    void boundsBodiesLikeTheRestPortUnlessTold() {
        DataPlaneProperties defaults = Binder.get(new MockEnvironment())
                .bindOrCreate("gateway.data-plane", DataPlaneProperties.class);
        assertThat(defaults.contentLimit(DataSize.ofMegabytes(1))).isEqualTo(1024 * 1024 * 4 / 3 + 64 * 1024);
    }

    @Test
    void refusesToStartWhenTheRestPortIsHttpsWithoutABundle() {
        MockEnvironment env = new MockEnvironment().withProperty("server.ssl.enabled", "true");
        assertThatThrownBy(() -> DataPlaneConfig.tls(env, new StaticListableBeanFactory().getBeanProvider(SslBundles.class)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("server.ssl.bundle")
                .hasMessageContaining("never serves plain HTTP");
    }

    @Test
    void servesPlainHttpOnlyWhenTheRestPortDoes() {
        assertThat(DataPlaneConfig.tls(new MockEnvironment(),
                new StaticListableBeanFactory().getBeanProvider(SslBundles.class))).isNull();
    }
}
