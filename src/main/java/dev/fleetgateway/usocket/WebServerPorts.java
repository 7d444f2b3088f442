package dev.fleetgateway.usocket;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * The HTTP ports of this process (the API's and, when it has its own, the management port's), learnt as each web
 * server starts; the management server's event reaches this listener through its parent context.
 */
@Component
class WebServerPorts implements OwnPorts, ApplicationListener<WebServerInitializedEvent> {

    private final List<Integer> ports = new CopyOnWriteArrayList<>();

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        int port = event.getWebServer().getPort();
        if (port > 0 && !ports.contains(port)) {
            ports.add(port);
        }
    }

    @Override
    public List<Integer> ownPorts() {
        return List.copyOf(ports);
    }
}
