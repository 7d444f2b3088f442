package dev.fleetgateway.system.web;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * Puts {@link ProbeShortcut} in front of everything on the management port's own web server (the actuator's child
 * context, listed in {@code META-INF/spring/...ManagementContextConfiguration.imports}). Component scanning finds
 * this class in the main context too, where it registers a disabled filter: the REST port has no actuator.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
class ProbeShortcutConfiguration {

    @Bean
    FilterRegistrationBean<ProbeShortcut> probeShortcut(ApplicationContext context,
            ObjectProvider<HealthEndpoint> health, ObjectProvider<HealthEndpointGroups> groups,
            ObjectProvider<WebEndpointProperties> web) {
        HealthEndpoint endpoint = health.getIfAvailable();
        HealthEndpointGroups probeGroups = groups.getIfAvailable();
        WebEndpointProperties props = web.getIfAvailable();
        String base = props == null ? "/actuator" : props.getBasePath();
        boolean management = context instanceof WebServerApplicationContext w
                && "management".equals(w.getServerNamespace());
        FilterRegistrationBean<ProbeShortcut> registration = new FilterRegistrationBean<>(
                new ProbeShortcut(base, endpoint, probeGroups));
        registration.addUrlPatterns(base + "/health/liveness", base + "/health/readiness");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setEnabled(management && endpoint != null && probeGroups != null);
        return registration;
    }
}
