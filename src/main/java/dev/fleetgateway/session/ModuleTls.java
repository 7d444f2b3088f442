package dev.fleetgateway.session;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslManagerBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

/**
 * The TLS context of the module port, built from the SSL bundle {@code gateway.modules.tls.bundle}. When the
 * bundle's files change (cert-manager renewing a certificate) Spring Boot reloads the bundle and this swaps in a
 * new context: new connections get the new certificate, live sessions keep the one they shook hands with. A
 * reload that fails keeps the old context.
 */
@Component
class ModuleTls {

    private static final Logger log = LoggerFactory.getLogger(ModuleTls.class);

    private final SessionProperties.Tls tls;
    private final AtomicReference<SslContext> context = new AtomicReference<>();
    private final Counter reloaded;
    private final Counter reloadFailed;

    ModuleTls(SessionProperties props, ObjectProvider<SslBundles> bundles, MeterRegistry meters) {
        this.tls = props.tls();
        this.reloaded = reloads(meters, "reloaded");
        this.reloadFailed = reloads(meters, "failed");
        if (!props.enabled() || !tls.enabled()) {
            return;
        }
        SslBundles all = bundles.getIfAvailable();
        if (all == null) {
            throw new IllegalStateException("gateway.modules.tls.bundle is set but there are no SSL bundles");
        }
        context.set(build(all.getBundle(tls.bundle())));
        all.addBundleUpdateHandler(tls.bundle(), this::reload);
    }

    private static Counter reloads(MeterRegistry meters, String outcome) {
        return Counter.builder("fleet.tls.reloads")
                .description("Module port certificate reloads after the SSL bundle's files changed")
                .tag("outcome", outcome).register(meters);
    }

    /** Whether the module port has a TLS listener. */
    boolean enabled() {
        return context.get() != null;
    }

    /** The context for the next connection. */
    SslContext current() {
        return context.get();
    }

    private void reload(SslBundle bundle) {
        try {
            context.set(build(bundle));
            reloaded.increment();
            log.info("Module port TLS bundle '{}' reloaded; new connections use the new certificate", tls.bundle());
        } catch (RuntimeException e) {
            reloadFailed.increment();
            log.error("Module port TLS bundle '{}' changed but could not be loaded; keeping the previous one",
                    tls.bundle(), e);
        }
    }

    private SslContext build(SslBundle bundle) {
        SslManagerBundle managers = bundle.getManagers();
        SslContextBuilder b = SslContextBuilder.forServer(managers.getKeyManagerFactory()).sslProvider(SslProvider.JDK);
        if (tls.clientAuth() != SessionProperties.ClientAuth.NONE) {
            b.trustManager(managers.getTrustManagerFactory())
                    .clientAuth(tls.clientAuth() == SessionProperties.ClientAuth.NEED ? ClientAuth.REQUIRE
                            : ClientAuth.OPTIONAL);
        }
        SslOptions options = bundle.getOptions();
        if (options.getCiphers() != null) {
            b.ciphers(List.of(options.getCiphers()));
        }
        if (options.getEnabledProtocols() != null) {
            b.protocols(options.getEnabledProtocols());
        }
        try {
            return b.build();
        } catch (SSLException e) {
            throw new IllegalStateException("SSL bundle '" + tls.bundle() + "' cannot serve TLS: " + e.getMessage(), e);
        }
    }
}
