package dev.fleetgateway.system.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.support.StaticApplicationContext;

/**
 * Every open stream ends before the web server's graceful shutdown (which would wait for it) and after the module
 * port drained (so streams still carry the closed events of the shutdown); a restarted context takes streams again.
 */
class StreamShutdownTests {

    /** The module port's phase ({@code session.ModuleServer}): it drains first. */
    static final int MODULE_PORT_PHASE = Integer.MAX_VALUE - 512;

    @Test
    void endsStreamsAfterTheModulePortAndBeforeTheWebServersGracefulShutdown() {
        // stop runs from the highest phase down
        assertThat(StreamShutdown.PHASE).isLessThan(MODULE_PORT_PHASE)
                .isGreaterThan(WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE);
    }

    @Test
    void stopEndsEveryHolderOfStreamsAndStartReopensThem() {
        List<String> calls = new ArrayList<>();
        try (StaticApplicationContext ctx = new StaticApplicationContext()) {
            ctx.registerBean("api", EndsBeforeShutdown.class, () -> holder("api", calls));
            ctx.registerBean("console", EndsBeforeShutdown.class, () -> holder("console", calls));
            StreamShutdown shutdown = new StreamShutdown(ctx.getBeanProvider(EndsBeforeShutdown.class));
            ctx.refresh();

            shutdown.start();
            assertThat(shutdown.isRunning()).isTrue();
            shutdown.stop();
            assertThat(shutdown.isRunning()).isFalse();

            assertThat(calls).containsExactlyInAnyOrder("api reopen", "console reopen", "api end", "console end");
            assertThat(calls.subList(0, 2)).allMatch(c -> c.endsWith("reopen"));
        }
    }

    private static EndsBeforeShutdown holder(String name, List<String> calls) {
        return new EndsBeforeShutdown() {
            @Override
            public void endStreams() {
                calls.add(name + " end");
            }

            @Override
            public void reopenStreams() {
                calls.add(name + " reopen");
            }
        };
    }
}
