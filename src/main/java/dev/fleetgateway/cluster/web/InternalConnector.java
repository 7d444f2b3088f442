package dev.fleetgateway.cluster.web;

import org.apache.catalina.connector.Connector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

import dev.fleetgateway.cluster.ClusterProperties;
import dev.fleetgateway.cluster.InternalPort;

/**
 * The internal port: a second Tomcat connector on {@code gateway.cluster.internal-port} in the same web
 * application, where other replicas forward calls ({@link InternalGate} lets only calls with the shared secret
 * in). Refuses to start a cluster member without a secret. Once the web server listens, the bound port goes to
 * {@link InternalPort} for the directory to advertise.
 */
@Component
@ConditionalOnProperty(name = "gateway.cluster.enabled", havingValue = "true")
class InternalConnector implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>,
        ApplicationListener<WebServerInitializedEvent> {

    private static final Logger log = LoggerFactory.getLogger(InternalConnector.class);

    private final ClusterProperties props;
    private final InternalPort port;
    private volatile Connector connector;

    InternalConnector(ClusterProperties props, InternalPort port) {
        if (props.internalSecret() == null || props.internalSecret().isBlank()) {
            throw new IllegalStateException("gateway.cluster.enabled=true needs gateway.cluster.internal-secret: "
                    + "the internal port accepts forwarded calls only with that shared secret");
        }
        this.props = props;
        this.port = port;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        if (connector != null) {
            return;
        }
        Connector c = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
        c.setPort(props.internalPort());
        // Forwarded long-polls and streams are ended by the owner's own bounds, not by Tomcat's 30 s default.
        c.setAsyncTimeout(0);
        factory.addAdditionalConnectors(c);
        connector = c;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        Connector c = connector;
        if (c != null && c.getLocalPort() > 0 && port.port() != c.getLocalPort()) {
            port.bound(c.getLocalPort());
            log.info("Internal port (forwarded calls from other replicas) listening on {}", c.getLocalPort());
        }
    }
}
