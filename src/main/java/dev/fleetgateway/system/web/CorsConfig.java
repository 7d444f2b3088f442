package dev.fleetgateway.system.web;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.fleetgateway.system.ApiProperties;

/**
 * CORS for {@code /api/**} from {@code gateway.api.cors}: off unless origins are listed (then preflights of
 * other origins are refused by Spring MVC, and {@link CrossSiteRequestFilter} refuses them while it is off).
 */
@Configuration(proxyBeanMethods = false)
class CorsConfig implements WebMvcConfigurer {

    private final ApiProperties.Cors cors;

    // Bound from the environment rather than injected, so that web slices get the same setting.
    CorsConfig(Environment env) {
        this.cors = Binder.get(env).bindOrCreate("gateway.api", ApiProperties.class).cors();
    }

    @Override
    public void addCorsMappings(CorsRegistry registry) {
        if (!cors.enabled()) {
            return;
        }
        // No credentials: the API authenticates by header, never by cookie, so a page gets no ambient authority.
        registry.addMapping("/api/**")
                .allowedOriginPatterns(cors.allowedOrigins().toArray(String[]::new))
                .allowedMethods("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
                .allowedHeaders("*")
                .exposedHeaders("Location", "Retry-After")
                .maxAge(cors.maxAge().toSeconds());
    }
}
