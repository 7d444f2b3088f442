package dev.fleetgateway.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;

class SessionListenersTests {

    private final List<String> heard = new ArrayList<>();

    private final class Recorder implements SessionListener {
        private final String name;

        Recorder(String name) {
            this.name = name;
        }

        @Override
        public void onOpened(SessionEvents.Opened e) {
            heard.add(name + ":opened");
        }

        @Override
        public void onIdentified(SessionEvents.Identified e) {
            heard.add(name + ":identified " + e.moduleKey());
        }

        @Override
        public void onWritable(SessionEvents.Writable e) {
            heard.add(name + ":writable " + e.moduleKey());
        }

        @Override
        public void onClosed(SessionEvents.Closed e) {
            heard.add(name + ":closed " + e.reason());
        }
    }

    /** Only hears closes: the other events pass it by. */
    private final class ClosesOnly implements SessionListener {
        @Override
        public void onClosed(SessionEvents.Closed e) {
            heard.add("closes:closed");
        }
    }

    private SessionListeners listenersOf(Object... beans) {
        GenericApplicationContext ctx = new GenericApplicationContext();
        for (int i = 0; i < beans.length; i++) {
            Object bean = beans[i];
            registerBean(ctx, "bean" + i, bean);
        }
        ctx.refresh();
        return new SessionListeners(ctx.getBeanProvider(SessionListener.class));
    }

    @SuppressWarnings("unchecked")
    private static <T> void registerBean(GenericApplicationContext ctx, String name, T bean) {
        ctx.registerBean(name, (Class<T>) bean.getClass(), () -> bean);
    }

    @Test
    void everyListenerHearsEveryEventInRegistrationOrder() {
        SessionListeners listeners = listenersOf(new Recorder("a"), new ClosesOnly(), new Recorder("b"));

        listeners.opened(new SessionEvents.Opened(null));
        listeners.identified(new SessionEvents.Identified(null, "m1"));
        listeners.writable(new SessionEvents.Writable(null, "m1"));
        listeners.closed(new SessionEvents.Closed(null, CloseReason.CLIENT_CLOSED, null));

        assertThat(heard).containsExactly("a:opened", "b:opened", "a:identified m1", "b:identified m1",
                "a:writable m1", "b:writable m1", "a:closed CLIENT_CLOSED", "closes:closed", "b:closed CLIENT_CLOSED");
    }

    @Test
    void aFailingListenerFailsThePublisherAndTheListenersAfterItMissTheEventAsWithSpringEvents() {
        SessionListener failing = new SessionListener() {
            @Override
            public void onClosed(SessionEvents.Closed e) {
                heard.add("failing:closed");
                throw new IllegalStateException("listener bug");
            }
        };
        SessionListeners listeners = listenersOf(new Recorder("a"), failing, new Recorder("b"));

        assertThatThrownBy(() -> listeners.closed(new SessionEvents.Closed(null, CloseReason.RESET, null)))
                .isInstanceOf(IllegalStateException.class).hasMessage("listener bug");
        assertThat(heard).containsExactly("a:closed RESET", "failing:closed");

        heard.clear();
        listeners.opened(new SessionEvents.Opened(null));
        assertThat(heard).as("the next event reaches everybody again").containsExactly("a:opened", "b:opened");
    }

    @Test
    void noListenersIsFine() {
        listenersOf().closed(new SessionEvents.Closed(null, CloseReason.RESET, null));
        assertThat(heard).isEmpty();
    }
}
