package dev.fleetgateway.system.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;

/** OpenAPI document metadata; the operations come from the controllers' annotations and {@link ApiContract}. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    @Bean
    OpenAPI fleetGatewayOpenApi() {
        return new OpenAPI().info(new Info()
                .title("Fleet Gateway API")
                .version("v1")
                .description("Supervise the TCP sessions of cellular IoT modules (QuecPython usocket), "
                        + "send and receive their data, queue downlinks and watch the fleet. "
                        + "Errors are RFC 9457 problem details.")
                .license(new License().name("Apache-2.0").identifier("Apache-2.0")))
                // Relative: the document is the same wherever it is served, so the committed docs/openapi.json
                // matches it byte for byte (springdoc would otherwise write the requesting host and port).
                .servers(List.of(new Server().url("/").description("The gateway serving this document")))
                // Every /api operation needs a bearer API key (ApiContract applies it); Swagger UI's Authorize
                // button sends it.
                .components(new Components().addSecuritySchemes(ApiContract.SECURITY_SCHEME, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("fgk_ API key or JWT")
                        .description("An API key (fgk_…), or a JWT when the OAuth2 resource server is configured")));
    }
}
