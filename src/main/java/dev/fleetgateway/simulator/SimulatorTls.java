package dev.fleetgateway.simulator;

import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLException;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.stereotype.Component;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

/**
 * TLS for virtual modules, as QuecPython's {@code ussl.wrap_socket} gives a real one: when
 * {@code gateway.simulator.target.tls-bundle} names an SSL bundle, modules dial with TLS, trust the bundle's
 * truststore and present its keystore's certificate (if it has one) as their client certificate.
 */
@Component
class SimulatorTls {

    private final AtomicReference<SslContext> context = new AtomicReference<>();

    SimulatorTls(SimulatorProperties props, ObjectProvider<SslBundles> bundles) {
        String name = props.target().tlsBundle();
        if (name == null || name.isBlank()) {
            return;
        }
        SslBundles all = bundles.getObject();
        context.set(build(all.getBundle(name)));
        all.addBundleUpdateHandler(name, b -> context.set(build(b)));
    }

    /** The client context for the next dial, or null to dial plain TCP. */
    SslContext current() {
        return context.get();
    }

    private static SslContext build(SslBundle bundle) {
        try {
            SslContextBuilder b = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                    .trustManager(bundle.getManagers().getTrustManagerFactory())
                    // ussl checks the server's name when given one; so does the simulator
                    .endpointIdentificationAlgorithm("HTTPS");
            if (bundle.getStores().getKeyStore() != null) {
                b.keyManager(bundle.getManagers().getKeyManagerFactory());
            }
            return b.build();
        } catch (SSLException e) {
            throw new IllegalStateException("SSL bundle cannot dial TLS: " + e.getMessage(), e);
        }
    }
}
