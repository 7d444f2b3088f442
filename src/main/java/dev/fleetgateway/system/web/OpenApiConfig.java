package dev.fleetgateway.system.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;

/** OpenAPI document metadata; the operations come from the controllers' annotations. */
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
                .license(new License().name("Apache-2.0")))
                // Every /api operation needs a bearer API key; Swagger UI's Authorize button sends it.
                .components(new io.swagger.v3.oas.models.Components().addSecuritySchemes("apiKey",
                        new io.swagger.v3.oas.models.security.SecurityScheme()
                                .type(io.swagger.v3.oas.models.security.SecurityScheme.Type.HTTP)
                                .scheme("bearer").description("An API key (fgk_…) or a JWT")))
                .addSecurityItem(new io.swagger.v3.oas.models.security.SecurityRequirement().addList("apiKey"));
    }
}
