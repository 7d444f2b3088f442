package dev.fleetgateway.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.metrics.ApplicationStartup;

/**
 * The opt-in startup report: with {@code gateway.startup.report-steps} the start records its steps and logs them
 * once ready; without it Spring's no-op recorder stays and nothing is logged. A tiny application, not the
 * gateway: the listener comes from {@code META-INF/spring.factories} for any Spring Boot application.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupReportTests {

    @Test
    void logsTheDearestStepsOnceReadyWhenAsked(CapturedOutput output) {
        try (ConfigurableApplicationContext context = start("--gateway.startup.report-steps=3", "--logging.level.fleet.startup=INFO")) {
            assertThat(context.getApplicationStartup()).isInstanceOf(StartupSteps.class);
            assertThat(((StartupSteps) context.getApplicationStartup()).ended())
                    .anyMatch(s -> s.label().equals("spring.beans.instantiate slowBean"));
        }
        assertThat(output.getOut()).contains("fleet.startup", "Startup: ready ", "CPU", "By kind of step",
                "spring.beans.instantiate", "The 3 steps with the most CPU of their own");
    }

    @Test
    void recordsNothingAndLogsNothingByDefault(CapturedOutput output) {
        try (ConfigurableApplicationContext context = start("--logging.level.fleet.startup=INFO")) {
            assertThat(context.getApplicationStartup()).isSameAs(ApplicationStartup.DEFAULT);
        }
        assertThat(output.getOut()).doesNotContain("Startup: ready ").doesNotContain("By kind of step");
    }

    @Test
    void refusesANegativeCount() {
        assertThatThrownBy(() -> new StartupProperties(-1)).hasMessageContaining("gateway.startup.report-steps");
    }

    @Test
    void ownTimeLeavesOutTheNestedSteps() {
        StartupSteps steps = new StartupSteps();
        var outer = steps.start("outer");
        var inner = steps.start("inner").tag("beanName", "b");
        inner.end();
        outer.end();
        var ended = steps.ended();
        assertThat(ended).extracting(StartupSteps.Step::label).containsExactly("inner b", "outer");
        StartupSteps.Step o = ended.get(1);
        assertThat(o.topLevel()).isTrue();
        assertThat(o.ownWallNanos()).isEqualTo(o.wallNanos() - ended.get(0).wallNanos());
        assertThat(ended.get(0).getParentId()).isEqualTo(o.getId());
    }

    private static ConfigurableApplicationContext start(String... args) {
        SpringApplication app = new SpringApplication(Tiny.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setBannerMode(org.springframework.boot.Banner.Mode.OFF);
        return app.run(args);
    }

    @Configuration(proxyBeanMethods = false)
    static class Tiny {

        @Bean
        Object slowBean() {
            return new Object();
        }
    }
}
