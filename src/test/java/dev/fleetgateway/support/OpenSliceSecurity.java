package dev.fleetgateway.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * For {@code @WebMvcTest} slices, which test a controller's own behaviour: a filter chain that lets every request
 * through, in place of Boot's default (form login, CSRF) that a slice would otherwise get. Authentication and
 * roles are tested on the whole application (security.web).
 */
@TestConfiguration(proxyBeanMethods = false)
public class OpenSliceSecurity {

    @Bean
    SecurityFilterChain openForSlice(HttpSecurity http) throws Exception {
        return http.csrf(c -> c.disable()).authorizeHttpRequests(a -> a.anyRequest().permitAll()).build();
    }
}
