package dev.fleetgateway.security.web;


import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;

import dev.fleetgateway.security.ApiKeys;
import dev.fleetgateway.security.RequestQuota;
import dev.fleetgateway.security.JwtRoles;
import dev.fleetgateway.security.Role;
import dev.fleetgateway.security.SecurityProperties;
import dev.fleetgateway.system.ApiProperties;

/**
 * The API's filter chain: {@code /api/**}, and Swagger UI with the OpenAPI document while they are served, need a
 * bearer API key (or a JWT when a decoder is configured) with the role {@link EndpointRoles} names; everything
 * else (actuator, error page) stays open, though an API key on the actuator unlocks health details. Stateless,
 * no cookies, so no CSRF. Order inside the chain: audit, key, JWT, quota, authorization. The same chain guards
 * the management port (Boot hands it to the management child context).
 */
@Configuration
@EnableWebSecurity
class SecurityConfig {

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeys keys, RequestQuota quota, SecurityProperties props,
            ApiProperties api, ObjectProvider<JwtDecoder> jwtDecoder) throws Exception {
        SecurityProblems problems = new SecurityProblems();
        boolean docs = api.docsEnabled();
        JwtDecoder decoder = jwtDecoder.getIfAvailable();
        http.csrf(c -> c.disable())
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(r -> r.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // A console login (an HTTP session, see ConsoleSecurityConfig) also lets the browser read the API
                // docs; it is never read for /api/**, which stays bearer-only and stateless.
                .securityContext(c -> c.securityContextRepository(new DelegatingSecurityContextRepository(
                        new RequestAttributeSecurityContextRepository(),
                        new SessionLogin(keys, SessionLogin::outsideApi))))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .authorizeHttpRequests(a -> a
                        // The first dispatch was checked; an async or error dispatch continues it.
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers("/api/**").access(roleOfEndpoint())
                        // Switched off, the docs are a 404 for everybody rather than a 401.
                        .requestMatchers(r -> docs && EndpointRoles.isDocs(r)).access(roleOfEndpoint())
                        .anyRequest().permitAll())
                .addFilterAfter(new AuditFilter(), SecurityContextHolderFilter.class)
                // a call forwarded by another replica carries its caller (checked against the cluster secret)
                .addFilterBefore(new AssertedCallerFilter(), BearerTokenAuthenticationFilter.class)
                .addFilterBefore(new ApiKeyFilter(keys, problems, decoder != null, docs),
                        BearerTokenAuthenticationFilter.class)
                .addFilterBefore(new QuotaFilter(quota), AnonymousAuthenticationFilter.class);
        if (decoder != null) {
            DefaultBearerTokenResolver bearer = new DefaultBearerTokenResolver();
            http.oauth2ResourceServer(o -> o
                    .bearerTokenResolver(r -> r.getAttribute(ApiKeyFilter.AUTHENTICATED) != null
                            || !ApiKeyFilter.guarded(r, docs) ? null : bearer.resolve(r))
                    .authenticationEntryPoint(problems)
                    .accessDeniedHandler(problems)
                    .jwt(j -> j.decoder(decoder).jwtAuthenticationConverter(jwtRoles(props.jwt().rolesClaim()))));
        }
        return http.build();
    }

    /**
     * With {@code management.observations.enable.spring.security=false} (the default here) Security observes
     * nothing at all: Boot's switch only makes each observation a no-op, while the observing decorator still
     * wrapped every filter of the chain and the authorization manager on every request (issue 18). Set to true,
     * everything is observed, as without this bean.
     */
    @Bean
    org.springframework.security.config.observation.SecurityObservationSettings securityObservations(
            org.springframework.core.env.Environment env) {
        boolean observe = env.getProperty("management.observations.enable.spring.security", Boolean.class, true);
        // observing everything is what Security does when no settings bean exists
        return observe ? org.springframework.security.config.observation.SecurityObservationSettings.withDefaults()
                .shouldObserveRequests(true).shouldObserveAuthentications(true).shouldObserveAuthorizations(true)
                .build() : org.springframework.security.config.observation.SecurityObservationSettings.noObservations();
    }

    /**
     * Spring Security's firewall, but with any method let through: an unknown method or TRACE gets the same 405
     * problem from Spring MVC as before security was added (and needs the admin role on the API).
     */
    @Bean
    org.springframework.security.web.firewall.HttpFirewall httpFirewall() {
        var firewall = new org.springframework.security.web.firewall.StrictHttpFirewall();
        firewall.setUnsafeAllowAnyHttpMethod(true);
        return firewall;
    }

    private static AuthorizationManager<RequestAuthorizationContext> roleOfEndpoint() {
        return (authentication, context) -> {
            Role needed = EndpointRoles.required(context.getRequest());
            var a = authentication.get();
            boolean anonymous = CallerAuthentication.name(a).equals("-");
            return new AuthorizationDecision(!anonymous && CallerAuthentication.roles(a).contains(needed));
        };
    }

    /** Roles of a JWT from the configured claim: a list of names or one space-separated string. */
    private static Converter<Jwt, AbstractAuthenticationToken> jwtRoles(String claim) {
        return jwt -> new JwtAuthenticationToken(jwt, JwtRoles.of(jwt, claim).stream()
                .map(r -> new SimpleGrantedAuthority(r.authority())).toList(), JwtRoles.name(jwt));
    }
}
