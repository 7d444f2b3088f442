package dev.fleetgateway.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the start reports about itself.
 *
 * @param reportSteps when above 0, every startup step's wall and CPU time is recorded and, once the application is
 *        ready, logger {@code fleet.startup} logs the totals (process and main-thread CPU, JIT, GC), the cost of
 *        each kind of step and this many steps with the most CPU of their own (a bean without the beans it pulled
 *        in). 0 (the default) records nothing: Spring's no-op startup recorder stays. Read before the application
 *        context exists, so only a command-line argument, system property or environment variable
 *        ({@code GATEWAY_STARTUP_REPORT_STEPS}) or {@code application.yml} sets it
 */
@ConfigurationProperties("gateway.startup")
record StartupProperties(@DefaultValue("0") int reportSteps) {

    static final int MAX_REPORT_STEPS = 1000;

    public StartupProperties {
        if (reportSteps < 0 || reportSteps > MAX_REPORT_STEPS) {
            throw new IllegalArgumentException("gateway.startup.report-steps must be 0.." + MAX_REPORT_STEPS
                    + ", was " + reportSteps);
        }
    }
}
