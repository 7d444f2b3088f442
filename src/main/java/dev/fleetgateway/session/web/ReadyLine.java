package dev.fleetgateway.session.web;

import dev.fleetgateway.session.ModuleServer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * One INFO line once the gateway is ready: where the console, the API docs, the REST, management and module ports
 * are, with the ports actually bound (port 0 included), so a newcomer knows where to look.
 */
@Component
class ReadyLine {

    private static final Logger log = LoggerFactory.getLogger(ReadyLine.class);

    private final ModuleServer modules;
    private final Environment env;
    private volatile int restPort = -1;
    private volatile int managementPort = -1;

    ReadyLine(ModuleServer modules, Environment env) {
        this.modules = modules;
        this.env = env;
    }

    /** Both web servers report here: the management server's event reaches the parent context's listeners. */
    @EventListener
    void onWebServer(WebServerInitializedEvent event) {
        if ("management".equals(event.getApplicationContext().getServerNamespace())) {
            managementPort = event.getWebServer().getPort();
        } else {
            restPort = event.getWebServer().getPort();
        }
    }

    @EventListener
    void onReady(ApplicationReadyEvent event) {
        log.info(line());
    }

    String line() {
        String scheme = env.getProperty("server.ssl.bundle") != null
                || env.getProperty("server.ssl.enabled", Boolean.class, false) ? "https" : "http";
        String host = env.getProperty("server.address", "localhost");
        String base = scheme + "://" + host + ":" + restPort;
        boolean docs = env.getProperty("springdoc.api-docs.enabled", Boolean.class, true);
        StringBuilder b = new StringBuilder("Fleet Gateway ready: console ").append(base).append("/");
        if (docs) {
            b.append(", API docs ").append(base).append(env.getProperty("springdoc.swagger-ui.path", "/swagger-ui.html"))
                    .append(" (OpenAPI ").append(base).append(env.getProperty("springdoc.api-docs.path", "/v3/api-docs"))
                    .append(")");
        } else {
            b.append(", API docs off (gateway.api.docs-enabled=false)");
        }
        b.append(", REST port ").append(host).append(":").append(restPort);
        if (managementPort > 0) {
            b.append(", management port ").append(env.getProperty("management.server.address", host)).append(":")
                    .append(managementPort).append(" (/actuator/health, /actuator/prometheus)");
        }
        String bind = env.getProperty("gateway.modules.bind-address", "0.0.0.0");
        int plain = modules.localPort();
        int tls = modules.tlsPort();
        if (plain < 0 && tls < 0) {
            b.append(", module port off");
        } else {
            b.append(", module port ").append(plain > 0 ? bind + ":" + plain : "off");
            if (tls > 0) {
                b.append(", TLS module port ").append(bind).append(":").append(tls);
            }
        }
        return b.toString();
    }
}
