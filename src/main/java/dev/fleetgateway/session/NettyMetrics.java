package dev.fleetgateway.session;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.SingleThreadEventExecutor;

/**
 * Meters of the event loops every socket runs on: tasks waiting per group (a growing figure means a loop is
 * saturated or blocked) and the number of loops. Read from the scrape thread; {@code pendingTasks()} only
 * reads queue sizes, so nothing runs on an event loop.
 */
@Component
class NettyMetrics {

    NettyMetrics(NettyTransport transport, MeterRegistry registry) {
        bind(registry, "accept", transport.boss());
        bind(registry, "io", transport.workers());
    }

    private static void bind(MeterRegistry registry, String group, EventLoopGroup loops) {
        Gauge.builder("fleet.netty.pending.tasks", loops, NettyMetrics::pendingTasks)
                .description("Tasks queued on the Netty event loops of a group, waiting to run")
                .tag("group", group).register(registry);
        Gauge.builder("fleet.netty.event.loops", loops, NettyMetrics::loops)
                .description("Netty event loops (threads) in a group")
                .tag("group", group).register(registry);
    }

    static long pendingTasks(EventLoopGroup loops) {
        long n = 0;
        for (EventExecutor e : loops) {
            if (e instanceof SingleThreadEventExecutor s) {
                n += s.pendingTasks();
            }
        }
        return n;
    }

    static int loops(EventLoopGroup loops) {
        int n = 0;
        for (EventExecutor ignored : loops) {
            n++;
        }
        return n;
    }
}
