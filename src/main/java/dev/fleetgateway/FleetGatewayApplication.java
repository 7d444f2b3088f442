package dev.fleetgateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of the Fleet Gateway service. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class FleetGatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(FleetGatewayApplication.class, args);
    }
}
