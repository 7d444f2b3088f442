package dev.fleetgateway.system;

import java.util.Map;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Gives HELP text to the framework meters that come without one (Spring MVC observations, scheduled tasks,
 * Tomcat sessions), so {@code promtool check metrics} and Prometheus' UI describe every series.
 */
@Component
class MeterDescriptions implements MeterFilter {

    private static final Map<String, String> DESCRIPTIONS = Map.of(
            "http.server.requests", "HTTP requests handled, by method, URI template, status and outcome",
            "http.server.requests.active", "HTTP requests in progress",
            "tasks.scheduled.execution", "Runs of @Scheduled tasks",
            "tasks.scheduled.execution.active", "@Scheduled tasks running now",
            "tomcat.sessions.active.current", "HTTP sessions active now (the API is stateless: normally 0)",
            "tomcat.sessions.active.max", "Most HTTP sessions active at once",
            "tomcat.sessions.alive.max", "Longest time an expired HTTP session was alive",
            "tomcat.sessions.created", "HTTP sessions created",
            "tomcat.sessions.expired", "HTTP sessions expired",
            "tomcat.sessions.rejected", "HTTP sessions refused because the maximum was reached");

    @Override
    public Meter.Id map(Meter.Id id) {
        String description = id.getDescription() == null ? DESCRIPTIONS.get(id.getName()) : null;
        if (description == null) {
            return id;
        }
        return new Meter.Id(id.getName(), Tags.of(id.getTags()), id.getBaseUnit(),
                description, id.getType());
    }
}
