package dev.fleetgateway.system;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Enables {@code @Scheduled} housekeeping (closed-session purge, outbox expiry). */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SchedulingConfig {
}
