package dev.fleetgateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateEvent;

class ReadIdleHandlerTests {

    final List<Object> events = new ArrayList<>();

    EmbeddedChannel channel() {
        EmbeddedChannel ch = new EmbeddedChannel(new ReadIdleHandler(100), new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                events.add(evt);
            }
        });
        ch.freezeTime();
        return ch;
    }

    void pass(EmbeddedChannel ch, long millis) {
        ch.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
    }

    @Test
    void reportsASilentModuleWhileReading() {
        EmbeddedChannel ch = channel();
        pass(ch, 60);
        assertThat(events).isEmpty();
        pass(ch, 60);
        assertThat(events).singleElement().isInstanceOf(IdleStateEvent.class);
    }

    @Test
    void doesNotCountTimePausedByBackpressure() {
        EmbeddedChannel ch = channel();
        pass(ch, 60);
        ch.config().setAutoRead(false); // the receive buffer is full
        pass(ch, 500);
        assertThat(events).isEmpty();

        ch.config().setAutoRead(true); // readers drained it: the clock starts afresh
        pass(ch, 90);
        assertThat(events).isEmpty();
        pass(ch, 20);
        assertThat(events).singleElement().isInstanceOf(IdleStateEvent.class);
    }
}
